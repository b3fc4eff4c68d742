/// What `Redactor` finds in text quoted from a user's input, and the marker it leaves in its place.
public enum PersonalData: Sendable, Hashable, CaseIterable {
    case emailAddress
    case ipAddress
    case phoneNumber
    /// A control character (C0, DEL, C1), a terminal escape sequence, or an invisible
    /// direction or width control that can disguise what a terminal or page shows.
    case controlCharacter

    /// What stands in the redacted text where this was.
    public var marker: String {
        switch self {
        case .emailAddress: "[e-mail]"
        case .ipAddress: "[ip]"
        case .phoneNumber: "[phone]"
        case .controlCharacter: "\u{FFFD}"
        }
    }

    /// "an e-mail address", for messages.
    public var singular: String {
        switch self {
        case .emailAddress: "an e-mail address"
        case .ipAddress: "an IP address"
        case .phoneNumber: "a phone number"
        case .controlCharacter: "a control character or terminal escape sequence"
        }
    }

    /// "e-mail addresses", for messages.
    public var plural: String {
        switch self {
        case .emailAddress: "e-mail addresses"
        case .ipAddress: "IP addresses"
        case .phoneNumber: "phone numbers"
        case .controlCharacter: "control characters or terminal escape sequences"
        }
    }
}

/// A stretch of scalars that holds personal data.
struct PersonalDataSpan: Sendable, Equatable {
    var range: Range<Int>
    var kind: PersonalData
    /// False for a fragment redacted to be safe that is not the whole thing (an at-sign with a
    /// word on one side only, such as `@frontend`): redacted in quotes, allowed in names.
    var complete = true
}

/// The character classes the finders share. Digits and letters of any script count, so
/// full-width `５５５` is a digit run as `555` is.
enum ScalarClass {
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("0"..."9").contains(scalar) : scalar.properties.numericType == .decimal
    }

    static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard isDigit(scalar), let value = scalar.properties.numericValue else { return nil }
        return Int(value)
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)) : scalar.properties.isAlphabetic
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || isDigit(scalar)
    }

    static func isASCIIHex(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) || ("A"..."F").contains(scalar)
    }

    /// `.` and its full-width and ideographic forms.
    static func isDot(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "\u{FF0E}" || scalar == "\u{3002}" || scalar == "\u{FF61}"
    }

    /// `@`, full-width `＠` (U+FF20) and small `﹫` (U+FE6B).
    static func isAtSign(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "@" || scalar == "\u{FF20}" || scalar == "\u{FE6B}"
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\u{00A0}" || scalar == "\u{3000}"
    }
}
