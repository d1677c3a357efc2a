import KafkaModel
import KafkaRecords
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

/// Kafka refuses keyless records on compacted topics (INVALID_RECORD): compaction keeps one
/// record per key, so a record without one could never be kept or replaced meaningfully.
enum CompactedTopicRule {
    /// Why `batch` may not go to a topic with `config`, or nil if it may. Control batches carry
    /// their own keys; a batch that cannot be decoded is left to the log's own validation.
    static func violation(_ batch: RecordBatch, config: LogConfig?) -> String? {
        guard let config, config.compacts, !batch.attributes.isControl,
            var records = try? batch.makeRecordIterator()
        else { return nil }
        do {
            while let record = try records.next() {
                if record.key == nil { return "compacted topic cannot accept a record without a key" }
            }
        } catch {
            return nil
        }
        return nil
    }
}
