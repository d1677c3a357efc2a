import KafkaModel
import KafkaStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Kafka's log retention thread: every `log.retention.check.interval.ms` each partition deletes the
/// segments its `retention.ms`, `retention.bytes` and `segment.ms` settings retire.
///
/// The timer fires on an event loop but the pass runs on the I/O pool, since deleting files and
/// syncing directories block. A pass still running when the timer fires again is not doubled up:
/// on a slow disk overlapping passes would only contend for the same partition locks.
final class RetentionTask: Sendable {
    private let logManager: LogManager
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let running = NIOLockedValueBox(false)
    private let removing = NIOLockedValueBox(false)

    init(logManager: LogManager, threadPool: NIOThreadPool, logger: Logger) {
        self.logManager = logManager
        self.threadPool = threadPool
        self.logger = logger
    }

    func schedule(on eventLoop: any EventLoop, intervalMs: Int64) -> RepeatedTask {
        let interval = TimeAmount.milliseconds(intervalMs)
        return eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            self.submitUnlessRunning(self.running) { self.runOnce(now: Broker.currentTimeMillis()) }
        }
    }

    /// Kafka removes a `*.deleted` file `file.delete.delay.ms` after the rename; the retention pass
    /// alone (every 5 minutes by default) would keep it up to that much longer. This checks every
    /// `intervalMs` (no I/O on the loop) and sends a removal pass to the pool when a file is due.
    func scheduleDeletedFileRemoval(on eventLoop: any EventLoop, intervalMs: Int64 = 1_000) -> RepeatedTask {
        let interval = TimeAmount.milliseconds(intervalMs)
        return eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            let now = Broker.currentTimeMillis()
            guard self.logManager.deletedFilesDue(now: now) else { return }
            self.submitUnlessRunning(self.removing) { self.logManager.removeDeletedFiles(now: now) }
        }
    }

    /// Runs `pass` on the I/O pool unless the previous one `flag` guards is still running.
    private func submitUnlessRunning(_ flag: NIOLockedValueBox<Bool>, _ pass: @escaping @Sendable () -> Void) {
        let start = flag.withLockedValue { running -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard start else { return }
        threadPool.submit { _ in
            defer { flag.withLockedValue { $0 = false } }
            pass()
        }
    }

    /// One pass over every partition, blocking; returns the number of segments deleted. A failing
    /// partition is logged and skipped so one bad disk region does not stop retention elsewhere.
    @discardableResult
    func runOnce(now: Int64) -> Int {
        var deleted = 0
        for log in logManager.allPartitionLogs {
            do {
                let count = try log.deleteOldSegments(now: now)
                if count > 0 {
                    deleted += count
                    logger.info(
                        "retention deleted segments",
                        metadata: ["partition": "\(log.topicPartition)", "segments": "\(count)", "log_start_offset": "\(log.logStartOffset)"])
                }
            } catch {
                logger.warning("retention failed", metadata: ["partition": "\(log.topicPartition)", "error": "\(error)"])
            }
        }
        logManager.removeDeletedFiles(now: now)
        return deleted
    }
}
