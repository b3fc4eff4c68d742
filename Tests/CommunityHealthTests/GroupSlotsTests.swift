import Testing

@testable import CommunityHealth

@Suite struct GroupSlotsTests {
    /// Slots agree with a dictionary over many groups (the table grows several times), each made once.
    @Test func slotsAreMadeOnceAndFoundAgain() {
        var slots = GroupSlots()
        var expected: [Int: Int] = [:]
        var random = SplitMix64(seed: 5)
        var made = 0
        for _ in 0..<20_000 {
            let wave = Int(random.next() % 1_000)
            let community = Int(random.next() % 100_000)
            let key = wave * 1_000_000 + community
            let slot = slots.slot(wave: wave, community: community) {
                made += 1
                return made
            }
            if let known = expected[key] { #expect(slot == known) } else { expected[key] = slot }
        }
        #expect(made == expected.count)
        #expect(slots.slot(wave: 0, community: Int(UInt32.max)) { -7 } == -7)
        #expect(slots.slot(wave: 0, community: Int(UInt32.max)) { 0 } == -7)
    }
}
