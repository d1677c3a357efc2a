import KafkaModel
import KafkaRecords
import KafkaStorage
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import KafkaBroker

#if canImport(Glibc)
import Glibc
#endif

/// The broker's background storage work: per-topic interval flushes and the retention pass.
@Suite struct StorageTasksTests {
    private static func dataDirectory() -> String {
        var template = Array("/tmp/fjord-broker-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    private static func batch(timestamp: Int64) throws -> RecordBatch {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: timestamp, key: nil, value: ByteBuffer(string: "v"))
        return try builder.build()
    }

    @Test func intervalFlushHonoursEachTopicsFlushMs() throws {
        let manager = try LogManager(dataDirectory: .init(Self.dataDirectory()))
        defer { try? manager.close() }
        _ = try manager.createTopic(name: "slow", partitions: 1, configs: [:], validateOnly: false)
        _ = try manager.createTopic(name: "fast", partitions: 1, configs: ["flush.ms": "50"], validateOnly: false)
        _ = try manager.createTopic(name: "off", partitions: 1, configs: ["flush.ms": "9223372036854775807"], validateOnly: false)
        let logs = ["slow", "fast", "off"].map { manager.partitionLog(TopicPartition(topic: $0, partition: 0))! }
        let flush = IntervalFlush(logManager: manager, threadPool: .singleton, defaultIntervalMs: 1_000, logger: Logger(label: "test"))
        #expect(flush.intervalMs(for: logs[0]) == 1_000 && flush.intervalMs(for: logs[1]) == 50)
        flush.flushDue(nowMs: 0)  // first sight: the clocks start
        for log in logs { _ = try log.append(try Self.batch(timestamp: 1), now: 0) }
        flush.flushDue(nowMs: 60)
        #expect(logs.map(\.flushedOffset) == [0, 1, 0])
        flush.flushDue(nowMs: 1_000)
        #expect(logs.map(\.flushedOffset) == [1, 1, 0])
    }

    @Test func retentionPassDeletesExpiredSegmentsOfEveryTopic() throws {
        let manager = try LogManager(dataDirectory: .init(Self.dataDirectory()))
        defer { try? manager.close() }
        _ = try manager.createTopic(name: "short", partitions: 2, configs: ["retention.ms": "1000"], validateOnly: false)
        _ = try manager.createTopic(name: "long", partitions: 1, configs: ["retention.ms": "1209600000"], validateOnly: false)
        for name in ["short", "long"] {
            let log = manager.partitionLog(TopicPartition(topic: name, partition: 0))!
            _ = try log.append(try Self.batch(timestamp: 1_000), now: 0)
        }
        let task = RetentionTask(logManager: manager, threadPool: .singleton, logger: Logger(label: "test"))
        // Past segment.ms (7 days) the quiet active segments roll; "short" is also past retention.
        let now: Int64 = 1_000 + 604_800_001
        #expect(task.runOnce(now: now) == 1)
        #expect(manager.partitionLog(TopicPartition(topic: "short", partition: 0))?.logStartOffset == 1)
        #expect(manager.partitionLog(TopicPartition(topic: "long", partition: 0))?.logStartOffset == 0)
    }

    /// Segments that leave the log wait out `file.delete.delay.ms` as `*.deleted` files; the
    /// periodic check removes them once due, without waiting for the next retention pass.
    @Test func deletedFilesAreRemovedOnceTheirDelayHasPassed() async throws {
        let manager = try LogManager(dataDirectory: .init(Self.dataDirectory()))
        defer { try? manager.close() }
        _ = try manager.createTopic(
            name: "brief", partitions: 1, configs: ["segment.bytes": "100", "file.delete.delay.ms": "300"], validateOnly: false)
        let log = try #require(manager.partitionLog(TopicPartition(topic: "brief", partition: 0)))
        for _ in 0..<4 { _ = try log.append(try Self.batch(timestamp: 1), now: 0) }
        let task = RetentionTask(logManager: manager, threadPool: .singleton, logger: Logger(label: "test"))
        let repeated = task.scheduleDeletedFileRemoval(on: MultiThreadedEventLoopGroup.singleton.next(), intervalMs: 10)
        defer { repeated.cancel() }
        let now = Broker.currentTimeMillis()
        try log.deleteRecords(before: 3, now: now)
        let files = log.pendingDeletedFiles
        #expect(!files.isEmpty && files.allSatisfy { access($0, F_OK) == 0 })
        #expect(!manager.deletedFilesDue(now: now) && manager.deletedFilesDue(now: now + 300))
        // Removal happens in the background: wait for it, boundedly.
        for _ in 0..<500 where files.contains(where: { access($0, F_OK) == 0 }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(files.allSatisfy { access($0, F_OK) != 0 })
        #expect(log.pendingDeletedFiles.isEmpty)
    }

    /// flush.messages under `--flush interval`: an append that leaves that many records unsynced
    /// starts a sync, without the acknowledgement waiting for it.
    @Test func flushMessagesTriggersASyncUnderIntervalPolicy() async throws {
        let manager = try LogManager(dataDirectory: .init(Self.dataDirectory()))
        defer { try? manager.close() }
        _ = try manager.createTopic(name: "counted", partitions: 1, configs: ["flush.messages": "3"], validateOnly: false)
        let tp = TopicPartition(topic: "counted", partition: 0)
        let log = try #require(manager.partitionLog(tp))
        let driver = PartitionDriver(
            topicPartition: tp, log: log, threadPool: .singleton, flushPolicy: .interval, fetchWaiters: FetchWaiters())
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        for _ in 0..<2 { _ = try await driver.append(try Self.batch(timestamp: 1), now: 0, needsAck: true, eventLoop: loop).get() }
        #expect(log.flushedOffset == 0)
        _ = try await driver.append(try Self.batch(timestamp: 1), now: 0, needsAck: true, eventLoop: loop).get()
        // The sync runs in the background: wait for it, boundedly.
        for _ in 0..<200 where log.flushedOffset < 3 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(log.flushedOffset == 3)
    }
}
