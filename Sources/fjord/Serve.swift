import ArgumentParser
import KafkaBroker
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the broker.",
        discussion: """
            Every flag can also be given in a config file (--config) as `key = value` lines using the flag's \
            name without dashes, e.g. `listen = 127.0.0.1:9092`. Flags override the file.
            """
    )

    @Option(help: "A file of `key = value` lines with the same keys as the flags.")
    var config: String?

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free port).")
    var listen: String?

    @Option(name: .customLong("advertised-listener"), help: "Address clients are told to connect to (default: the listen address).")
    var advertisedListener: String?

    @Option(name: .customLong("data-dir"), help: "Directory holding the partition logs.")
    var dataDir: String?

    @Option(name: .customLong("node-id"), help: "This broker's node ID.")
    var nodeID: Int32?

    @Option(name: .customLong("num-partitions"), help: "Partitions of auto-created topics.")
    var numPartitions: Int32?

    @Option(name: .customLong("auto-create-topics"), help: "Create unknown topics on Metadata requests (true|false).")
    var autoCreateTopics: Bool?

    @Option(help: "When to fdatasync: always (before acknowledging), interval, never.")
    var flush: BrokerConfig.FlushPolicy?

    @Option(name: .customLong("flush-interval-ms"), help: "Flush period with --flush interval.")
    var flushIntervalMs: Int64?

    @Option(name: .customLong("fetch-transfer"), help: "How fetches send record sets: auto (default: sendfile from 64 KiB, smaller ones copied), sendfile, or copy (pread into a buffer).")
    var fetchTransfer: BrokerConfig.FetchTransfer?

    @Option(name: .customLong("log-retention-check-interval-ms"), help: "How often retention deletes expired segments (Kafka's log.retention.check.interval.ms, default 300000).")
    var logRetentionCheckIntervalMs: Int64?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level?

    @Option(name: .customLong("max-request-bytes"), help: "Largest request accepted (Kafka's socket.request.max.bytes).")
    var maxRequestBytes: Int?

    @Option(name: .customLong("max-connections"), help: "Connections accepted at once.")
    var maxConnections: Int?

    @Option(name: .customLong("max-partitions"), help: "Partitions this broker may hold in all (default: derived from the descriptor limit and memory, logged at start-up).")
    var maxPartitions: Int?

    @Option(name: .customLong("max-partitions-per-request"), help: "Partitions one CreateTopics or CreatePartitions request may add (default 10000).")
    var maxPartitionsPerRequest: Int?

    @Option(name: .customLong("io-threads"), help: "Threads doing disk I/O.")
    var ioThreads: Int?

    @Option(name: .customLong("group-initial-rebalance-delay-ms"), help: "Wait for more members before a new group's first rebalance (Kafka: 3000).")
    var groupInitialRebalanceDelayMs: Int32?

    @Option(name: .customLong("group-min-session-timeout-ms"), help: "Smallest session timeout a consumer may ask for.")
    var groupMinSessionTimeoutMs: Int32?

    @Option(name: .customLong("group-max-session-timeout-ms"), help: "Largest session timeout a consumer may ask for.")
    var groupMaxSessionTimeoutMs: Int32?

    @Option(name: .customLong("group-max-size"), help: "Members allowed in one group.")
    var groupMaxSize: Int?

    @Option(name: .customLong("offsets-retention-minutes"), help: "How long offsets of an empty group are kept.")
    var offsetsRetentionMinutes: Int64?

    @Option(name: .customLong("metrics-listen"), help: "Prometheus /metrics and /health HTTP address, HOST:PORT (default 127.0.0.1:9644; port 0 picks a free port; 'none' or 'off' disables).")
    var metricsListen: String?

    @Option(name: .customLong("lag-threshold-per-consumer"), help: "Lag one consumer is expected to handle; fjord_consumergroup_recommended_consumers = min(partitions, ceil(lag / this)) (default 1000).")
    var lagThresholdPerConsumer: Int64?

    @Option(name: .customLong("log-cleaner-interval-ms"), help: "How often the log cleaner looks for compacted partitions to clean (default 15000).")
    var logCleanerIntervalMs: Int64?

    @Option(name: .customLong("log-cleaner-dedupe-buffer-bytes"), help: "Memory for one cleaning pass's key map (default 16 MiB); bigger dirty sections take several passes.")
    var logCleanerDedupeBufferBytes: Int?

    func run() async throws {
        var settings: [String: String] = [:]
        if let config { settings = try ConfigFile.read(path: config) }
        let flags: [(String, String?)] = [
            ("listen", listen), ("advertised-listener", advertisedListener), ("data-dir", dataDir),
            ("node-id", nodeID.map(String.init)), ("num-partitions", numPartitions.map(String.init)),
            ("auto-create-topics", autoCreateTopics.map(String.init)), ("flush", flush?.rawValue),
            ("flush-interval-ms", flushIntervalMs.map(String.init)), ("log-level", logLevel?.rawValue),
            ("fetch-transfer", fetchTransfer?.rawValue),
            ("log-retention-check-interval-ms", logRetentionCheckIntervalMs.map(String.init)),
            ("max-request-bytes", maxRequestBytes.map(String.init)), ("max-connections", maxConnections.map(String.init)),
            ("max-partitions", maxPartitions.map(String.init)),
            ("max-partitions-per-request", maxPartitionsPerRequest.map(String.init)),
            ("io-threads", ioThreads.map(String.init)),
            ("group-initial-rebalance-delay-ms", groupInitialRebalanceDelayMs.map(String.init)),
            ("group-min-session-timeout-ms", groupMinSessionTimeoutMs.map(String.init)),
            ("group-max-session-timeout-ms", groupMaxSessionTimeoutMs.map(String.init)),
            ("group-max-size", groupMaxSize.map(String.init)),
            ("offsets-retention-minutes", offsetsRetentionMinutes.map(String.init)),
            ("metrics-listen", metricsListen), ("lag-threshold-per-consumer", lagThresholdPerConsumer.map(String.init)),
            ("log-cleaner-interval-ms", logCleanerIntervalMs.map(String.init)),
            ("log-cleaner-dedupe-buffer-bytes", logCleanerDedupeBufferBytes.map(String.init)),
        ]
        for case let (key, value?) in flags { settings[key] = value }
        let (brokerConfig, level) = try ConfigFile.apply(settings)

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "fjord")
        let server = KafkaServer(config: brokerConfig, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
        try await group.run()
    }
}

extension BrokerConfig.FlushPolicy: ExpressibleByArgument {}
extension BrokerConfig.FetchTransfer: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
