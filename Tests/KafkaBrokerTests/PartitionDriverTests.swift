import KafkaModel
import KafkaRecords
import KafkaStorage
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import KafkaBroker

#if canImport(Glibc)
import Glibc
#endif

/// The partition driver between the event loops and storage: order of appends and group commit.
@Suite struct PartitionDriverTests {
    private static func openLog(_ name: String) throws -> (LogManager, PartitionLog, TopicPartition) {
        var template = Array("/tmp/fjord-driver-XXXXXX".utf8CString)
        let directory = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        let manager = try LogManager(dataDirectory: .init(directory))
        _ = try manager.createTopic(name: name, partitions: 1, configs: [:], validateOnly: false)
        let tp = TopicPartition(topic: name, partition: 0)
        return (manager, try #require(manager.partitionLog(tp)), tp)
    }

    private static func batch(_ value: Int) throws -> RecordBatch {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: 1, key: nil, value: ByteBuffer(string: String(value)))
        return try builder.build()
    }

    /// Every value in the log, in offset order.
    private static func values(of log: PartitionLog) throws -> [Int] {
        let bytes = try log.readBytes(from: 0, maxBytes: .max)
        var values: [Int] = []
        for batch in RecordBatch.split(bytes).batches {
            var records = try batch.makeRecordIterator()
            while let record = try records.next() {
                values.append(Int(String(buffer: record.value!))!)
            }
        }
        return values
    }

    /// Batches handed over one after another (as pipelined produce requests on one connection are)
    /// land in that order, even with several pool threads free to run them at once.
    @Test(arguments: [BrokerConfig.FlushPolicy.always, .never])
    func appendsLandInTheOrderHandedOver(policy: BrokerConfig.FlushPolicy) async throws {
        let (manager, log, tp) = try Self.openLog("ordered")
        defer { try? manager.close() }
        let pool = NIOThreadPool(numberOfThreads: 4)
        pool.start()
        let driver = PartitionDriver(topicPartition: tp, log: log, threadPool: pool, flushPolicy: policy, fetchWaiters: FetchWaiters())
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let count = 2_000
        let batches = try (0..<count).map(Self.batch)
        let results = try await loop.submit {
            batches.map { driver.append($0, now: 0, needsAck: true, eventLoop: loop) }
        }.get()
        var baseOffsets: [Int64] = []
        for future in results { baseOffsets.append(try await future.get().baseOffset) }
        // The first misplaced entry, not the whole arrays: 2,000 numbers hide the difference.
        let misplacedAnswer = baseOffsets.enumerated().first { Int64($0.offset) != $0.element }
        #expect(misplacedAnswer == nil)
        let values = try Self.values(of: log)
        #expect(values.count == count)
        let misplacedRecord = values.enumerated().first { $0.offset != $0.element }
        #expect(misplacedRecord == nil)
        try await pool.shutdownGracefully()
    }

    /// Under `--flush always` an acknowledged append is durable when its answer arrives.
    @Test func acknowledgedAppendsAreDurableUnderFlushAlways() async throws {
        let (manager, log, tp) = try Self.openLog("durable")
        defer { try? manager.close() }
        let driver = PartitionDriver(topicPartition: tp, log: log, threadPool: .singleton, flushPolicy: .always, fetchWaiters: FetchWaiters())
        let loops = MultiThreadedEventLoopGroup.singleton
        let notDurable = NIOLockedValueBox(0)
        var futures: [EventLoopFuture<AppendResult>] = []
        for i in 0..<200 {
            let loop = loops.next()
            let future = driver.append(try Self.batch(i), now: 0, needsAck: true, eventLoop: loop)
            future.whenSuccess { result in
                if log.flushedOffset <= result.lastOffset { notDurable.withLockedValue { $0 += 1 } }
            }
            futures.append(future)
        }
        for future in futures { _ = try await future.get() }
        #expect(notDurable.withLockedValue { $0 } == 0)
        #expect(log.flushedOffset == 200)
    }
}
