/// Head counts of communities, from `communities.csv` (`community,members[,wave]`): a row with a
/// wave counts for that wave only, a row without for every wave it does not override.
public struct CommunityMembers: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var community: String
        public var members: Int
        public var wave: String?

        public init(community: String, members: Int, wave: String? = nil) {
            self.community = community
            self.members = members
            self.wave = wave
        }
    }

    public var entries: [Entry] { didSet { index = Self.index(entries) } }
    /// Entries by community (match key), in file order: lookups stay linear in the file.
    private var index: [String: [Entry]]

    /// The largest head count a row may give: far beyond any community, and small enough that
    /// no sum of them overflows.
    public static let largestCount = 100_000_000

    public init(_ entries: [Entry] = []) {
        self.entries = entries
        index = Self.index(entries)
    }

    private static func index(_ entries: [Entry]) -> [String: [Entry]] {
        Dictionary(grouping: entries) { $0.community.matchKey }
    }

    public func count(of community: String, wave: String) -> Int? {
        count(key: community.matchKey, wave: wave)
    }

    private func count(key: String, wave: String) -> Int? {
        guard let matching = index[key] else { return nil }
        return (matching.first { $0.wave == wave } ?? matching.first { $0.wave == nil })?.members
    }

    /// The head count of everyone listed, when any community is.
    public func total(wave: String) -> Int? {
        guard !index.isEmpty else { return nil }
        return index.keys.reduce(0) { total, key in total + (count(key: key, wave: wave) ?? 0) }
    }

    public static func == (a: CommunityMembers, b: CommunityMembers) -> Bool { a.entries == b.entries }
}
