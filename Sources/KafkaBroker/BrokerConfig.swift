import KafkaCoordinator
import KafkaModel
import KafkaStorage
import Logging

/// Everything `fjord serve` can be told, from flags or a config file with the same keys. Which
/// flag sets which field, and how, is declared once in `BrokerSettings.all`.
public struct BrokerConfig: Sendable, Equatable {
    public enum FlushPolicy: String, Sendable, CaseIterable {
        /// fdatasync before acknowledging, grouped across concurrent produce requests.
        case always
        /// fdatasync on a timer (`flushIntervalMs`), Kafka's `flush.ms`.
        case interval
        /// Page cache only, Kafka's default.
        case never
    }

    /// How a fetch response carries record sets out of the segment files.
    public enum FetchTransfer: String, Sendable, CaseIterable {
        /// Record sets of at least `FetchTransfer.sendfileThreshold` bytes by sendfile, smaller ones copied.
        case auto
        /// sendfile: the kernel moves page-cache pages to the socket; no copy through the broker.
        case sendfile
        /// pread into one response buffer on an I/O thread, written as ordinary bytes.
        case copy

        /// Below this a record set is cheaper to copy than to send as its own file region (a
        /// descriptor `dup`, a `sendfile` call and a promise each): see docs/benchmarks.md.
        public static let sendfileThreshold = 64 * 1024
    }

    public var listenHost: String = "127.0.0.1"
    public var listenPort: Int = 9092
    public var advertisedHost: String?
    public var advertisedPort: Int?
    public var dataDirectory: String = "./data"
    public var nodeID: Int32 = 1
    public var defaultNumPartitions: Int32 = 1
    public var autoCreateTopics: Bool = true
    public var flushPolicy: FlushPolicy = .always
    public var flushIntervalMs: Int64 = 1000
    /// `--fetch-transfer`; see docs/benchmarks.md for why the default is what it is.
    public var fetchTransfer: FetchTransfer = .auto
    /// Kafka's `log.retention.check.interval.ms`: how often expired segments are looked for.
    public var retentionCheckIntervalMs: Int64 = 300_000
    /// Kafka's `socket.request.max.bytes`.
    public var maxRequestBytes: Int = 100 * 1024 * 1024
    public var maxConnections: Int = 10_000
    /// Partitions the broker may hold (`--max-partitions`); nil derives it from the descriptor
    /// limit and memory at start-up (`ResourceLimits.partitionBudget`).
    public var maxPartitions: Int?
    /// Partitions one CreateTopics or CreatePartitions request may add, summed over its topics:
    /// a bound on the work (about a millisecond of disk per partition) one request can start.
    public var maxPartitionsPerRequest: Int = 10_000
    /// Requests read from one connection but not yet answered; past this the connection stops being read.
    public var maxInFlightRequestsPerConnection: Int = 64
    public var ioThreads: Int = 4
    /// Where the Prometheus endpoint listens (`--metrics-listen`); nil host turns it off, port 0 picks one.
    public var metricsListenHost: String? = "127.0.0.1"
    public var metricsListenPort: Int = 9644
    /// Lag one consumer is expected to work off; `fjord_consumergroup_recommended_consumers` divides by it.
    public var lagThresholdPerConsumer: Int64 = 1000
    /// Group coordinator settings (`group.initial.rebalance.delay.ms`, session timeout bounds, ...).
    public var groupCoordinator = GroupCoordinatorConfig()
    /// Log cleaner settings (`--log-cleaner-interval-ms`, `--log-cleaner-dedupe-buffer-bytes`).
    public var logCleaner = CleanerConfig()
    /// `--log-level`.
    public var logLevel: Logger.Level = .info
    /// The flags given (on the command line or in the config file), so DescribeConfigs can report a
    /// setting given at its default value as STATIC_BROKER_CONFIG, as Kafka does.
    public var givenSettings: Set<String> = []

    public init() {}

    public var effectiveAdvertisedHost: String {
        if let advertisedHost { return advertisedHost }
        return listenHost == "0.0.0.0" || listenHost == "::" ? "127.0.0.1" : listenHost
    }

    public var effectiveAdvertisedPort: Int { advertisedPort ?? listenPort }

    /// Splits `HOST:PORT` (IPv6 as `[::1]:9092`).
    public static func parseHostPort(_ text: String) -> (host: String, port: Int)? {
        var host: Substring
        var portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return nil }
        return (String(host), port)
    }
}
