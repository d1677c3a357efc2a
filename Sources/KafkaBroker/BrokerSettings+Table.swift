import KafkaModel
import Logging

/// Every `fjord serve` setting, declared once (ARCHITECTURE.md, "Settings are declared once too"): the
/// flags and config-file keys, DescribeConfigs for the broker resource, `fjord serve --help` and the
/// README's configuration table all come from `all`. Add a setting here and nowhere else.
public enum BrokerSettings {
    public static let all: [BrokerSetting] = [
        .init(
            flag: "listen", kafka: "listeners", .string, argument: "HOST:PORT", default: "`127.0.0.1:9092`",
            doc: "address to accept connections on (`[::1]:9092` for IPv6; port 0 picks a free port)",
            parse: { value, config throws(SettingError) in
                let (host, port) = try hostPort("listen", value)
                config.listenHost = host
                config.listenPort = port
            },
            kafkaValue: { "PLAINTEXT://\($0.listenHost):\($0.listenPort)" }),
        .init(
            flag: "advertised-listener", kafka: "advertised.listeners", .string, argument: "HOST:PORT", default: "the listen address",
            doc: "address clients are told to connect to in Metadata and FindCoordinator. Set it when clients reach the broker through another name or port",
            parse: { value, config throws(SettingError) in
                let (host, port) = try hostPort("advertised-listener", value)
                guard port > 0 else { throw SettingError("advertised-listener must be HOST:PORT, got '\(value)'") }
                config.advertisedHost = host
                config.advertisedPort = port
            },
            kafkaValue: { "PLAINTEXT://\($0.effectiveAdvertisedHost):\($0.effectiveAdvertisedPort)" }),
        .init(
            flag: "data-dir", kafka: "log.dirs", .string, argument: "DIR", default: "`./data`",
            doc: "segment files and topic metadata",
            parse: { value, config in config.dataDirectory = value }, kafkaValue: { $0.dataDirectory }),
        .init(
            flag: "node-id", kafka: "node.id", .int, default: "`1`", doc: "this broker's node ID",
            parse: { value, config throws(SettingError) in config.nodeID = try integer("node-id", value, minimum: Int32(0)) },
            kafkaValue: { String($0.nodeID) }),
        .init(
            flag: nil, kafka: "broker.id", .int, default: "the node ID", doc: "the node ID under its older name",
            kafkaValue: { String($0.nodeID) }),
        .init(
            flag: "num-partitions", kafka: "num.partitions", .int, default: "`1`", doc: "partitions of auto-created topics (as Kafka)",
            parse: { value, config throws(SettingError) in
                config.defaultNumPartitions = try integer("num-partitions", value, minimum: Int32(1))
            },
            kafkaValue: { String($0.defaultNumPartitions) }),
        .init(
            flag: nil, kafka: "default.replication.factor", .int, default: "`1`",
            doc: "replicas of a new topic's partitions; one broker holds one", kafkaValue: { _ in "1" }),
        .init(
            flag: "auto-create-topics", kafka: "auto.create.topics.enable", .boolean, argument: "true|false", default: "`true`",
            doc: "create unknown topics when a client asks for their metadata",
            parse: { value, config throws(SettingError) in
                guard let flag = Bool(value) else { throw SettingError("auto-create-topics must be true or false") }
                config.autoCreateTopics = flag
            },
            kafkaValue: { String($0.autoCreateTopics) }),
        .init(
            flag: "flush", kafka: "log.flush.interval.ms", .long, argument: "always|interval|never", default: "`always`",
            doc: "when to `fdatasync`; see [docs/durability.md](docs/durability.md). Kafka's name reports 0 for always and Long.MAX for never",
            parse: { value, config throws(SettingError) in
                guard let policy = BrokerConfig.FlushPolicy(rawValue: value) else {
                    throw SettingError("flush must be always, interval or never, got '\(value)'")
                }
                config.flushPolicy = policy
            },
            kafkaValue: { config in
                switch config.flushPolicy {
                case .always: "0"
                case .interval: String(config.flushIntervalMs)
                case .never: String(Int64.max)
                }
            }),
        .init(
            flag: "flush-interval-ms", kafka: nil, .long, default: "`1000`",
            doc: "the period for `--flush interval`, for topics without their own `flush.ms`",
            parse: { value, config throws(SettingError) in
                config.flushIntervalMs = try integer("flush-interval-ms", value, minimum: Int64(1))
            }),
        .init(
            flag: "log-retention-check-interval-ms", kafka: "log.retention.check.interval.ms", .long, default: "`300000`",
            doc: "how often retention (`retention.ms`, `retention.bytes`, `segment.ms`) deletes old segments",
            parse: { value, config throws(SettingError) in
                config.retentionCheckIntervalMs = try integer("log-retention-check-interval-ms", value, minimum: Int64(1))
            },
            kafkaValue: { String($0.retentionCheckIntervalMs) }),
        .init(
            flag: "log-level", kafka: nil, .string, argument: "LEVEL", default: "`info`",
            doc: "`trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`",
            parse: { value, config throws(SettingError) in
                guard let level = Logger.Level(rawValue: value) else { throw SettingError("unknown log-level '\(value)'") }
                config.logLevel = level
            }),
        .init(
            flag: "max-request-bytes", kafka: "socket.request.max.bytes", .int, default: "`104857600`",
            doc: "largest request accepted; a bigger frame closes its connection",
            parse: { value, config throws(SettingError) in
                config.maxRequestBytes = try integer("max-request-bytes", value, minimum: 1024)
            },
            kafkaValue: { String($0.maxRequestBytes) }),
        .init(
            flag: "max-connections", kafka: "max.connections", .int, default: "`10000`", doc: "connections accepted at once",
            parse: { value, config throws(SettingError) in config.maxConnections = try integer("max-connections", value, minimum: 1) },
            kafkaValue: { String($0.maxConnections) }),
        .init(
            flag: "max-partitions", kafka: nil, .int, default: "from the descriptor limit and memory",
            doc: "partitions the broker may hold, internal topics included; CreateTopics and CreatePartitions beyond it get INVALID_PARTITIONS. The default and how it is derived are logged at start-up; see [docs/reliability.md](docs/reliability.md)",
            parse: { value, config throws(SettingError) in config.maxPartitions = try integer("max-partitions", value, minimum: 1) }),
        .init(
            flag: "max-partitions-per-request", kafka: nil, .int, default: "`10000`",
            doc: "partitions one CreateTopics or CreatePartitions request may add over all its topics",
            parse: { value, config throws(SettingError) in
                config.maxPartitionsPerRequest = try integer("max-partitions-per-request", value, minimum: 1)
            }),
        .init(
            flag: "io-threads", kafka: nil, .int, default: "`4`", doc: "threads doing disk I/O",
            parse: { value, config throws(SettingError) in config.ioThreads = try integer("io-threads", value, minimum: 1) }),
        .init(
            flag: "fetch-transfer", kafka: nil, .string, argument: "auto|sendfile|copy", default: "`auto`",
            doc: "how fetches send record sets: `sendfile` from the segment file, `copy` into the response, `auto` copies those under 64 KiB and sends the rest with sendfile (measured in [docs/benchmarks.md](docs/benchmarks.md))",
            parse: { value, config throws(SettingError) in
                guard let transfer = BrokerConfig.FetchTransfer(rawValue: value) else {
                    throw SettingError("fetch-transfer must be auto, sendfile or copy, got '\(value)'")
                }
                config.fetchTransfer = transfer
            }),
        .init(
            flag: "group-initial-rebalance-delay-ms", kafka: "group.initial.rebalance.delay.ms", .int, default: "`300`",
            doc: "how long a new group waits for more members before its first rebalance (Kafka: 3000); see [docs/groups.md](docs/groups.md)",
            parse: { value, config throws(SettingError) in
                config.groupCoordinator.groupInitialRebalanceDelayMs = try integer("group-initial-rebalance-delay-ms", value, minimum: Int32(0))
            },
            kafkaValue: { String($0.groupCoordinator.groupInitialRebalanceDelayMs) }),
        .init(
            flag: "group-min-session-timeout-ms", kafka: "group.min.session.timeout.ms", .int, default: "`6000`",
            doc: "smallest `session.timeout.ms` a consumer may ask for (INVALID_SESSION_TIMEOUT below)",
            parse: { value, config throws(SettingError) in
                config.groupCoordinator.groupMinSessionTimeoutMs = try integer("group-min-session-timeout-ms", value, minimum: Int32(1))
            },
            kafkaValue: { String($0.groupCoordinator.groupMinSessionTimeoutMs) }),
        .init(
            flag: "group-max-session-timeout-ms", kafka: "group.max.session.timeout.ms", .int, default: "`1800000`",
            doc: "largest `session.timeout.ms` a consumer may ask for (INVALID_SESSION_TIMEOUT above)",
            parse: { value, config throws(SettingError) in
                config.groupCoordinator.groupMaxSessionTimeoutMs = try integer("group-max-session-timeout-ms", value, minimum: Int32(1))
            },
            kafkaValue: { String($0.groupCoordinator.groupMaxSessionTimeoutMs) }),
        .init(
            flag: "group-max-size", kafka: "group.max.size", .int, default: "unlimited",
            doc: "members per group (GROUP_MAX_SIZE_REACHED beyond)",
            parse: { value, config throws(SettingError) in
                config.groupCoordinator.groupMaxSize = try integer("group-max-size", value, minimum: 1)
            },
            kafkaValue: { String(min($0.groupCoordinator.groupMaxSize, Int(Int32.max))) }),
        .init(
            flag: "offsets-retention-minutes", kafka: "offsets.retention.minutes", .int, default: "`10080` (7 days)",
            doc: "how long the committed offsets of an empty group are kept",
            parse: { value, config throws(SettingError) in
                config.groupCoordinator.offsetsRetentionMs = try integer("offsets-retention-minutes", value, minimum: Int64(1)) * 60_000
            },
            kafkaValue: { String($0.groupCoordinator.offsetsRetentionMs / 60_000) }),
        .init(
            flag: nil, kafka: "offsets.topic.num.partitions", .int, default: "`50`",
            doc: "partitions of `__consumer_offsets`", kafkaValue: { String($0.groupCoordinator.offsetsTopicPartitions) }),
        .init(
            flag: "metrics-listen", kafka: nil, .string, argument: "HOST:PORT", default: "`127.0.0.1:9644`",
            doc: "Prometheus `/metrics` and `/health` over HTTP (port 0 picks a free port; `none` or `off` disables); see [docs/monitoring.md](docs/monitoring.md)",
            parse: { value, config throws(SettingError) in
                if value == "none" || value == "off" {
                    config.metricsListenHost = nil
                    return
                }
                guard let (host, port) = BrokerConfig.parseHostPort(value) else {
                    throw SettingError("metrics-listen must be HOST:PORT, none or off, got '\(value)'")
                }
                config.metricsListenHost = host
                config.metricsListenPort = port
            }),
        .init(
            flag: "lag-threshold-per-consumer", kafka: nil, .long, default: "`1000`",
            doc: "lag one consumer should handle, for `fjord_consumergroup_recommended_consumers`",
            parse: { value, config throws(SettingError) in
                config.lagThresholdPerConsumer = try integer("lag-threshold-per-consumer", value, minimum: Int64(1))
            }),
        .init(
            flag: "log-cleaner-interval-ms", kafka: "log.cleaner.backoff.ms", .long, default: "`15000`",
            doc: "how often the log cleaner looks for `cleanup.policy=compact` partitions whose dirty ratio reached `min.cleanable.dirty.ratio`",
            parse: { value, config throws(SettingError) in
                config.logCleaner.intervalMs = try integer("log-cleaner-interval-ms", value, minimum: Int64(1))
            },
            kafkaValue: { String($0.logCleaner.intervalMs) }),
        .init(
            flag: "log-cleaner-dedupe-buffer-bytes", kafka: "log.cleaner.dedupe.buffer.size", .long, default: "`16777216`",
            doc: "memory for one cleaning pass's key → offset map (about 24 bytes a key); a larger dirty section is cleaned over several passes",
            parse: { value, config throws(SettingError) in
                config.logCleaner.dedupeBufferBytes = try integer("log-cleaner-dedupe-buffer-bytes", value, minimum: 1024)
            },
            kafkaValue: { String($0.logCleaner.dedupeBufferBytes) }),
    ]

    static func integer<T: FixedWidthInteger>(_ flag: String, _ value: String, minimum: T = 0) throws(SettingError) -> T {
        guard let number = T(value), number >= minimum else {
            throw SettingError("\(flag) must be an integer ≥ \(minimum), got '\(value)'")
        }
        return number
    }

    static func hostPort(_ flag: String, _ value: String) throws(SettingError) -> (String, Int) {
        guard let (host, port) = BrokerConfig.parseHostPort(value) else {
            throw SettingError("\(flag) must be HOST:PORT, got '\(value)'")
        }
        return (host, port)
    }
}
