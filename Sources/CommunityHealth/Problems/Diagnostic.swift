/// A problem in the user's input, with its place: printed compiler-style,
/// `file:line:column: error: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var location: Location
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity = .error, at location: Location, _ message: String) {
        self.location = location
        self.severity = severity
        self.message = message
    }

    public static func error(at location: Location, _ message: String) -> Diagnostic {
        Diagnostic(.error, at: location, message)
    }

    public static func warning(at location: Location, _ message: String) -> Diagnostic {
        Diagnostic(.warning, at: location, message)
    }

    /// The line as printed: no control character or escape sequence from a file's name or a
    /// quoted cell reaches the terminal (`Redactor.terminalSafe`).
    public var description: String {
        Redactor.terminalSafe("\(location): \(severity.rawValue): \(message)")
    }
}

/// Every problem found in an input, collected before giving up, so the user can fix them all at once.
public struct InputErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    /// 1 for bad input; 2 when the command line asked for something there is not.
    public var exitCode: Int32

    public init(_ diagnostics: [Diagnostic], exitCode: Int32 = 1) {
        self.diagnostics = diagnostics
        self.exitCode = exitCode
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
