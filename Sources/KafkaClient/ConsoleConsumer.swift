import KafkaModel

/// `fjord consume`: prints records one per line, with or without a consumer group.
///
/// With a group it commits exactly what it printed after each batch, so a second run resumes
/// after the last printed record, as kafka-console-consumer does; `fromBeginning` then matters only
/// for partitions the group has never committed.
public struct ConsoleConsumer: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case plain
        case json
    }

    public enum StartOffset: Sendable, Equatable {
        case earliest
        case latest
        case offset(Int64)
    }

    public struct Options: Sendable {
        public var topic: String
        public var group: String?
        public var fromBeginning = false
        public var partition: Int32?
        /// With `partition`: where to start (Kafka's --offset: earliest, latest or a number).
        public var offset: StartOffset?
        public var maxMessages: Int?
        public var printKey = false
        public var printHeaders = false
        public var format: Format = .plain
        /// Stop when no record arrives for this long; nil runs until interrupted.
        public var idleTimeout: Duration?

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

    /// Consumes until `maxMessages` or the idle timeout, writing lines through `output`. Returns
    /// the number of records printed.
    @discardableResult
    public func run(output: ([String]) -> Void) async throws -> Int {
        if options.group != nil, options.partition != nil {
            throw KafkaClientError.invalidArgument("--partition cannot be used with --group")
        }
        if options.offset != nil, options.partition == nil {
            throw KafkaClientError.invalidArgument("--offset requires --partition")
        }
        try await client.connect()
        let partitions = try await client.partitions(of: options.topic, refresh: true)
        if let partition = options.partition, !partitions.contains(partition) {
            throw KafkaClientError.unknownPartition(topic: options.topic, partition: partition)
        }
        if let group = options.group {
            let member = GroupConsumer(client: client, group: group, topics: [options.topic])
            do {
                let printed = try await consume(member: member, output: output)
                await member.leave()
                return printed
            } catch {
                await member.leave()
                throw error
            }
        }
        let assigned = (options.partition.map { [$0] } ?? partitions).map { TopicPartition(topic: options.topic, partition: $0) }
        var positions = try await startPositions(for: assigned)
        var state = LoopState(maxMessages: options.maxMessages, idleTimeout: options.idleTimeout)
        state.restartIdleClock()
        while !state.done {
            let batch = try await poll(&positions, wait: state.nextWait)
            let lines = state.take(batch, formatter: formatter)
            output(lines.lines)
        }
        return state.printed
    }

    private func consume(member: GroupConsumer, output: ([String]) -> Void) async throws -> Int {
        var state = LoopState(maxMessages: options.maxMessages, idleTimeout: options.idleTimeout)
        var positions: [TopicPartition: Int64] = [:]
        while !state.done {
            if await member.mustRejoin {
                let assigned = try await member.join()
                let committed = try await member.committedOffsets()
                let uncommitted = assigned.filter { (committed[$0] ?? -1) < 0 }
                positions = try await uncommitted.isEmpty ? [:] : startPositions(for: uncommitted)
                for tp in assigned where (committed[tp] ?? -1) >= 0 { positions[tp] = committed[tp]! }
                // Joining can take longer than the idle timeout (Kafka delays a new group's first
                // rebalance by 3 s); the timeout counts from when records could first arrive.
                state.restartIdleClock()
            }
            guard !positions.isEmpty else {
                // More members than partitions: nothing to read until the next rebalance.
                try await Task.sleep(for: state.nextWait)
                state.take([], formatter: formatter)
                continue
            }
            let batch = try await poll(&positions, wait: state.nextWait)
            let taken = state.take(batch, formatter: formatter)
            output(taken.lines)
            if !taken.commit.isEmpty { try await commit(taken.commit, member: member) }
        }
        return state.printed
    }

    /// Commits printed records. A rebalance that started meanwhile fences the commit; the member then
    /// rejoins, and the records may be printed again by whoever gets the partition, which is the
    /// at-least-once behaviour of Kafka's own console consumer.
    private func commit(_ offsets: [TopicPartition: Int64], member: GroupConsumer) async throws {
        do {
            try await member.commit(offsets)
        } catch let KafkaClientError.kafka(code, _, _) where [.rebalanceInProgress, .illegalGeneration, .unknownMemberID].contains(code) {
            await member.requestRejoin()
        }
    }

    /// Where reading starts without a committed offset: --offset, else earliest with
    /// --from-beginning, else the end of the log.
    private func startPositions(for partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        switch options.offset ?? (options.fromBeginning ? .earliest : .latest) {
        case .earliest: return try await client.listOffsets(partitions, spec: .earliest)
        case .latest: return try await client.listOffsets(partitions, spec: .latest)
        case let .offset(offset): return Dictionary(uniqueKeysWithValues: partitions.map { ($0, offset) })
        }
    }

    /// One fetch over every partition. An offset outside the log (an explicit --offset past the end,
    /// or one deleted by retention) is clamped into the log, as auto.offset.reset would.
    private func poll(_ positions: inout [TopicPartition: Int64], wait: Duration) async throws -> [ConsumerRecord] {
        let results: [TopicPartition: FetchResult]
        do {
            results = try await client.fetch(positions, maxWait: wait)
        } catch KafkaClientError.kafka(.offsetOutOfRange, _, _) {
            let earliest = try await client.listOffsets(Array(positions.keys), spec: .earliest)
            let latest = try await client.listOffsets(Array(positions.keys), spec: .latest)
            for (tp, offset) in positions {
                positions[tp] = min(max(offset, earliest[tp] ?? offset), latest[tp] ?? offset)
            }
            return []
        }
        var records: [ConsumerRecord] = []
        for tp in results.keys.sorted() {
            let result = results[tp]!
            records += result.records
            positions[tp] = result.nextOffset
        }
        return records
    }

    var formatter: RecordFormatter {
        RecordFormatter(format: options.format, printKey: options.printKey, printHeaders: options.printHeaders)
    }
}

