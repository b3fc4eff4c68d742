/// An array's values copied to memory of their own at a fixed address, for the hot loops
/// (`TallyKernel`, `RowPlan`): read through a plain pointer, with no reference counting or
/// bounds checks. The owner deallocates it.
func fixedCopy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
    let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
    pointer.initialize(from: values, count: values.count)
    return pointer
}
