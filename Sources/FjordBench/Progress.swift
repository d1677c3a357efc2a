#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Counts work done by many tasks without a lock on the hot path.
public final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public func add(_ n: Int) { value.add(n, ordering: .relaxed) }
    public var current: Int { value.load(ordering: .relaxed) }
}

/// Progress on standard error: a redrawn bar when it is a terminal, otherwise a plain line every
/// ten percent, so logs of CI or `make bench-e2e` stay short and greppable.
public struct ProgressReporter: Sendable {
    public let label: String
    public let total: Int
    public let counter: Counter
    let interactive: Bool

    public init(label: String, total: Int, counter: Counter, interactive: Bool? = nil) {
        self.label = label
        self.total = total
        self.counter = counter
        self.interactive = interactive ?? (isatty(2) != 0)
    }

    /// Polls the counter until cancelled; runs as a child task beside the workload.
    public func run() async {
        var nextDecile = 1
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(interactive ? 200 : 250))
            let done = counter.current
            if interactive {
                write("\r" + Self.bar(label: label, done: done, total: total))
            } else if total > 0, done * 10 >= nextDecile * total, nextDecile < 10 {
                write("\(label): \(done)/\(total) (\(done * 100 / total)%)\n")
                nextDecile = done * 10 / total + 1
            }
        }
        if interactive { write("\r" + Self.bar(label: label, done: counter.current, total: total) + "\n") }
    }

    static func bar(label: String, done: Int, total: Int) -> String {
        let width = 30
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int((fraction * Double(width)).rounded(.down))
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(done)/\(total)"
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// Nanoseconds on the monotonic clock, for latency within one process.
@inline(__always)
func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Nanoseconds on the wall clock, written into record values so that a consumer (possibly another
/// process on the same machine) can compute produce-to-consume latency.
@inline(__always)
func wallNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
