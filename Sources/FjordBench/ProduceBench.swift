import Histogram
import KafkaClient
import KafkaModel
import KafkaRecords

/// What `fjord bench produce` sends.
public struct ProduceSpec: Sendable {
    public var bootstrap: [String]
    public var topic: String
    public var records: Int
    public var recordSize: Int
    public var keys: Int
    public var partitions: Int32
    public var acks: Acks
    public var lingerMs: Int
    public var batchBytes: Int
    public var compression: CompressionCodec
    public var producers: Int
    /// Batches one producer keeps unacknowledged, like librdkafka's max.in.flight.
    public var maxInFlight: Int

    public init(
        bootstrap: [String], topic: String, records: Int, recordSize: Int, keys: Int, partitions: Int32, acks: Acks = .all,
        lingerMs: Int = 5, batchBytes: Int = 1_000_000, compression: CompressionCodec = .none, producers: Int = 1, maxInFlight: Int = 5
    ) {
        self.bootstrap = bootstrap
        self.topic = topic
        self.records = records
        self.recordSize = recordSize
        self.keys = keys
        self.partitions = partitions
        self.acks = acks
        self.lingerMs = lingerMs
        self.batchBytes = batchBytes
        self.compression = compression
        self.producers = producers
        self.maxInFlight = maxInFlight
    }
}

/// Creates `topic` with `partitions` when it does not exist and returns its partition count, so a
/// benchmark against an existing topic measures that topic as it is.
func ensureTopic(_ client: KafkaClient, topic: String, partitions: Int32) async throws -> Int32 {
    do {
        return Int32(try await client.partitions(of: topic, refresh: true).count)
    } catch KafkaClientError.unknownTopic {
        try await client.createTopic(name: topic, partitions: partitions)
        return partitions
    }
}

/// The keyed records of a run: key i is `order-<i>`, placed by murmur2 as the Java client does, so
/// the skew across partitions is the one a real keyed topic would see.
struct KeySpace: Sendable {
    let keys: [[UInt8]]
    let partitionOfKey: [Int32]

    init(count: Int, partitions: Int32) {
        keys = (0..<max(1, count)).map { Array("order-\($0)".utf8) }
        partitionOfKey = keys.map { Murmur2.partition(forKey: $0, partitionCount: partitions) }
    }
}

