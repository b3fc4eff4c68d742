import Dispatch
import Foundation

/// `body(0) … body(count − 1)`, run side by side on every core, in index order.
func concurrentMap<Value: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
    let slots = Slots<Value>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { slots.set($0, body($0)) }
    return slots.values
}

/// Where the threads of `concurrentMap` leave their results.
private final class Slots<Value>: @unchecked Sendable {
    private var stored: [Value?]
    private let lock = NSLock()

    init(count: Int) {
        stored = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) { lock.withLock { stored[index] = value } }
    var values: [Value] { lock.withLock { stored.map { $0! } } }
}
