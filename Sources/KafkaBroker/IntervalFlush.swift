import KafkaModel
import KafkaStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// `--flush interval`: Kafka's time-based flush policy, per topic.
///
/// A partition is fsynced once its oldest unsynced write is `flush.ms` old (the topic's override, or
/// `--flush-interval-ms` when the topic sets none). `flush.messages`, the count-based half, is
/// checked on the produce path by `PartitionDriver`, which knows when records arrive. The timer ticks
/// on an event loop at a fraction of the shortest interval and every fsync runs on the I/O pool.
final class IntervalFlush: Sendable {
    private let logManager: LogManager
    private let threadPool: NIOThreadPool
    private let defaultIntervalMs: Int64
    private let logger: Logger
    private let state = NIOLockedValueBox(State())

    private struct State {
        var running = false
        /// When each log was last flushed (or first seen), by identity, so a recreated topic starts afresh.
        var lastFlush: [ObjectIdentifier: Int64] = [:]
    }

    init(logManager: LogManager, threadPool: NIOThreadPool, defaultIntervalMs: Int64, logger: Logger) {
        self.logManager = logManager
        self.threadPool = threadPool
        self.defaultIntervalMs = defaultIntervalMs
        self.logger = logger
    }

    /// Ticks every 100 ms at most, so a topic's shorter `flush.ms` is honoured within that much.
    func schedule(on eventLoop: any EventLoop) -> RepeatedTask {
        let tick = TimeAmount.milliseconds(max(1, min(defaultIntervalMs, 100)))
        return eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            let start = self.state.withLockedValue { state -> Bool in
                if state.running { return false }
                state.running = true
                return true
            }
            guard start else { return }
            self.threadPool.submit { _ in
                defer { self.state.withLockedValue { $0.running = false } }
                self.flushDue(nowMs: Self.monotonicMillis())
            }
        }
    }

    /// The interval that applies to `log`: the topic's `flush.ms` if it sets one.
    func intervalMs(for log: PartitionLog) -> Int64 {
        let config = log.currentConfig
        return config.overrides["flush.ms"] != nil ? config.flushMs : defaultIntervalMs
    }

    /// Flushes every partition whose interval has passed since its last flush; blocking.
    func flushDue(nowMs: Int64) {
        let logs = logManager.allPartitionLogs
        let due = state.withLockedValue { state -> [PartitionLog] in
            var live: [ObjectIdentifier: Int64] = [:]
            var due: [PartitionLog] = []
            for log in logs {
                let id = ObjectIdentifier(log)
                let last = state.lastFlush[id] ?? nowMs
                live[id] = last
                let interval = intervalMs(for: log)
                if interval != .max, nowMs - last >= interval {
                    due.append(log)
                    live[id] = nowMs
                }
            }
            state.lastFlush = live
            return due
        }
        for log in due where log.flushedOffset < log.logEndOffset {
            do { try log.flush() } catch { logger.error("interval flush failed", metadata: ["partition": "\(log.topicPartition)", "error": "\(error)"]) }
        }
    }

    /// Monotonic milliseconds: a wall-clock jump must neither stall nor burst the flushes.
    static func monotonicMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
