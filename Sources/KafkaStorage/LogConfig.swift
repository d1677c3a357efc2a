/// A topic's log settings: Kafka's topic-level configs, typed where storage acts on them.
///
/// `overrides` keeps what the user set, as strings, so DescribeConfigs can tell defaults from
/// overrides and persisted topic metadata stores only what was given.
public struct LogConfig: Sendable, Equatable {
    public enum TimestampType: String, Sendable { case createTime = "CreateTime", logAppendTime = "LogAppendTime" }

    public var segmentBytes = 1_073_741_824
    public var segmentMs: Int64 = 604_800_000
    public var indexIntervalBytes = 4096
    public var segmentIndexBytes = 10_485_760
    public var maxMessageBytes = 1_048_588
    public var messageTimestampType = TimestampType.createTime
    /// As set; read `timestampBeforeMaxMs` and `timestampAfterMaxMs`, which apply the deprecated fallback.
    public var messageTimestampBeforeMaxMs = Int64.max
    public var messageTimestampAfterMaxMs = Int64.max
    /// Deprecated since Kafka 3.6 (KIP-937) in favour of the two above, but still honoured by Kafka 3.x
    /// for whichever of them is left at its default.
    public var messageTimestampDifferenceMaxMs = Int64.max
    public var retentionMs: Int64 = 604_800_000
    public var retentionBytes: Int64 = -1
    public var cleanupPolicy = "delete"
    /// Kafka's "never" is Int64.max for both; the broker's group-commit driver may read them.
    public var flushMessages = Int64.max
    public var flushMs = Int64.max
    public var fileDeleteDelayMs: Int64 = 60_000
    /// Kafka's `preallocate`; Fjord's default is on (Kafka's is off), see `LogSegment.reserve`.
    public var preallocate = true
    public private(set) var overrides: [String: String] = [:]

    public init() {}

    private enum Kind {
        case long(min: Int64, max: Int64 = .max)
        case int(min: Int64)
        case bool
        case choice([String])
        case list([String])
        case ratio
        case string
    }

    private static let table: [(name: String, value: String, kind: Kind)] = [
        ("cleanup.policy", "delete", .list(["delete", "compact"])),
        ("compression.gzip.level", "-1", .long(min: -1, max: 9)),
        ("compression.lz4.level", "9", .long(min: 1, max: 17)),
        ("compression.type", "producer", .choice(["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"])),
        ("compression.zstd.level", "3", .long(min: -131072, max: 22)),
        ("delete.retention.ms", "86400000", .long(min: 0)),
        ("file.delete.delay.ms", "60000", .long(min: 0)),
        ("flush.messages", "9223372036854775807", .long(min: 1)),
        ("flush.ms", "9223372036854775807", .long(min: 0)),
        ("follower.replication.throttled.replicas", "", .string),
        ("index.interval.bytes", "4096", .int(min: 0)),
        ("leader.replication.throttled.replicas", "", .string),
        ("local.retention.bytes", "-2", .long(min: -2)),
        ("local.retention.ms", "-2", .long(min: -2)),
        ("max.compaction.lag.ms", "9223372036854775807", .long(min: 1)),
        ("max.message.bytes", "1048588", .int(min: 0)),
        ("message.timestamp.after.max.ms", "9223372036854775807", .long(min: 0)),
        ("message.timestamp.before.max.ms", "9223372036854775807", .long(min: 0)),
        ("message.timestamp.difference.max.ms", "9223372036854775807", .long(min: 0)),
        ("message.timestamp.type", "CreateTime", .choice(["CreateTime", "LogAppendTime"])),
        ("min.cleanable.dirty.ratio", "0.5", .ratio),
        ("min.compaction.lag.ms", "0", .long(min: 0)),
        ("min.insync.replicas", "1", .int(min: 1)),
        ("preallocate", "true", .bool),
        ("remote.storage.enable", "false", .bool),
        ("retention.bytes", "-1", .long(min: .min)),
        ("retention.ms", "604800000", .long(min: -1)),
        ("segment.bytes", "1073741824", .int(min: 14)),
        ("segment.index.bytes", "10485760", .int(min: 4)),
        ("segment.jitter.ms", "0", .long(min: 0)),
        ("segment.ms", "604800000", .long(min: 1)),
        ("unclean.leader.election.enable", "false", .bool),
    ]

    /// Every topic config Kafka documents, with its default, in name order.
    public static let topicConfigDefaults: [(name: String, value: String)] = table.map { ($0.name, $0.value) }

    /// How far before the broker's clock a CreateTime timestamp may lie. Kafka 3.x falls back to the
    /// deprecated `message.timestamp.difference.max.ms` while this one keeps its default (Long.MAX).
    public var timestampBeforeMaxMs: Int64 {
        messageTimestampBeforeMaxMs != .max ? messageTimestampBeforeMaxMs : messageTimestampDifferenceMaxMs
    }

    /// How far after the broker's clock, with the same fallback.
    public var timestampAfterMaxMs: Int64 {
        messageTimestampAfterMaxMs != .max ? messageTimestampAfterMaxMs : messageTimestampDifferenceMaxMs
    }

    public static func isKnown(_ name: String) -> Bool { table.contains { $0.name == name } }

    /// Defaults with `overrides` applied. Unknown keys and bad values are rejected, as Kafka's
    /// CreateTopics and AlterConfigs do, so nothing invalid is ever persisted.
    public init(overrides: [String: String]) throws(StorageError) {
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            try apply(name: name, value: value)
        }
        self.overrides = overrides
    }

    /// (name, value, isDefault) for DescribeConfigs.
    public var effectiveConfigs: [(name: String, value: String, isDefault: Bool)] {
        Self.table.map { entry in
            if let value = overrides[entry.name] { return (entry.name, value, false) }
            return (entry.name, entry.value, true)
        }
    }

    private mutating func apply(name: String, value: String) throws(StorageError) {
        guard let entry = Self.table.first(where: { $0.name == name }) else {
            throw .invalidConfig("Unknown topic config name: \(name)")
        }
        let bad = StorageError.invalidConfig("Invalid value \(value) for configuration \(name)")
        // Values are persisted as `key=value` lines.
        guard !value.contains("\n") else { throw bad }
        var number: Int64 = 0
        switch entry.kind {
        case let .long(min, max):
            guard let n = Int64(value), n >= min, n <= max else { throw bad }
            number = n
        case let .int(min):
            guard let n = Int32(value), Int64(n) >= min else { throw bad }
            number = Int64(n)
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
        switch name {
        case "segment.bytes": segmentBytes = Int(number)
        case "segment.ms": segmentMs = number
        case "index.interval.bytes": indexIntervalBytes = Int(number)
        case "segment.index.bytes": segmentIndexBytes = Int(number)
        case "max.message.bytes": maxMessageBytes = Int(number)
        case "message.timestamp.type": messageTimestampType = TimestampType(rawValue: value) ?? .createTime
        case "message.timestamp.before.max.ms": messageTimestampBeforeMaxMs = number
        case "message.timestamp.after.max.ms": messageTimestampAfterMaxMs = number
        case "message.timestamp.difference.max.ms": messageTimestampDifferenceMaxMs = number
        case "retention.ms": retentionMs = number
        case "retention.bytes": retentionBytes = number
        case "cleanup.policy": cleanupPolicy = value
        case "flush.messages": flushMessages = number
        case "flush.ms": flushMs = number
        case "file.delete.delay.ms": fileDeleteDelayMs = number
        case "preallocate": preallocate = value == "true"
        default: break
        }
    }

}
