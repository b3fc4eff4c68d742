import Foundation

/// A value built on first use and kept, safe to share between threads: the lookup tables of a
/// `Report`. A `Report` holds a fresh one whenever the table it indexes changes, so copies of a
/// report never see an index of another copy's rows.
final class Lookup<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    func value(_ build: () -> Value) -> Value {
        lock.withLock {
            if let stored { return stored }
            let built = build()
            stored = built
            return built
        }
    }
}
