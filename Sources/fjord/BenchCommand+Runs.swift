import ArgumentParser
import FjordBench
import KafkaClient
import Foundation

struct BenchEndToEnd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "e2e", abstract: "Produce-to-consume latency at a fixed rate.")

    @OptionGroup var bench: BenchOptions

    @Option(help: "Topic (created with --partitions if missing).")
    var topic: String = "bench-e2e"

    @Option(help: "Partitions when the topic is created.")
    var partitions: Int32 = 6

    @Option(help: "Records per second.")
    var rate: Int = 1000

    @Option(help: "Records to send.")
    var records: Int = 10_000

    @Option(name: .customLong("record-size"), help: "Value bytes per record (at least 8: the send time).")
    var recordSize: Int = 100

    @Option(help: "acks: 0, 1 or all.")
    var acks: String = "all"

    func validate() throws {
        guard Acks.named(acks) != nil else { throw ValidationError("--acks must be 0, 1 or all") }
        guard rate >= 1, records >= 1 else { throw ValidationError("--rate and --records must be positive") }
    }

    func run() async throws {
        try await benchCommand {
            let spec = EndToEndSpec(
                bootstrap: bench.bootstrap, topic: topic, partitions: partitions, rate: rate, records: records,
                recordSize: max(8, recordSize), acks: Acks.named(acks) ?? .all)
            bench.report(try await EndToEndBench.run(spec, brokerPID: bench.brokerPID, progress: !bench.noProgress))
        }
    }
}

struct BenchSweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Produce and consume across partition and consumer counts; a table, JSON and an SVG chart.")

    @OptionGroup var bench: BenchOptions
    @OptionGroup var flags: ProduceFlags

    @Option(help: "Records produced per partition count.")
    var records: Int = 200_000

    @Option(name: .customLong("partition-counts"), help: "Comma-separated partition counts.")
    var partitionCounts: String = "1,3,6,12,24"

    @Option(name: .customLong("consumer-counts"), help: "Comma-separated consumer counts (counts above the partitions are skipped).")
    var consumerCounts: String = "1,2,4"

    @Option(help: "Write the rows as JSON here.")
    var json: String = "bench-sweep.json"

    @Option(help: "Write the chart here.")
    var svg: String = "bench-sweep.svg"

    func run() async throws {
        let partitions = partitionCounts.split(separator: ",").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
        let consumers = consumerCounts.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !partitions.isEmpty, !consumers.isEmpty, partitions.allSatisfy({ $0 > 0 }), consumers.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--partition-counts and --consumer-counts must be comma-separated positive numbers")
        }
        try await benchCommand {
            let prefix = "bench-sweep-\(benchRunStamp())"
            let spec = SweepSpec(
                produce: flags.spec(bootstrap: bench.bootstrap, topic: prefix, records: records, partitions: partitions[0]),
                partitionCounts: partitions, consumerCounts: consumers, topicPrefix: prefix)
            let rows = try await SweepBench.run(spec, brokerPID: bench.brokerPID, progress: !bench.noProgress) { bench.report($0) }
            print("")
            print(SweepBench.table(rows))
            try SweepBench.json(rows).write(toFile: json, atomically: true, encoding: .utf8)
            try SweepChart.svg(rows).write(toFile: svg, atomically: true, encoding: .utf8)
            print("rows: \(json), chart: \(svg)")
        }
    }
}

struct BenchReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print results from the JSON-lines file as one table.")

    @Option(help: "JSON-lines results file.")
    var results: String = "bench-results.jsonl"

    @Option(help: "Only the last N results.")
    var last: Int?

    func run() async throws {
        let all = ResultsLog(path: results).read()
        print(ResultsTable.render(last.map { Array(all.suffix(max(0, $0))) } ?? all))
    }
}
