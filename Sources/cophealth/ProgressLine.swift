import CommunityHealth
import Foundation

/// Progress of long reads on standard error, redrawn in place: bytes of total, rows per second,
/// time left. Only on a terminal, and only once the work has taken a second.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let start = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now
    private var bytes = 0
    private var rows = 0
    private var drawn = false

    func add(bytes more: Int, rows moreRows: Int, total: Int) {
        lock.withLock {
            bytes += more
            rows += moreRows
            let now = ContinuousClock.now
            let elapsed = seconds(now - start)
            guard elapsed >= 1, seconds(now - lastDrawn) >= 0.1 || bytes >= total else { return }
            lastDrawn = now
            let fraction = total > 0 ? min(1, Double(bytes) / Double(total)) : 0
            let left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            let text = String(
                format: "reading %3.0f%%  %.1f of %.1f MB  %.0f rows/s  %.0f s left", fraction * 100, Double(bytes) / 1e6,
                Double(total) / 1e6, Double(rows) / elapsed, left.rounded(.up))
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            drawn = true
        }
    }

    /// Clears the line, if anything was drawn.
    func finish() {
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
