import KafkaModel
import KafkaRecords

/// `fjord produce`: one record per input line, keyed records placed by Java's murmur2 partitioner.
///
/// Piped input is read and validated completely before anything is sent, so a bad line or an
/// oversized record stops the run with nothing half written; a terminal is sent line by line, as
/// kafka-console-producer does, because interactive users expect to see their records arrive.
public struct ConsoleProducer: Sendable {
    public enum KeySource: Sendable, Equatable {
        case none
        /// The same key for every record.
        case fixed(String)
        /// Each line is a JSON object; the key is this field's value.
        case jsonField(String)
    }

    public struct Options: Sendable {
        public var topic: String
        public var key: KeySource = .none
        public var headers: [ProducerRecord.Header] = []
        public var compression: CompressionCodec = .none
        public var acks: Acks = .all
        public var skipBadLines = false
        /// A partition's batch is sent when it reaches either limit (Kafka's batch.size is 16 KiB).
        public var batchBytes = 16 * 1024
        public var batchRecords = 500

        public init(topic: String) {
            self.topic = topic
        }
    }

    public let client: KafkaClient
    public let options: Options

    public init(client: KafkaClient, options: Options) {
        self.client = client
        self.options = options
    }

    /// Kafka's default max.message.bytes, used when the topic's value cannot be read.
    static let defaultMaxMessageBytes = 1_048_588

    /// Reads lines from `nextLine` until it returns nil and produces them. Returns the number of
    /// records sent; `warn` receives one line per skipped input line.
    @discardableResult
    public func run(streaming: Bool, nextLine: () -> String?, warn: (String) -> Void) async throws -> Int {
        try await client.connect()
        let partitionCount = Int32(try await client.partitions(of: options.topic).count)
        let maxMessageBytes = await maxMessageBytes()
        var batcher = Batcher(options: options, partitionCount: partitionCount, maxMessageBytes: maxMessageBytes)
        var pending: [(partition: Int32, record: ProducerRecord)] = []
        var lineNumber = 0
        var sent = 0
        while let line = nextLine() {
            lineNumber += 1
            guard let record = try makeRecord(line: line, number: lineNumber, warn: warn) else { continue }
            let size = record.estimatedSizeInBytes + RecordBatch.headerSize
            guard size <= maxMessageBytes else {
                throw KafkaClientError.invalidArgument(
                    "line \(lineNumber): record of \(size) bytes exceeds max.message.bytes (\(maxMessageBytes)) of topic '\(options.topic)'")
            }
            let partition = batcher.partition(for: record)
            if streaming {
                if let full = batcher.add(record, to: partition) { sent += try await send(full) }
                // A terminal user waits for each line: send it now rather than at the batch limit.
                for ready in batcher.drain() { sent += try await send(ready) }
            } else {
                pending.append((partition, record))
            }
        }
        for (partition, record) in pending {
            if let full = batcher.add(record, to: partition) { sent += try await send(full) }
        }
        for ready in batcher.drain() { sent += try await send(ready) }
        return sent
    }

    private func send(_ batch: Batcher.Ready) async throws -> Int {
        try await client.produce(topic: options.topic, partition: batch.partition, records: batch.records, acks: options.acks, compression: options.compression)
        return batch.records.count
    }

    /// The record for one line, nil for a line to skip; throws for a bad line unless skipping.
    func makeRecord(line: String, number: Int, warn: (String) -> Void) throws -> ProducerRecord? {
        var key: [UInt8]?
        switch options.key {
        case .none:
            key = nil
        case let .fixed(text):
            key = Array(text.utf8)
        case let .jsonField(field):
            // A blank line (often the last one of a file) holds no record to send.
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { return nil }
            do {
                key = try JSONLine.field(field, in: line).map { Array($0.utf8) }
            } catch {
                let message = "line \(number): invalid JSON: \(error)"
                guard options.skipBadLines else { throw KafkaClientError.invalidArgument(message) }
                warn("Warning: skipping \(message)")
                return nil
            }
        }
        return ProducerRecord(key: key, value: Array(line.utf8), headers: options.headers)
    }

    /// Reads the topic's max.message.bytes so an oversized record is reported before anything is sent.
    private func maxMessageBytes() async -> Int {
        guard let configs = try? await client.describeConfigs(.topic, name: options.topic, keys: ["max.message.bytes"]),
            let value = configs.first(where: { $0.name == "max.message.bytes" })?.value, let bytes = Int(value)
        else { return Self.defaultMaxMessageBytes }
        return bytes
    }
}

/// Collects records per partition and hands out batches that reached their size or count limit.
struct Batcher {
    struct Ready {
        var partition: Int32
        var records: [ProducerRecord]
    }

    let options: ConsoleProducer.Options
    let partitionCount: Int32
    let maxBatchBytes: Int
    private var open: [Int32: (records: [ProducerRecord], bytes: Int)] = [:]
    /// Unkeyed records stick to one partition until its batch is sent (Kafka's sticky partitioner
    /// since 3.3), which fills batches instead of spreading single records over all partitions.
    private var sticky: Int32

    init(options: ConsoleProducer.Options, partitionCount: Int32, maxMessageBytes: Int) {
        self.options = options
        self.partitionCount = max(1, partitionCount)
        self.maxBatchBytes = min(options.batchBytes, maxMessageBytes - RecordBatch.headerSize)
        self.sticky = Int32.random(in: 0..<max(1, partitionCount))
    }

    func partition(for record: ProducerRecord) -> Int32 {
        guard let key = record.key else { return sticky }
        return Murmur2.partition(forKey: key, partitionCount: partitionCount)
    }

    /// Adds a record; returns the partition's batch if adding it would exceed a limit (the record
    /// then starts the next batch).
    mutating func add(_ record: ProducerRecord, to partition: Int32) -> Ready? {
        let size = record.estimatedSizeInBytes
        var ready: Ready?
        if let current = open[partition], !current.records.isEmpty,
            current.bytes + size > maxBatchBytes || current.records.count >= options.batchRecords {
            ready = Ready(partition: partition, records: current.records)
            open[partition] = nil
            if record.key == nil || partition == sticky { rotateSticky() }
        }
        open[partition, default: ([], 0)].records.append(record)
        open[partition]!.bytes += size
        return ready
    }

    /// Every open batch, in partition order, leaving the batcher empty.
    mutating func drain() -> [Ready] {
        let all = open.sorted { $0.key < $1.key }.map { Ready(partition: $0.key, records: $0.value.records) }
        open.removeAll()
        return all
    }

    private mutating func rotateSticky() {
        sticky = (sticky + 1) % partitionCount
    }
}
