/// Where each worker's chunk starts and ends: nominal equal shares, each moved forward to just
/// after the first line break outside quotes (quote parity counted from the data's start).
struct ChunkPlan {
    var ranges: [Range<Int>]

    init(file: ChunkFile, start: Int, workers: Int) {
        let size = file.size
        guard workers > 1, size > start else {
            ranges = [start..<max(start, size)]
            return
        }
        let share = (size - start) / workers
        let nominal = (0...workers).map { $0 == workers ? size : start + $0 * share }
        // Quotes in each share, counted in parallel.
        let counts = concurrentMap(workers) { file.countQuotes(in: nominal[$0]..<nominal[$0 + 1]) }
        var boundaries = [start]
        var quotesBefore = 0
        for index in 1..<workers {
            quotesBefore += counts[index - 1]
            let boundary = file.lineBreakOutsideQuotes(from: nominal[index], insideQuotes: quotesBefore % 2 == 1)
            boundaries.append(max(boundaries[boundaries.count - 1], boundary))
        }
        boundaries.append(size)
        ranges = zip(boundaries, boundaries.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
        if ranges.isEmpty { ranges = [start..<size] }
    }
}
