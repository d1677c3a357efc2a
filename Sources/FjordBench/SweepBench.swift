import Foundation
import KafkaClient

/// What `fjord bench sweep` varies: one produce run per partition count, then one consume run per
/// consumer count that can be given work (more members than partitions would sit idle).
public struct SweepSpec: Sendable {
    public var produce: ProduceSpec
    public var partitionCounts: [Int32]
    public var consumerCounts: [Int]
    public var topicPrefix: String

    public init(produce: ProduceSpec, partitionCounts: [Int32] = [1, 3, 6, 12, 24], consumerCounts: [Int] = [1, 2, 4], topicPrefix: String) {
        self.produce = produce
        self.partitionCounts = partitionCounts
        self.consumerCounts = consumerCounts
        self.topicPrefix = topicPrefix
    }
}

/// One cell of the sweep.
public struct SweepRow: Sendable, Codable, Equatable {
    public var partitions: Int
    public var consumers: Int
    public var produceRecordsPerSecond: Double
    public var produceMegabytesPerSecond: Double
    public var produceP99Micros: UInt64
    public var consumeRecordsPerSecond: Double
    public var consumeMegabytesPerSecond: Double

    public init(partitions: Int, consumers: Int, produce: BenchResult, consume: BenchResult) {
        self.partitions = partitions
        self.consumers = consumers
        produceRecordsPerSecond = produce.recordsPerSecond
        produceMegabytesPerSecond = produce.megabytesPerSecond
        produceP99Micros = produce.latencyMicros?.p99 ?? 0
        consumeRecordsPerSecond = consume.recordsPerSecond
        consumeMegabytesPerSecond = consume.megabytesPerSecond
    }
}

public enum SweepBench {
    /// Runs the grid; `each` sees every produce and consume result as it arrives (for the results file).
    public static func run(_ spec: SweepSpec, brokerPID: Int32?, progress: Bool, each: (BenchResult) -> Void) async throws -> [SweepRow] {
        var rows: [SweepRow] = []
        for partitions in spec.partitionCounts {
            var produce = spec.produce
            produce.partitions = partitions
            produce.topic = "\(spec.topicPrefix)-p\(partitions)"
            let produced = try await ProduceBench.run(produce, brokerPID: brokerPID, progress: progress)
            each(produced)
            for consumers in spec.consumerCounts where consumers <= Int(partitions) {
                let consume = ConsumeSpec(
                    bootstrap: produce.bootstrap, topic: produce.topic, consumers: consumers, group: "\(produce.topic)-c\(consumers)")
                let consumed = try await ConsumeBench.run(consume, brokerPID: brokerPID, progress: progress)
                each(consumed)
                rows.append(SweepRow(partitions: Int(partitions), consumers: consumers, produce: produced, consume: consumed))
            }
        }
        return rows
    }

    /// The grid as an aligned text table.
    public static func table(_ rows: [SweepRow]) -> String {
        let header = ["partitions", "consumers", "produce rec/s", "produce MB/s", "produce p99", "consume rec/s", "consume MB/s"]
        let body = rows.map { row in
            [
                "\(row.partitions)", "\(row.consumers)", "\(Int(row.produceRecordsPerSecond.rounded()))", fixed(row.produceMegabytesPerSecond, 1),
                LatencySummary.format(row.produceP99Micros), "\(Int(row.consumeRecordsPerSecond.rounded()))", fixed(row.consumeMegabytesPerSecond, 1),
            ]
        }
        return alignedTable(header: header, rows: body)
    }

    public static func json(_ rows: [SweepRow]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(rows), as: UTF8.self)
    }
}

/// Right-aligned numeric columns under a header, two spaces apart.
func alignedTable(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
        row.indices.map { String(repeating: " ", count: widths[$0] - row[$0].count) + row[$0] }.joined(separator: "  ")
    }.joined(separator: "\n")
}

/// `fjord bench report`: results from the JSON-lines file as one table, so a scripted set of runs
/// (`make bench-e2e`) ends with a single summary.
public enum ResultsTable {
    public static func render(_ results: [BenchResult]) -> String {
        let header = ["kind", "topic", "parts", "clients", "records", "rec/s", "MB/s", "p50", "p99", "p999", "max", "broker cpu", "rss"]
        let rows = results.map { r -> [String] in
            let latency = r.latencyMicros.flatMap { $0.count > 0 ? $0 : nil }
            return [
                r.kind, r.topic, "\(r.partitions)", "\(r.producers ?? r.consumers ?? 1)", "\(r.records)",
                "\(Int(r.recordsPerSecond.rounded()))", fixed(r.megabytesPerSecond, 1),
                latency.map { LatencySummary.format($0.p50) } ?? "-", latency.map { LatencySummary.format($0.p99) } ?? "-",
                latency.map { LatencySummary.format($0.p999) } ?? "-", latency.map { LatencySummary.format($0.max) } ?? "-",
                r.broker.map { fixed($0.cpuSeconds, 2) + " s" } ?? "-", r.broker.map { "\($0.rssBytes / 1_048_576) MB" } ?? "-",
            ]
        }
        return alignedTable(header: header, rows: rows)
    }
}