/// Counting, the idle timeout and what to commit, apart from I/O so the stop rules are plain.
struct LoopState {
    let maxMessages: Int?
    let idleTimeout: Duration?
    private(set) var printed = 0
    private var lastRecord = ContinuousClock.now

    init(maxMessages: Int?, idleTimeout: Duration?) {
        self.maxMessages = maxMessages
        self.idleTimeout = idleTimeout
    }

    var done: Bool {
        if Interrupt.isRequested { return true }
        if let maxMessages, printed >= maxMessages { return true }
        if let idleTimeout, ContinuousClock.now - lastRecord >= idleTimeout { return true }
        return false
    }

    mutating func restartIdleClock() {
        lastRecord = ContinuousClock.now
    }

    /// How long the next fetch may wait: short enough to notice the idle timeout promptly.
    var nextWait: Duration {
        var wait = Duration.milliseconds(500)
        if let idleTimeout { wait = min(wait, max(.milliseconds(10), idleTimeout - (ContinuousClock.now - lastRecord))) }
        return wait
    }

    /// Formats as many records as the message limit allows and the offsets that commit them.
    @discardableResult
    mutating func take(_ records: [ConsumerRecord], formatter: RecordFormatter) -> (lines: [String], commit: [TopicPartition: Int64]) {
        var lines: [String] = []
        var commit: [TopicPartition: Int64] = [:]
        for record in records {
            if let maxMessages, printed >= maxMessages { break }
            lines.append(formatter.format(record))
            commit[TopicPartition(topic: record.topic, partition: record.partition)] = record.offset + 1
            printed += 1
        }
        if !lines.isEmpty { lastRecord = ContinuousClock.now }
        return (lines, commit)
    }
}

/// One output line per record: kafka-console-consumer's tab-separated layout, or a JSON object.
public struct RecordFormatter: Sendable {
    public var format: ConsoleConsumer.Format
    public var printKey: Bool
    public var printHeaders: Bool

    public init(format: ConsoleConsumer.Format, printKey: Bool, printHeaders: Bool) {
        self.format = format
        self.printKey = printKey
        self.printHeaders = printHeaders
    }

    public func format(_ record: ConsumerRecord) -> String {
        switch format {
        case .plain:
            var fields: [String] = []
            if printHeaders {
                fields.append(record.headers.isEmpty ? "NO_HEADERS" : record.headers.map { "\($0.key):\(Self.text($0.value))" }.joined(separator: ","))
            }
            if printKey { fields.append(Self.text(record.key)) }
            fields.append(Self.text(record.value))
            return fields.joined(separator: "\t")
        case .json:
            let headers = record.headers.map { "\(JSONLine.quote($0.key)):\(Self.json($0.value))" }.joined(separator: ",")
            return "{\"topic\":\(JSONLine.quote(record.topic)),\"partition\":\(record.partition),\"offset\":\(record.offset),"
                + "\"timestamp\":\(record.timestamp),\"key\":\(Self.json(record.key)),\"value\":\(Self.json(record.value)),\"headers\":{\(headers)}}"
        }
    }

    /// Bytes as UTF-8 text (invalid sequences replaced), "null" for a null field as Kafka prints it.
    static func text(_ bytes: [UInt8]?) -> String {
        bytes.map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func json(_ bytes: [UInt8]?) -> String {
        bytes.map { JSONLine.quote(String(decoding: $0, as: UTF8.self)) } ?? "null"
    }
}
