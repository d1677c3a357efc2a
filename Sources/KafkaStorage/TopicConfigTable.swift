import KafkaModel

/// One topic config as Fjord declares it: Kafka's name, type and default, the values it accepts, what
/// Fjord does with it, the broker-level name Kafka reports as its synonym, and a line of documentation.
///
/// `TopicConfigDefinition.all` is the only list of topic configs: validation (`LogConfig`), CreateTopics,
/// AlterConfigs and DescribeConfigs, and the table in docs/configuration.md (`fjord serve
/// --print-config-table topic`) all read it.
public struct TopicConfigDefinition: Sendable {
    /// The values a config accepts, as Kafka's validators define them.
    public enum Rule: Sendable {
        /// An integer in `min...max`, or exactly `orAlso` (gzip's -1 "library default").
        case integer(min: Int64, max: Int64, orAlso: Int64? = nil)
        case bool
        case choice([String])
        /// Comma-separated items, each one of these (an empty list refused).
        case list([String])
        case ratio
        case string
    }

    /// What Fjord does with a value that passes the rule.
    public enum Support: Sendable, Equatable {
        /// Acted on.
        case honoured
        /// Validated and stored; nothing reads it until replication exists (`min.insync.replicas`).
        case stored
        /// Fjord lacks the feature (tiered storage, replication throttling, segment jitter): only the
        /// default is accepted, anything else is INVALID_CONFIG rather than stored and ignored.
        case onlyDefault
    }

    public let name: String
    public let type: ConfigType
    public let defaultValue: String
    public let rule: Rule
    public let support: Support
    /// The broker config Kafka lists as this config's synonym (`log.retention.ms` for `retention.ms`).
    public let serverName: String?
    public let doc: String

    init(
        _ name: String, _ type: ConfigType, _ defaultValue: String, _ rule: Rule, _ support: Support = .honoured,
        server serverName: String?, _ doc: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.rule = rule
        self.support = support
        self.serverName = serverName
        self.doc = doc
    }

    public static func named(_ name: String) -> TopicConfigDefinition? { byName[name] }

