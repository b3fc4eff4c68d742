/// The file names of the community pages (`communities/<slug>.html`, `.txt`), numbered over every
/// community of the survey so that a community keeps its file name from run to run.
///
/// A slug is the name in lower-case ASCII letters and digits, every other run of characters as
/// one `-`, without a leading or trailing `-` (`Quality & Testing` → `quality-testing`); a name
/// with no ASCII letter or digit becomes `community`. Names whose slugs clash get `-2`, `-3`, …
/// in the byte order of the names (skipping any slug another name already has).
public struct CommunitySlugs: Sendable {
    private var slugs: [String: String] = [:]

    public init(names: some Sequence<String>) {
        var taken: Set<String> = []
        let sorted = Set(names).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        // Names whose plain slug is free keep it, whatever their order, so a clash never renames them.
        let bases = sorted.map { (name: $0, base: Self.base(of: $0)) }
        var firstOfBase: [String: String] = [:]
        for entry in bases where firstOfBase[entry.base] == nil { firstOfBase[entry.base] = entry.name }
        for (base, name) in firstOfBase {
            slugs[name] = base
            taken.insert(base)
        }
        for entry in bases where slugs[entry.name] == nil {
            var number = 2
            while taken.contains("\(entry.base)-\(number)") { number += 1 }
            let slug = "\(entry.base)-\(number)"
            slugs[entry.name] = slug
            taken.insert(slug)
        }
    }

    /// The slug of a community named when the slugs were made.
    public func slug(_ name: String) -> String? { slugs[name] }

    /// The slug a name has on its own, before clashes are numbered.
    public static func base(of name: String) -> String {
        var slug = ""
        var pendingDash = false
        for byte in name.utf8 {
            let lower = byte >= 65 && byte <= 90 ? byte + 32 : byte
            if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) {
                if pendingDash && !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(Unicode.Scalar(lower))
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "community" : slug
    }
}
