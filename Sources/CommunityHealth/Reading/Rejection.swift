/// A response row that was read but not used, with where it is and why.
public struct Rejection: Error, Sendable, Hashable {
    public var location: Location
    public var reason: String

    public init(at location: Location, _ reason: String) {
        self.location = location
        self.reason = reason
    }
}