    private static let byName = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Kafka's codec names for `compression.type`, `producer` meaning "as the producer sent it".
    public static let compressionTypes = ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]

    private static let never = String(Int64.max)

    /// Every topic config Kafka 3.9 documents that Fjord knows, in name order. Types, defaults and
    /// bounds are Kafka's (its `LogConfig` definitions); docs and support are Fjord's.
    public static let all: [TopicConfigDefinition] = [
        .init("cleanup.policy", .list, "delete", .list(["delete", "compact"]), server: "log.cleanup.policy",
              "delete: drop old segments by retention.ms/retention.bytes; compact: keep the last record per key; both together do both"),
        .init("compression.gzip.level", .int, "-1", .integer(min: 1, max: 9, orAlso: -1), server: "compression.gzip.level",
              "gzip level used when the broker compresses for compression.type=gzip; -1 is zlib's default"),
        .init("compression.lz4.level", .int, "9", .integer(min: 1, max: 17), server: "compression.lz4.level",
              "lz4 level used when the broker compresses for compression.type=lz4 (applied only when set on the topic)"),
        .init("compression.type", .string, "producer", .choice(compressionTypes), server: "compression.type",
              "codec batches are stored with: producer keeps the producer's; any other value recompresses batches that differ on append"),
        .init("compression.zstd.level", .int, "3", .integer(min: -131_072, max: 22), server: "compression.zstd.level",
              "zstd level used when the broker compresses for compression.type=zstd"),
        .init("delete.retention.ms", .long, "86400000", .integer(min: 0, max: .max), server: "log.cleaner.delete.retention.ms",
              "how long the cleaner keeps tombstones of a compacted topic after it first cleans them"),
        .init("file.delete.delay.ms", .long, "60000", .integer(min: 0, max: .max), server: "log.segment.delete.delay.ms",
              "how long a deleted segment's files wait (renamed .deleted) before they are unlinked"),
        .init("flush.messages", .long, never, .integer(min: 1, max: .max), server: "log.flush.interval.messages",
              "with --flush interval: fdatasync once this many records are unsynced"),
        .init("flush.ms", .long, never, .integer(min: 0, max: .max), server: "log.flush.interval.ms",
              "with --flush interval: this topic's fdatasync period instead of --flush-interval-ms"),
        .init("follower.replication.throttled.replicas", .list, "", .string, .onlyDefault, server: nil,
              "replication throttling; Fjord does not replicate, so only the empty default is accepted"),
        .init("index.interval.bytes", .int, "4096", .integer(min: 0, max: Int64(Int32.max)), server: "log.index.interval.bytes",
              "bytes of batches between two entries of the offset and time indexes"),
        .init("leader.replication.throttled.replicas", .list, "", .string, .onlyDefault, server: nil,
              "replication throttling; Fjord does not replicate, so only the empty default is accepted"),
        .init("local.retention.bytes", .long, "-2", .integer(min: -2, max: .max), .onlyDefault, server: "log.local.retention.bytes",
              "tiered storage; Fjord has none, so only the default -2 is accepted"),
        .init("local.retention.ms", .long, "-2", .integer(min: -2, max: .max), .onlyDefault, server: "log.local.retention.ms",
              "tiered storage; Fjord has none, so only the default -2 is accepted"),
        .init("max.compaction.lag.ms", .long, never, .integer(min: 1, max: .max), server: "log.cleaner.max.compaction.lag.ms",
              "a dirty record older than this is cleaned whatever the dirty ratio"),
        .init("max.message.bytes", .int, "1048588", .integer(min: 0, max: Int64(Int32.max)), server: "message.max.bytes",
              "largest record batch accepted, as stored (after any recompression); MESSAGE_TOO_LARGE beyond"),
        .init("message.timestamp.after.max.ms", .long, never, .integer(min: 0, max: .max), server: "log.message.timestamp.after.max.ms",
              "how far ahead of the broker's clock a CreateTime timestamp may be; INVALID_TIMESTAMP beyond"),
        .init("message.timestamp.before.max.ms", .long, never, .integer(min: 0, max: .max), server: "log.message.timestamp.before.max.ms",
              "how far behind the broker's clock a CreateTime timestamp may be; INVALID_TIMESTAMP beyond"),
        .init("message.timestamp.difference.max.ms", .long, never, .integer(min: 0, max: .max),
              server: "log.message.timestamp.difference.max.ms",
              "deprecated bound on both sides, used for whichever of the two above is left at its default"),
        .init("message.timestamp.type", .string, "CreateTime", .choice(["CreateTime", "LogAppendTime"]),
              server: "log.message.timestamp.type",
              "CreateTime keeps the producer's timestamps; LogAppendTime stamps the broker's clock on append"),
        .init("min.cleanable.dirty.ratio", .double, "0.5", .ratio, server: "log.cleaner.min.cleanable.ratio",
              "share of a compacted log that must be uncleaned before the cleaner works on it"),
        .init("min.compaction.lag.ms", .long, "0", .integer(min: 0, max: .max), server: "log.cleaner.min.compaction.lag.ms",
              "records younger than this are never compacted away"),
        .init("min.insync.replicas", .int, "1", .integer(min: 1, max: Int64(Int32.max)), .stored, server: "min.insync.replicas",
              "replicas that must hold an acks=all write; validated and stored, enforced once Fjord replicates"),
        .init("preallocate", .boolean, "true", .bool, server: "log.preallocate",
              "reserve segment space ahead of writes (fallocate); Fjord's default is true, Kafka's false"),
        .init("remote.storage.enable", .boolean, "false", .bool, .onlyDefault, server: nil,
              "tiered storage; Fjord has none, so only false is accepted"),
        .init("retention.bytes", .long, "-1", .integer(min: .min, max: .max), server: "log.retention.bytes",
              "largest size of one partition before its oldest segments are deleted; -1 is no limit"),
        .init("retention.ms", .long, "604800000", .integer(min: -1, max: .max), server: "log.retention.ms",
              "age after which a segment is deleted (by its largest timestamp); -1 keeps data forever"),
        .init("segment.bytes", .int, "1073741824", .integer(min: 14, max: Int64(Int32.max)), server: "log.segment.bytes",
              "size at which the active segment is rolled"),
        .init("segment.index.bytes", .int, "10485760", .integer(min: 4, max: Int64(Int32.max)), server: "log.index.size.max.bytes",
              "largest offset or time index of one segment; a full index rolls the segment"),
        .init("segment.jitter.ms", .long, "0", .integer(min: 0, max: .max), .onlyDefault, server: "log.roll.jitter.ms",
              "random reduction of segment.ms; not implemented, so only 0 is accepted"),
        .init("segment.ms", .long, "604800000", .integer(min: 1, max: .max), server: "log.roll.ms",
              "age at which the active segment is rolled even if not full"),
        .init("unclean.leader.election.enable", .boolean, "false", .bool, .stored, server: "unclean.leader.election.enable",
              "whether an out-of-sync replica may become leader; stored, and moot while each partition has one replica"),
    ]

    /// Checks `value` against the rule and the support; the message is what INVALID_CONFIG carries.
    public func validate(_ value: String) throws(StorageError) {
        let bad = StorageError.invalidConfig("Invalid value \(value) for configuration \(name)")
        // Values are persisted as `key=value` lines.
        guard !value.contains("\n") else { throw bad }
        switch rule {
        case let .integer(min, max, orAlso):
            guard let n = Int64(value), (n >= min && n <= max) || n == orAlso else { throw bad }
        case .bool:
            guard value == "true" || value == "false" else { throw bad }
        case let .choice(allowed):
            guard allowed.contains(value) else { throw bad }
        case let .list(allowed):
            let items = value.split(separator: ",").map { String($0.filter { $0 != " " }) }
            guard !items.isEmpty, items.allSatisfy(allowed.contains) else { throw bad }
        case .ratio:
            guard let d = Double(value), d >= 0, d <= 1 else { throw bad }
        case .string:
            break
        }
        if support == .onlyDefault && value != defaultValue {
            throw .invalidConfig("Configuration \(name) is not supported by Fjord; only its default '\(defaultValue)' is accepted")
        }
    }
}
