import Foundation

/// One line of the results file. A flat record with optional fields, rather than one type per
/// benchmark, so `jq` and `plan` can read every line the same way and old lines stay readable
/// when fields are added.
public struct BenchResult: Sendable, Codable, Equatable {
    public var kind: String
    public var time: String
    public var bootstrap: String
    public var topic: String
    public var partitions: Int
    public var records: Int
    public var recordSize: Int
    public var keys: Int?
    public var producers: Int?
    public var consumers: Int?
    public var acks: String?
    public var compression: String?
    public var lingerMs: Int?
    public var batchBytes: Int?
    public var targetRate: Int?
    public var seconds: Double
    public var recordsPerSecond: Double
    public var megabytesPerSecond: Double
    /// Consume runs only: records/s divided by the group's members, the figure `plan` uses.
    public var perConsumerRecordsPerSecond: Double?
    public var timeToFirstRecordMs: Double?
    public var errors: Int?
    public var latencyMicros: LatencySummary?
    public var broker: BrokerUsage?

    public init(kind: String, bootstrap: String, topic: String, partitions: Int, records: Int, recordSize: Int, seconds: Double, bytes: Int) {
        self.kind = kind
        self.time = Date().formatted(.iso8601)
        self.bootstrap = bootstrap
        self.topic = topic
        self.partitions = partitions
        self.records = records
        self.recordSize = recordSize
        self.seconds = seconds
        recordsPerSecond = seconds > 0 ? Double(records) / seconds : 0
        megabytesPerSecond = seconds > 0 ? Double(bytes) / seconds / 1_000_000 : 0
    }

    /// The human summary printed after each run.
    public var text: String {
        var line = "\(kind): \(records) records in \(fixed(seconds, 2)) s: \(Int(recordsPerSecond.rounded())) records/s, \(fixed(megabytesPerSecond, 1)) MB/s"
        if let perConsumerRecordsPerSecond, let consumers, consumers > 1 {
            line += " (\(Int(perConsumerRecordsPerSecond.rounded())) per consumer)"
        }
        if let timeToFirstRecordMs { line += ", first record after \(fixed(timeToFirstRecordMs, 1)) ms" }
        if let latencyMicros, latencyMicros.count > 0 { line += "\n  latency " + latencyMicros.text }
        if let errors, errors > 0 { line += "\n  errors \(errors)" }
        if let broker { line += "\n  " + broker.text }
        return line
    }
}

/// The JSON-lines file every run appends to, so runs made days apart can be compared and `plan`
/// can reuse the last measurement instead of asking for a number.
public struct ResultsLog: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public func append(_ result: BenchResult) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(result)
        data.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    /// Every line that decodes; lines written by other tools or older versions are skipped.
    public func read() -> [BenchResult] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(BenchResult.self, from: Data($0)) }
    }

    /// The newest consume result for a topic (any topic when nil) that measured per-consumer throughput.
    public func lastPerConsumerThroughput(topic: String? = nil) -> BenchResult? {
        read().last { $0.perConsumerRecordsPerSecond != nil && (topic == nil || $0.topic == topic) }
    }
}
