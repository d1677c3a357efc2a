import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Error-level logging of failures that can repeat for as long as their cause lasts (a full disk
/// fails every append, a descriptor limit every accept): the first occurrence of a kind is logged
/// at once, later ones at most once per `interval`, each line saying how many were held back. A
/// failure is always logged, never silently retried, and never floods the log.
final class FailureLog: Sendable {
    private struct Entry {
        var lastLogged: NIODeadline
        var suppressed: Int
    }

    private let logger: Logger
    private let interval: TimeAmount
    private let now: @Sendable () -> NIODeadline
    private let entries = NIOLockedValueBox([String: Entry]())
    /// Distinct kinds remembered; beyond this the oldest are forgotten (and may log again).
    static let maxKinds = 1024

    init(logger: Logger, interval: TimeAmount = .seconds(10), now: @escaping @Sendable () -> NIODeadline = { .now() }) {
        self.logger = logger
        self.interval = interval
        self.now = now
    }

    /// Logs `message` at error level unless a failure of the same `kind` was logged less than
    /// `interval` ago. `kind` groups what is one fault, e.g. the message and the partition.
    func error(_ message: String, kind: String, metadata: Logger.Metadata = [:]) {
        let time = now()
        let held = entries.withLockedValue { entries -> Int? in
            if var entry = entries[kind] {
                guard time - entry.lastLogged >= interval else {
                    entry.suppressed += 1
                    entries[kind] = entry
                    return nil
                }
                entries[kind] = Entry(lastLogged: time, suppressed: 0)
                return entry.suppressed
            }
            if entries.count >= Self.maxKinds, let oldest = entries.min(by: { $0.value.lastLogged < $1.value.lastLogged })?.key {
                entries[oldest] = nil
            }
            entries[kind] = Entry(lastLogged: time, suppressed: 0)
            return 0
        }
        guard let held else { return }
        var metadata = metadata
        if held > 0 { metadata["suppressed_since_last"] = "\(held)" }
        logger.error("\(message)", metadata: metadata)
    }
}
