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

    public var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    public func count(of community: String, wave: String) -> Int? {
        let key = community.matchKey
        let matching = entries.filter { $0.community.matchKey == key }
        return (matching.first { $0.wave == wave } ?? matching.first { $0.wave == nil })?.members
    }

    /// The head count of everyone listed, when any community is.
    public func total(wave: String) -> Int? {
        let names = Set(entries.map { $0.community.matchKey })
        guard !names.isEmpty else { return nil }
        return names.reduce(0) { total, name in total + (count(of: name, wave: wave) ?? 0) }
    }
}
