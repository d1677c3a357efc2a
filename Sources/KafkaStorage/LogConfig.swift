import KafkaRecords
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
    /// Kafka's `compression.type`: `producer`, or the codec every stored batch gets (`targetCompression`).
    public var compressionType = "producer"
    /// Levels for the broker's own compression; nil leaves the library's default (see `targetCompression`).
    public var compressionGzipLevel: Int?
    public var compressionLz4Level: Int?
    public var compressionZstdLevel: Int?
    /// Validated and stored; read once partitions have more than one replica.
    public var minInsyncReplicas = 1
    public private(set) var overrides: [String: String] = [:]

    public init() {}

    /// Every topic config Kafka documents, with its default, in name order (`TopicConfigDefinition.all`).
    public static let topicConfigDefaults: [(name: String, value: String)] = TopicConfigDefinition.all.map { ($0.name, $0.defaultValue) }

    /// How far before the broker's clock a CreateTime timestamp may lie. Kafka 3.x falls back to the
    /// deprecated `message.timestamp.difference.max.ms` while this one keeps its default (Long.MAX).
    public var timestampBeforeMaxMs: Int64 {
        messageTimestampBeforeMaxMs != .max ? messageTimestampBeforeMaxMs : messageTimestampDifferenceMaxMs
    }

    /// How far after the broker's clock, with the same fallback.
    public var timestampAfterMaxMs: Int64 {
        messageTimestampAfterMaxMs != .max ? messageTimestampAfterMaxMs : messageTimestampDifferenceMaxMs
    }

    public static func isKnown(_ name: String) -> Bool { TopicConfigDefinition.named(name) != nil }

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
        TopicConfigDefinition.all.map { entry in
            if let value = overrides[entry.name] { return (entry.name, value, false) }
            return (entry.name, entry.defaultValue, true)
        }
    }

    private mutating func apply(name: String, value: String) throws(StorageError) {
        guard let entry = TopicConfigDefinition.named(name) else {
            throw .invalidConfig("Unknown topic config name: \(name)")
        }
        try entry.validate(value)
        let number = Int64(value) ?? 0
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
        case "compression.type": compressionType = value
        case "compression.gzip.level": compressionGzipLevel = Int(number)
        case "compression.lz4.level": compressionLz4Level = Int(number)
        case "compression.zstd.level": compressionZstdLevel = Int(number)
        case "min.insync.replicas": minInsyncReplicas = Int(number)
        default: break
        }
    }

}

extension LogConfig {
    /// The codec (and level) `compression.type` asks stored batches to have; nil for `producer`,
    /// which keeps whatever the producer sent. A level is given only when the topic sets one, so an
    /// unset level means the library's default.
    public var targetCompression: (codec: CompressionCodec, level: Int?)? {
        switch compressionType {
        case "uncompressed": (.none, nil)
        case "gzip": (.gzip, compressionGzipLevel == -1 ? nil : compressionGzipLevel)
        case "snappy": (.snappy, nil)
        case "lz4": (.lz4, compressionLz4Level)
        case "zstd": (.zstd, compressionZstdLevel)
        default: nil
        }
    }
}
