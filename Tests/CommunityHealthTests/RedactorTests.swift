import Foundation
import Testing

@testable import CommunityHealth

/// `Redactor` on real-looking text: what it must take out, and what it must leave alone.
@Suite struct RedactorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var testDescription: String { input.debugDescription }
    }

    static let cases: [Case] = [
        // E-mail addresses, however written.
        Case(input: "mail alice@example.com now", expected: "mail [e-mail] now"),
        Case(input: "first.last+tag@mail.corp.example.org.", expected: "[e-mail]."),
        Case(input: "mallory＠corp.example", expected: "[e-mail]"),
        Case(input: "ｍａｌｌｏｒｙ＠ｃｏｒｐ．ｅｘａｍｐｌｅ", expected: "[e-mail]"),
        Case(input: "eve﹫example.net", expected: "[e-mail]"),
        Case(input: "bob at example dot com", expected: "[e-mail]"),
        Case(input: "bob AT example DOT co DOT uk, thanks", expected: "[e-mail], thanks"),
        Case(input: "bob [at] example [dot] com", expected: "[e-mail]"),
        Case(input: "bob(at)example(dot)com", expected: "[e-mail]"),
        Case(input: "bob {at} example {dot} com", expected: "[e-mail]"),
        Case(input: "write to bob at example.com", expected: "write to [e-mail]"),
        Case(input: "carol @ example.org", expected: "[e-mail]"),
        Case(input: "ping @frontend or dave@", expected: "ping [e-mail] or [e-mail]"),
        Case(input: "ali\u{1B}[0mce@exam\u{200B}ple.com", expected: "[e-mail]"),
        // Not e-mail addresses.
        Case(input: "meet at noon", expected: "meet at noon"),
        Case(input: "meet at 10.30", expected: "meet at 10.30"),
        Case(input: "good at it. Really", expected: "good at it. Really"),
        Case(input: "R&D @ Berlin", expected: "R&D @ Berlin"),
        Case(input: "@", expected: "@"),
        // IP addresses.
        Case(input: "from 192.168.10.200", expected: "from [ip]"),
        Case(input: "host 10.0.0.1:8080", expected: "host [ip]:8080"),
        Case(input: "2001:db8::8a2e:370:7334", expected: "[ip]"),
        Case(input: "2001:0db8:85a3:0000:0000:8a2e:0370:7334 end", expected: "[ip] end"),
        Case(input: "::1", expected: "[ip]"),
        Case(input: "::ffff:192.0.2.1", expected: "[ip]"),
        Case(input: "fe80::1%eth0 link", expected: "[ip] link"),
        // Not IP addresses.
        Case(input: "at 09:30:00", expected: "at 09:30:00"),
        Case(input: "version 1.2.3.4.5", expected: "version 1.2.3.4.5"),
        Case(input: "00:1a:2b", expected: "00:1a:2b"),
        Case(input: "cafe babe", expected: "cafe babe"),
        // Phone numbers.
        Case(input: "call +44 20 7946 0958", expected: "call [phone]"),
        Case(input: "(555) 123-4567", expected: "[phone]"),
        Case(input: "555.123.4567!", expected: "[phone]!"),
        Case(input: "030/1234567", expected: "[phone]"),
        Case(input: "0612345678", expected: "[phone]"),
        Case(input: "tel:+15551234567", expected: "tel:[phone]"),
        Case(input: "card 4111 1111 1111 1111", expected: "card [phone]"),
        Case(input: "５５５１２３４５６７", expected: "[phone]"),
        // Not phone numbers.
        Case(input: "2026-03-15", expected: "2026-03-15"),
        Case(input: "2026-03-15 09:30", expected: "2026-03-15 09:30"),
        Case(input: "15.03.2026", expected: "15.03.2026"),
        Case(input: "3/15/2026 9:30", expected: "3/15/2026 9:30"),
        Case(input: "20260315", expected: "20260315"),
        Case(input: "the 2025-2026 year", expected: "the 2025-2026 year"),
        Case(input: "0800-1234", expected: "[phone]"),
        Case(input: "123456", expected: "123456"),
        Case(input: "Call me on 0123", expected: "Call me on 0123"),
        Case(input: "R_1234567abc", expected: "R_1234567abc"),
        Case(input: "2026-H1", expected: "2026-H1"),
        // Control characters and terminal escape sequences: one � per run.
        Case(input: "red\u{1B}[31mtext\u{1B}[0m", expected: "red\u{FFFD}text\u{FFFD}"),
        Case(input: "\u{1B}]8;;http://evil.example\u{07}link\u{1B}]8;;\u{07}", expected: "\u{FFFD}link\u{FFFD}"),
        Case(input: "title\u{1B}]0;pwned\u{1B}\\", expected: "title\u{FFFD}"),
        Case(input: "lone\u{1B}", expected: "lone\u{FFFD}"),
        Case(input: "reset\u{1B}cnow", expected: "reset\u{FFFD}now"),
        Case(input: "c1\u{9B}2Jcsi", expected: "c1\u{FFFD}csi"),
        Case(input: "bell\u{07}tab\tline\nnul\u{00}del\u{7F}", expected: "bell\u{FFFD}tab\u{FFFD}line\u{FFFD}nul\u{FFFD}del\u{FFFD}"),
        Case(input: "abc\u{202E}fdp.exe", expected: "abc\u{FFFD}fdp.exe"),
        Case(input: "\u{2066}isolate\u{2069}", expected: "\u{FFFD}isolate\u{FFFD}"),
        Case(input: "\u{1B}[1mbob@example.com\u{1B}[0m", expected: "\u{FFFD}[e-mail]\u{FFFD}"),
        // Left alone.
        Case(input: "Strongly agree", expected: "Strongly agree"),
        Case(input: "Zoë's Café — naïve résumé", expected: "Zoë's Café — naïve résumé"),
        Case(input: "👩‍💻 Data Engineering", expected: "👩‍💻 Data Engineering"),
        Case(input: "", expected: ""),
    ]

    @Test(arguments: cases) func redacts(_ example: Case) {
        #expect(Redactor.redact(example.input) == example.expected)
    }

    @Test func quotesCutAfterRedacting() {
        #expect(Redactor.quote("alice@example.com") == "'[e-mail]'")
        #expect(Redactor.quote(String(repeating: "x", count: 50)) == "'\(String(repeating: "x", count: 40))…'")
        #expect(Redactor.quote("phone 555-123-4567", limit: 8) == "'phone [p…'")
    }

    @Test func namesItFindsAnythingIn() {
        #expect(Redactor.personalData(in: "alice@example.com") == .emailAddress)
        #expect(Redactor.personalData(in: "bob at example dot com") == .emailAddress)
        #expect(Redactor.personalData(in: "10.1.2.3") == .ipAddress)
        #expect(Redactor.personalData(in: "2001:db8::1") == .ipAddress)
        #expect(Redactor.personalData(in: "+1 555 123 4567") == .phoneNumber)
        #expect(Redactor.personalData(in: "Team\u{1B}[2J") == .controlCharacter)
        // Fine as names: a handle is not an address, and dates and waves are not numbers.
        for name in ["@frontend", "Data Engineering", "R&D @ Berlin", "2026-H1", "2026-03-15", "20260315", "2025-2026", "Team 42", "Zoë"] {
            #expect(Redactor.personalData(in: name) == nil, "\(name)")
        }
    }

    @Test func terminalSafeOnlyTakesControls() {
        #expect(Redactor.terminalSafe("a@b.example 555-123-4567") == "a@b.example 555-123-4567")
        #expect(Redactor.terminalSafe("x\u{1B}[2Jy\r\nz") == "x\u{FFFD}y\u{FFFD}z")
    }

    struct Hostile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    /// Hostile inputs of a megabyte each take linear time (no backtracking): each takes about a
    /// second in a debug build, a quadratic one would take hours.
    @Test(arguments: [
        Hostile(name: "a million letters, then @", text: String(repeating: "a", count: 1 << 20) + "@"),
        Hostile(name: "a@a@a@…", text: String(repeating: "a@", count: 1 << 19)),
        Hostile(name: "a at a at …", text: String(repeating: "a at ", count: 1 << 18)),
        Hostile(name: "b at c dot 1 …", text: String(repeating: "b at c dot 1 ", count: 1 << 16)),
        Hostile(name: "x dot x dot …", text: String(repeating: "x dot ", count: 1 << 18)),
        Hostile(name: "a million spaces, then at x.y", text: String(repeating: " ", count: 1 << 20) + "at x.y"),
        Hostile(name: "1 1 1 …", text: String(repeating: "1 ", count: 1 << 19)),
        Hostile(name: "12 12 12 …", text: String(repeating: "12 ", count: 1 << 18)),
        Hostile(name: "1:1:1:…", text: String(repeating: "1:", count: 1 << 19)),
        Hostile(name: "1.1.1.…", text: String(repeating: "1.", count: 1 << 19)),
        Hostile(name: "dates", text: String(repeating: "2026-03-15 ", count: 1 << 16)),
        Hostile(name: "ESC[ESC[…", text: String(repeating: "\u{1B}[", count: 1 << 19)),
    ])
    func linearOnAMegabyte(_ input: Hostile) {
        let start = Date()
        _ = Redactor.redact(input.text)
        #expect(Date().timeIntervalSince(start) < 10)
    }
}
