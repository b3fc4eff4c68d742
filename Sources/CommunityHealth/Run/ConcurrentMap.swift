import Dispatch
import Synchronization

/// `body(0) … body(count − 1)`, run side by side on every core, in index order.
func concurrentMap<Value: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
    let slots = Mutex([Value?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        let value = body(index)
        slots.withLock { $0[index] = value }
    }
    return slots.withLock { $0.map { $0! } }
}
