import KafkaStorage
import Logging
import NIOCore
import NIOPosix

/// The broker side of log compaction: a timer on an event loop that hands each cleaning round to
/// the I/O thread pool, since a round reads and writes whole segments. `LogCleaner` refuses to
/// start a round while the previous one runs, so a slow round delays the next instead of piling
/// up threads. Appends and fetches go on meanwhile: a round holds a partition's lock only to note
/// its segments and to swap a cleaned one in.
enum LogCleanerTask {
    static func start(
        logManager: LogManager, config: CleanerConfig, threadPool: NIOThreadPool, eventLoop: any EventLoop, logger: Logger
    ) -> RepeatedTask {
        let cleaner = LogCleaner(logManager: logManager, config: config)
        let interval = TimeAmount.milliseconds(config.intervalMs)
        return eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { _ in
            threadPool.submit { state in
                guard state == .active else { return }
                let (cleaned, errors) = cleaner.cleanAll(now: Broker.currentTimeMillis())
                for stats in cleaned where stats.segmentsRewritten > 0 {
                    logger.debug(
                        "log cleaned",
                        metadata: [
                            "segments": "\(stats.segmentsRewritten)", "bytes_before": "\(stats.bytesBefore)",
                            "bytes_after": "\(stats.bytesAfter)", "records_removed": "\(stats.recordsRemoved)",
                        ])
                }
                for error in errors { logger.warning("log cleaning failed", metadata: ["error": "\(error)"]) }
            }
        }
    }
}
