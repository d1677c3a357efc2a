import KafkaClient
import KafkaModel
import Synchronization

/// What `fjord bench consume` reads.
public struct ConsumeSpec: Sendable {
    public var bootstrap: [String]
    public var topic: String
    public var consumers: Int
    public var group: String
    /// Give up after this long even if records are missing (the result says how many arrived).
    public var timeoutSeconds: Double

    public init(bootstrap: [String], topic: String, consumers: Int = 1, group: String, timeoutSeconds: Double = 120) {
        self.bootstrap = bootstrap
        self.topic = topic
        self.consumers = consumers
        self.group = group
        self.timeoutSeconds = timeoutSeconds
    }
}

/// The furthest offset consumed per partition across all members. A rebalance can hand a
/// partition to another member that re-reads a few batches; counting only records past this mark
/// keeps the total exact without committing offsets on the hot path.
final class ConsumedMarks: Sendable {
    private let marks: Mutex<[TopicPartition: Int64]>
    let records = Counter()
    let bytes = Counter()
    private let firstRecord = Atomic<UInt64>(0)

    init(start: [TopicPartition: Int64]) {
        marks = Mutex(start)
    }

    func position(_ tp: TopicPartition) -> Int64 {
        marks.withLock { $0[tp] ?? 0 }
    }

    /// Counts the records of `result` not seen before and moves the mark.
    func consumed(_ result: FetchResult, of tp: TopicPartition) {
        var newRecords = 0
        var newBytes = 0
        marks.withLock { marks in
            let mark = marks[tp] ?? 0
            for record in result.records where record.offset >= mark {
                newRecords += 1
                newBytes += (record.value?.count ?? 0) + (record.key?.count ?? 0)
            }
            marks[tp] = max(mark, result.nextOffset)
        }
        if newRecords > 0 {
            _ = firstRecord.compareExchange(expected: 0, desired: monotonicNanos(), ordering: .relaxed)
            records.add(newRecords)
            bytes.add(newBytes)
        }
    }

    var firstRecordAt: UInt64 { firstRecord.load(ordering: .relaxed) }
}

/// Runs `fjord bench consume`: C group members, each with its own connection, read the topic from
/// its log start to the end offsets seen at the start. Time runs from before the first JoinGroup,
/// so group formation is part of the figure, as it is for an application starting up; the time to
/// the first record shows how much of it that was.
public enum ConsumeBench {
    public static func run(_ spec: ConsumeSpec, brokerPID: Int32? = nil, progress: Bool = true) async throws -> BenchResult {
        let admin = KafkaClient(bootstrapServers: spec.bootstrap, clientID: "fjord-bench")
        let starts: [TopicPartition: Int64]
        let ends: [TopicPartition: Int64]
        do {
            let tps = try await admin.partitions(of: spec.topic, refresh: true).map { TopicPartition(topic: spec.topic, partition: $0) }
            starts = try await admin.listOffsets(tps, spec: .earliest)
            ends = try await admin.listOffsets(tps, spec: .latest)
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
        let total = ends.reduce(0) { $0 + Int($1.value - (starts[$1.key] ?? 0)) }
        let marks = ConsumedMarks(start: starts)
        let probe = BrokerProbe(pid: brokerPID)
        let start = monotonicNanos()
        let deadline = start + UInt64(spec.timeoutSeconds * 1e9)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let reporter = ProgressReporter(label: "consume", total: total, counter: marks.records)
            if progress { group.addTask { await reporter.run() } }
            for member in 0..<max(1, spec.consumers) {
                group.addTask {
                    try await consumeAsMember(spec, member: member, ends: ends, total: total, marks: marks, deadline: deadline)
                }
            }
            var remaining = max(1, spec.consumers)
            while remaining > 0, try await group.next() != nil { remaining -= 1 }
            group.cancelAll()
        }
        let end = monotonicNanos()
        let seconds = Double(end - start) / 1e9
        let consumed = marks.records.current
        var result = BenchResult(
            kind: "consume", bootstrap: spec.bootstrap.joined(separator: ","), topic: spec.topic, partitions: ends.count,
            records: consumed, recordSize: consumed > 0 ? marks.bytes.current / consumed : 0, seconds: seconds, bytes: marks.bytes.current)
        result.consumers = spec.consumers
        result.perConsumerRecordsPerSecond = result.recordsPerSecond / Double(max(1, spec.consumers))
        if marks.firstRecordAt > 0 { result.timeToFirstRecordMs = Double(marks.firstRecordAt - start) / 1e6 }
        result.errors = total - consumed
        result.broker = probe.finish()
        return result
    }

    private static func consumeAsMember(
        _ spec: ConsumeSpec, member: Int, ends: [TopicPartition: Int64], total: Int, marks: ConsumedMarks, deadline: UInt64
    ) async throws {
        let client = KafkaClient(bootstrapServers: spec.bootstrap, clientID: "fjord-bench-consumer-\(member)")
        let consumer = GroupConsumer(client: client, group: spec.group, topics: [spec.topic])
        do {
            var assignment = try await consumer.join()
            while marks.records.current < total, monotonicNanos() < deadline, !Task.isCancelled {
                if await consumer.mustRejoin { assignment = try await consumer.join() }
                // Only partitions with records left; a member whose partitions are done waits for the others.
                let positions = Dictionary(uniqueKeysWithValues: assignment.compactMap { tp -> (TopicPartition, Int64)? in
                    let at = marks.position(tp)
                    return at < (ends[tp] ?? 0) ? (tp, at) : nil
                })
                if positions.isEmpty {
                    try await Task.sleep(for: .milliseconds(20))
                    continue
                }
                let results = try await client.fetch(positions, maxWait: .milliseconds(100), partitionMaxBytes: 1_048_576)
                for (tp, result) in results { marks.consumed(result, of: tp) }
            }
            await consumer.leave()
            await client.close()
        } catch is CancellationError {
            await consumer.leave()
            await client.close()
        } catch {
            await consumer.leave()
            await client.close()
            throw error
        }
    }
}
