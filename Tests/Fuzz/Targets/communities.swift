// Fuzz target: the bytes of a communities.csv (`community,members[,wave]`) → CommunityMembers.
// A file that loads must answer every lookup of what it lists, and its totals must add up.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommunities(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let members: CommunityMembers
    do {
        members = try SurveyFolder.members(bytes, file: "communities.csv")
    } catch {
        Fuzz.check(!error.diagnostics.isEmpty, "communities.csv refused without a diagnostic")
        _ = error.diagnostics.map(\.description)
        return 0
    }
    let waves = Set(members.entries.compactMap(\.wave)).union(["some other wave"])
    for wave in waves {
        var sum = 0
        var seen: Set<String> = []
        for entry in members.entries {
            guard let count = members.count(of: entry.community, wave: wave) else {
                if entry.wave == nil || entry.wave == wave { Fuzz.check(false, "\(entry) is listed but not found for wave \(wave)") }
                continue
            }
            Fuzz.check(count >= 0 && count <= CommunityMembers.largestCount, "head count \(count) out of range")
            if entry.wave == wave { Fuzz.check(members.count(of: entry.community, wave: wave) != nil, "lookup lost \(entry)") }
            if seen.insert(entry.community.matchKey).inserted { sum += count }
        }
        if members.entries.isEmpty {
            Fuzz.check(members.total(wave: wave) == nil, "a total without entries")
        } else if let total = members.total(wave: wave) {
            Fuzz.check(total == sum, "total \(total) for \(wave), the lookups add up to \(sum)")
        }
    }
    return 0
}
