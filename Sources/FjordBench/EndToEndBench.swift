import Histogram
import KafkaClient
import KafkaModel

/// What `fjord bench e2e` sends: a steady rate rather than as fast as possible, because latency
/// measured at saturation is queueing time, not what the broker adds.
public struct EndToEndSpec: Sendable {
    public var bootstrap: [String]
    public var topic: String
    public var partitions: Int32
    public var rate: Int
    public var records: Int
    public var recordSize: Int
    public var acks: Acks

    public init(bootstrap: [String], topic: String, partitions: Int32, rate: Int, records: Int, recordSize: Int, acks: Acks = .all) {
        self.bootstrap = bootstrap
        self.topic = topic
        self.partitions = partitions
        self.rate = rate
        self.records = records
        self.recordSize = recordSize
        self.acks = acks
    }
}

/// The first 8 bytes of every e2e value: the wall-clock nanoseconds at send, little-endian.
enum SendStamp {
    static func value(size: Int, at nanos: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0x78, count: max(8, size))
        for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: nanos >> (8 * UInt64(i))) }
        return bytes
    }

    static func read(_ value: [UInt8]?) -> UInt64? {
        guard let value, value.count >= 8 else { return nil }
        var nanos: UInt64 = 0
        for i in 0..<8 { nanos |= UInt64(value[i]) << (8 * UInt64(i)) }
        return nanos
    }
}

/// Runs `fjord bench e2e`: one producer sends records on a fixed schedule (one produce per
/// partition per tick, keyed as `produce` is), one consumer fetches from the end offsets seen
/// before the first send, and each record's latency is the consumer's wall clock minus the stamp
/// in its value. Producer and consumer run in this process, so the two clocks are one.
public enum EndToEndBench {
    public static func run(_ spec: EndToEndSpec, brokerPID: Int32? = nil, progress: Bool = true) async throws -> BenchResult {
        let producer = KafkaClient(bootstrapServers: spec.bootstrap, clientID: "fjord-bench-e2e-producer")
        let consumer = KafkaClient(bootstrapServers: spec.bootstrap, clientID: "fjord-bench-e2e-consumer")
        let received = Counter()
        let probe = BrokerProbe(pid: brokerPID)
        do {
            let partitions = try await ensureTopic(producer, topic: spec.topic, partitions: spec.partitions)
            let tps = (0..<partitions).map { TopicPartition(topic: spec.topic, partition: $0) }
            let starts = try await consumer.listOffsets(tps, spec: .latest)
            let keySpace = KeySpace(count: 1000, partitions: partitions)
            let start = monotonicNanos()
            let histogram = try await withThrowingTaskGroup(of: Histogram<UInt64>?.self) { group in
                let reporter = ProgressReporter(label: "e2e", total: spec.records, counter: received)
                if progress { group.addTask { await reporter.run(); return nil } }
                group.addTask {
                    try await sendOnSchedule(spec, client: producer, keySpace: keySpace)
                    return nil
                }
                group.addTask {
                    try await receive(spec, client: consumer, from: starts, received: received)
                }
                var result = LatencySummary.makeHistogram()
                while let next = try await group.next() {
                    if let next {
                        result = next
                        group.cancelAll()
                    }
                }
                return result
            }
            let seconds = Double(monotonicNanos() - start) / 1e9
            await producer.close()
            await consumer.close()
            var result = BenchResult(
                kind: "e2e", bootstrap: spec.bootstrap.joined(separator: ","), topic: spec.topic, partitions: Int(partitions),
                records: received.current, recordSize: spec.recordSize, seconds: seconds, bytes: received.current * spec.recordSize)
            result.targetRate = spec.rate
            result.acks = spec.acks.name
            result.latencyMicros = LatencySummary(histogram)
            result.errors = spec.records - received.current
            result.broker = probe.finish()
            return result
        } catch {
            await producer.close()
            await consumer.close()
            throw error
        }
    }

    /// Sends the records due so far every millisecond, so a slow send is followed by a catch-up
    /// burst instead of silently lowering the rate (coordinated omission).
    private static func sendOnSchedule(_ spec: EndToEndSpec, client: KafkaClient, keySpace: KeySpace) async throws {
        let start = monotonicNanos()
        let interval = 1_000_000_000 / UInt64(max(1, spec.rate))
        var sent = 0
        while sent < spec.records {
            let due = min(spec.records, Int((monotonicNanos() - start) / interval) + 1)
            if due > sent {
                var byPartition: [Int32: [ProducerRecord]] = [:]
                let now = wallNanos()
                for i in sent..<due {
                    let key = i % keySpace.keys.count
                    byPartition[keySpace.partitionOfKey[key], default: []].append(
                        ProducerRecord(key: keySpace.keys[key], value: SendStamp.value(size: spec.recordSize, at: now)))
                }
                for (partition, records) in byPartition.sorted(by: { $0.key < $1.key }) {
                    try await client.produce(topic: spec.topic, partition: partition, records: records, acks: spec.acks)
                }
                sent = due
            } else {
                try await Task.sleep(for: .microseconds(200))
            }
        }
    }

    private static func receive(
        _ spec: EndToEndSpec, client: KafkaClient, from starts: [TopicPartition: Int64], received: Counter
    ) async throws -> Histogram<UInt64> {
        var histogram = LatencySummary.makeHistogram()
        var positions = starts
        // Stops at the expected count, or when nothing new arrived for ten seconds.
        var idleSince = monotonicNanos()
        while received.current < spec.records, monotonicNanos() - idleSince < 10_000_000_000 {
            let results = try await client.fetch(positions, maxWait: .milliseconds(50), partitionMaxBytes: 1_048_576)
            let now = wallNanos()
            for (tp, result) in results {
                for record in result.records {
                    if let stamp = SendStamp.read(record.value) { histogram.record((now - min(now, stamp)) / 1000) }
                }
                if !result.records.isEmpty {
                    received.add(result.records.count)
                    idleSince = monotonicNanos()
                }
                positions[tp] = result.nextOffset
            }
        }
        return histogram
    }
}