/// Runs `fjord bench produce`: M producers, each with its own connection, split the records
/// between them; each accumulates per-partition batches up to `batchBytes` (or `lingerMs`) and
/// keeps up to `maxInFlight` batches unacknowledged. Latency is per record, from the moment it
/// was appended to a batch until its acknowledgement, the figure a client application sees.
public enum ProduceBench {
    public static func run(_ spec: ProduceSpec, brokerPID: Int32? = nil, progress: Bool = true) async throws -> BenchResult {
        let admin = KafkaClient(bootstrapServers: spec.bootstrap, clientID: "fjord-bench")
        let partitions: Int32
        do {
            partitions = try await ensureTopic(admin, topic: spec.topic, partitions: spec.partitions)
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
        let keySpace = KeySpace(count: spec.keys, partitions: partitions)
        let payload = (0..<spec.recordSize).map { UInt8(truncatingIfNeeded: 0x61 + $0 % 26) }
        let counter = Counter()
        let errors = Counter()
        let probe = BrokerProbe(pid: brokerPID)
        let start = monotonicNanos()
        let histograms = try await withThrowingTaskGroup(of: Histogram<UInt64>?.self) { group in
            let reporter = ProgressReporter(label: "produce", total: spec.records, counter: counter)
            if progress { group.addTask { await reporter.run(); return nil } }
            for producer in 0..<max(1, spec.producers) {
                group.addTask {
                    try await produceShare(spec, producer: producer, keySpace: keySpace, payload: payload, counter: counter, errors: errors)
                }
            }
            var result: [Histogram<UInt64>] = []
            var remaining = max(1, spec.producers)
            while remaining > 0, let h = try await group.next() {
                if let h {
                    result.append(h)
                    remaining -= 1
                }
            }
            group.cancelAll()
            return result
        }
        let seconds = Double(monotonicNanos() - start) / 1e9
        let acked = counter.current
        var result = BenchResult(
            kind: "produce", bootstrap: spec.bootstrap.joined(separator: ","), topic: spec.topic, partitions: Int(partitions),
            records: acked, recordSize: spec.recordSize, seconds: seconds, bytes: acked * spec.recordSize)
        result.keys = spec.keys
        result.producers = spec.producers
        result.acks = spec.acks.name
        result.compression = "\(spec.compression)"
        result.lingerMs = spec.lingerMs
        result.batchBytes = spec.batchBytes
        result.latencyMicros = LatencySummary.merged(histograms)
        result.errors = errors.current
        result.broker = probe.finish()
        return result
    }

    /// One producer's records: every M-th record starting at `producer`.
    static func produceShare(
        _ spec: ProduceSpec, producer: Int, keySpace: KeySpace, payload: [UInt8], counter: Counter, errors: Counter
    ) async throws -> Histogram<UInt64> {
        let client = KafkaClient(bootstrapServers: spec.bootstrap, clientID: "fjord-bench-\(producer)")
        do {
            let histogram = try await produceShare(spec, producer: producer, client: client, keySpace: keySpace, payload: payload, counter: counter, errors: errors)
            await client.close()
            return histogram
        } catch {
            await client.close()
            throw error
        }
    }

    private static func produceShare(
        _ spec: ProduceSpec, producer: Int, client: KafkaClient, keySpace: KeySpace, payload: [UInt8], counter: Counter, errors: Counter
    ) async throws -> Histogram<UInt64> {
        try await client.connect()
        var histogram = LatencySummary.makeHistogram()
        var batches = PartitionBatches(partitions: Int(keySpace.partitionOfKey.max() ?? 0) + 1)
        let linger = UInt64(max(0, spec.lingerMs)) * 1_000_000
        try await withThrowingTaskGroup(of: [UInt64]?.self) { group in
            var inFlight = 0
            func settle(_ sent: [UInt64]?) {
                let now = monotonicNanos()
                guard let sent else { return }
                for t in sent { histogram.record((now - min(now, t)) / 1000) }
                counter.add(sent.count)
            }
            func send(_ partition: Int, _ batch: PendingBatch) async throws {
                while inFlight >= max(1, spec.maxInFlight), let done = try await group.next() {
                    inFlight -= 1
                    settle(done)
                }
                inFlight += 1
                group.addTask {
                    do {
                        try await client.produce(
                            topic: spec.topic, partition: Int32(partition), records: batch.records, acks: spec.acks, compression: spec.compression)
                        return batch.appendedAt
                    } catch {
                        errors.add(batch.records.count)
                        return nil
                    }
                }
            }
            var i = producer
            while i < spec.records {
                let key = i % keySpace.keys.count
                let partition = Int(keySpace.partitionOfKey[key])
                let now = monotonicNanos()
                let record = ProducerRecord(key: keySpace.keys[key], value: payload)
                // Send before a record would push the batch past batchBytes, so a batch never
                // exceeds the broker's message size limit when batchBytes matches it.
                if batches.bytes(of: partition) > 0, batches.bytes(of: partition) + record.estimatedSizeInBytes > spec.batchBytes {
                    try await send(partition, batches.take(partition))
                }
                batches.append(record, at: now, to: partition)
                if batches.bytes(of: partition) >= spec.batchBytes { try await send(partition, batches.take(partition)) }
                if linger > 0, i % 64 == 0 {
                    for p in batches.lingering(olderThan: now &- linger) { try await send(p, batches.take(p)) }
                }
                i += max(1, spec.producers)
            }
            for p in batches.nonEmpty { try await send(p, batches.take(p)) }
            while let done = try await group.next() { settle(done) }
        }
        return histogram
    }
}

/// Records waiting for their batch to fill, with the time each was appended.
struct PendingBatch: Sendable {
    var records: [ProducerRecord] = []
    var appendedAt: [UInt64] = []
    var bytes = 0
}

struct PartitionBatches {
    private var pending: [PendingBatch]

    init(partitions: Int) {
        pending = Array(repeating: PendingBatch(), count: max(1, partitions))
    }

    mutating func append(_ record: ProducerRecord, at time: UInt64, to partition: Int) {
        pending[partition].records.append(record)
        pending[partition].appendedAt.append(time)
        pending[partition].bytes += record.estimatedSizeInBytes
    }

    func bytes(of partition: Int) -> Int { pending[partition].bytes }

    mutating func take(_ partition: Int) -> PendingBatch {
        defer { pending[partition] = PendingBatch() }
        return pending[partition]
    }

    /// Partitions whose oldest record was appended before `deadline`.
    func lingering(olderThan deadline: UInt64) -> [Int] {
        pending.indices.filter { pending[$0].appendedAt.first.map { $0 <= deadline } ?? false }
    }

    var nonEmpty: [Int] { pending.indices.filter { !pending[$0].records.isEmpty } }
}

extension ProduceSpec {
    /// Kafka's compression.type names, so the executable need not import KafkaRecords.
    public static func codec(named name: String) -> CompressionCodec? { CompressionCodec.named(name) }
}

/// Seconds since the epoch, used to name fresh topics and groups so runs never collide.
public func benchRunStamp() -> String { String(wallNanos() / 1_000_000_000) }

extension Acks {
    /// As Kafka's `acks` setting spells it.
    public var name: String {
        switch self {
        case .none: "0"
        case .leader: "1"
        case .all: "all"
        }
    }
}
