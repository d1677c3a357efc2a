import ArgumentParser
import FjordBench
import KafkaClient

/// `fjord bench`: flags only; the measuring lives in FjordBench.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure produce and consume throughput and latency against a broker.",
        discussion: "Every result is printed and appended as one JSON line to --results.",
        subcommands: [BenchProduce.self, BenchConsume.self, BenchEndToEnd.self, BenchSweep.self, BenchPlan.self, BenchReport.self]
    )
}

/// Options every measuring subcommand shares.
struct BenchOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-server"), help: "HOST:PORT[,HOST:PORT...] (default: $FJORD_BOOTSTRAP, else localhost:9092).")
    var bootstrapServer: String?

    @Option(help: "JSON-lines file each result is appended to.")
    var results: String = "bench-results.jsonl"

    @Option(name: .customLong("broker-pid"), help: "Sample this process's CPU time and RSS from /proc before and after.")
    var brokerPID: Int32?

    @Flag(name: .customLong("no-progress"), help: "No progress output on standard error.")
    var noProgress = false

    var bootstrap: [String] { CLIDefaults.bootstrapServers(flag: bootstrapServer) }

    /// Prints and records one result; a results file that cannot be written is reported, not fatal.
    func report(_ result: BenchResult) {
        print(result.text)
        do {
            try ResultsLog(path: results).append(result)
        } catch {
            StandardStreams.writeError("fjord bench: cannot append to \(results): \(error)")
        }
    }
}

/// Produce flags, shared by `produce`, `sweep` and `e2e`.
struct ProduceFlags: ParsableArguments {
    @Option(name: .customLong("record-size"), help: "Value bytes per record.")
    var recordSize: Int = 100

    @Option(help: "Distinct keys order-<i>, placed by murmur2.")
    var keys: Int = 1000

    @Option(help: "acks: 0, 1 or all.")
    var acks: String = "all"

    @Option(name: .customLong("linger-ms"), help: "Send a partition's batch when its oldest record is this old.")
    var lingerMs: Int = 5

    @Option(name: .customLong("batch-size"), help: "Send a partition's batch when it holds this many bytes.")
    var batchSize: Int = 1_000_000

    @Option(help: "none, gzip, snappy, lz4 or zstd.")
    var compression: String = "none"

    @Option(help: "Concurrent producers, each with its own connection.")
    var producers: Int = 1

    @Option(name: .customLong("max-in-flight"), help: "Unacknowledged batches per producer.")
    var maxInFlight: Int = 5

    func validate() throws {
        guard Acks.named(acks) != nil else { throw ValidationError("--acks must be 0, 1 or all") }
        guard ProduceSpec.codec(named: compression) != nil else { throw ValidationError("--compression must be none, gzip, snappy, lz4 or zstd") }
        guard recordSize >= 0, keys >= 1, producers >= 1, maxInFlight >= 1, batchSize >= 1 else {
            throw ValidationError("--record-size, --keys, --producers, --max-in-flight and --batch-size must be positive")
        }
    }

    func spec(bootstrap: [String], topic: String, records: Int, partitions: Int32) -> ProduceSpec {
        ProduceSpec(
            bootstrap: bootstrap, topic: topic, records: records, recordSize: recordSize, keys: keys, partitions: partitions,
            acks: Acks.named(acks) ?? .all, lingerMs: lingerMs, batchBytes: batchSize,
            compression: ProduceSpec.codec(named: compression) ?? .none, producers: producers, maxInFlight: maxInFlight)
    }
}

struct BenchProduce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "produce", abstract: "Produce N keyed records and report throughput and latency.")

    @OptionGroup var bench: BenchOptions
    @OptionGroup var flags: ProduceFlags

    @Option(help: "Topic (created with --partitions if missing).")
    var topic: String = "bench"

    @Option(help: "Records to produce.")
    var records: Int = 1_000_000

    @Option(help: "Partitions when the topic is created.")
    var partitions: Int32 = 6

    func run() async throws {
        try await benchCommand {
            let spec = flags.spec(bootstrap: bench.bootstrap, topic: topic, records: records, partitions: partitions)
            bench.report(try await ProduceBench.run(spec, brokerPID: bench.brokerPID, progress: !bench.noProgress))
        }
    }
}

struct BenchConsume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "consume", abstract: "Consume a topic from the beginning with a group of C members.")

    @OptionGroup var bench: BenchOptions

    @Option(help: "Topic to read.")
    var topic: String = "bench"

    @Option(help: "Group members, each with its own connection.")
    var consumers: Int = 1

    @Option(help: "Group ID (default: a fresh one, so reading starts at the beginning).")
    var group: String?

    @Option(name: .customLong("timeout-s"), help: "Stop after this many seconds.")
    var timeoutSeconds: Double = 120

    func run() async throws {
        try await benchCommand {
            let spec = ConsumeSpec(
                bootstrap: bench.bootstrap, topic: topic, consumers: max(1, consumers),
                group: group ?? "fjord-bench-\(benchRunStamp())", timeoutSeconds: timeoutSeconds)
            bench.report(try await ConsumeBench.run(spec, brokerPID: bench.brokerPID, progress: !bench.noProgress))
        }
    }
}

struct BenchPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Recommend partitions and consumer replicas from a measured per-consumer throughput.")

    @Option(name: .customLong("orders-per-day"), help: "Orders a day.")
    var ordersPerDay: Double

    @Option(name: .customLong("events-per-order"), help: "Records each order produces on the topic.")
    var eventsPerOrder: Double = 1

    @Option(name: .customLong("peak-factor"), help: "Peak rate over the daily average.")
    var peakFactor: Double = 1

    @Option(name: .customLong("per-consumer"), help: "Records/s one consumer sustains (default: the last consume result in --results).")
    var perConsumer: Double?

    @Option(name: .customLong("min-replicas"), help: "Consumer replicas wanted for availability.")
    var minReplicas: Int = 1

    @Option(help: "Topic the plan is for (printed; also picks the measurement when --per-consumer is absent and it was measured).")
    var topic: String = "orders"

    @Option(help: "JSON-lines results file.")
    var results: String = "bench-results.jsonl"

    func run() async throws {
        let log = ResultsLog(path: results)
        let measured: Double
        let source: String
        if let perConsumer {
            measured = perConsumer
            source = "--per-consumer"
        } else if let last = log.lastPerConsumerThroughput(topic: topic) ?? log.lastPerConsumerThroughput(), let value = last.perConsumerRecordsPerSecond {
            measured = value
            source = "\(results): consume of '\(last.topic)' with \(last.consumers ?? 1) consumer(s) at \(last.time)"
        } else {
            StandardStreams.writeError("fjord bench plan: no consume result in \(results); run `fjord bench consume` or pass --per-consumer")
            throw ExitCode.failure
        }
        let plan = CapacityPlan(
            ordersPerDay: ordersPerDay, eventsPerOrder: eventsPerOrder, peakFactor: peakFactor, perConsumer: measured, minReplicas: max(1, minReplicas))
        print("topic \(topic): per-consumer throughput from \(source)")
        for line in plan.explanation { print("  " + line) }
        print("recommendation: \(plan.partitions) partitions, \(plan.replicas) consumer replicas")
    }
}

/// One error line and exit status 1, as the other client commands do.
func benchCommand(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        StandardStreams.writeError("fjord bench: " + CLIDefaults.message(for: error))
        throw ExitCode.failure
    }
}
