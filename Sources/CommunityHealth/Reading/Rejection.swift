/// A response row that was read but not used, with where it is and why.
public struct Rejection: Error, Sendable, Hashable {
    public var location: Location
    public var reason: String

    public init(at location: Location, _ reason: String) {
        self.location = location
        self.reason = reason
    }
}

/// Why a row cannot be used: rejected on its own (listed in rejected.csv, the run goes on), or
/// refused with the whole run (a name that holds personal data).
public enum RowProblem: Error, Sendable, Hashable {
    case rejected(Rejection)
    case refused(NameRefusal)
}
