import KafkaModel
import KafkaRecords
import Testing

@testable import KafkaStorage

@Suite struct TopicConfigTableTests {
    @Test func namesAreUniqueAndSorted() {
        let names = TopicConfigDefinition.all.map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
    }

    @Test(arguments: TopicConfigDefinition.all.map(\.name))
    func everyDefaultPassesItsOwnRule(name: String) throws {
        let definition = try #require(TopicConfigDefinition.named(name))
        // The empty default of a list is accepted because it is the default, not because lists may be empty.
        if definition.defaultValue.isEmpty { return }
        try definition.validate(definition.defaultValue)
        let config = try LogConfig(overrides: [name: definition.defaultValue])
        #expect(config.overrides[name] == definition.defaultValue)
    }

    @Test func unsupportedFeaturesAcceptOnlyTheirDefault() throws {
        for (name, other) in [
            ("remote.storage.enable", "true"), ("local.retention.ms", "1000"), ("local.retention.bytes", "1000"),
            ("segment.jitter.ms", "100"), ("leader.replication.throttled.replicas", "*"),
            ("follower.replication.throttled.replicas", "0:1"),
        ] {
            #expect(throws: StorageError.self, "\(name)=\(other)") { try LogConfig(overrides: [name: other]) }
        }
        _ = try LogConfig(overrides: ["remote.storage.enable": "false", "segment.jitter.ms": "0"])
    }

    @Test func minInsyncReplicasIsAnIntOfAtLeastOne() throws {
        #expect(try LogConfig(overrides: ["min.insync.replicas": "2"]).minInsyncReplicas == 2)
        for bad in ["0", "-1", "two", "2147483648"] {
            #expect(throws: StorageError.invalidConfig("Invalid value \(bad) for configuration min.insync.replicas")) {
                try LogConfig(overrides: ["min.insync.replicas": bad])
            }
        }
    }

    @Test func compressionTypeNamesTheTargetCodec() throws {
        #expect(LogConfig().targetCompression == nil)
        let expected: [(String, CompressionCodec)] = [
            ("uncompressed", .none), ("gzip", .gzip), ("snappy", .snappy), ("lz4", .lz4), ("zstd", .zstd),
        ]
        for (name, codec) in expected {
            let target = try #require(try LogConfig(overrides: ["compression.type": name]).targetCompression)
            #expect(target.codec == codec && target.level == nil)
        }
        #expect(throws: StorageError.self) { try LogConfig(overrides: ["compression.type": "brotli"]) }
        // `none` is the producer's word; topics say `uncompressed`, as in Kafka.
        #expect(throws: StorageError.self) { try LogConfig(overrides: ["compression.type": "none"]) }
    }

    @Test func compressionLevelsFollowKafkasBounds() throws {
        let zstd = try LogConfig(overrides: ["compression.type": "zstd", "compression.zstd.level": "-5"])
        #expect(zstd.targetCompression?.level == -5)
        let gzip = try LogConfig(overrides: ["compression.type": "gzip", "compression.gzip.level": "-1"])
        #expect(gzip.targetCompression?.level == nil)
        _ = try LogConfig(overrides: ["compression.gzip.level": "9", "compression.lz4.level": "17", "compression.zstd.level": "22"])
        for (name, bad) in [
            ("compression.gzip.level", "0"), ("compression.gzip.level", "10"), ("compression.lz4.level", "0"),
            ("compression.lz4.level", "18"), ("compression.zstd.level", "23"), ("compression.zstd.level", "-131073"),
        ] {
            #expect(throws: StorageError.self, "\(name)=\(bad)") { try LogConfig(overrides: [name: bad]) }
        }
    }

    @Test func typesAreKafkas() throws {
        func type(_ name: String) throws -> ConfigType { try #require(TopicConfigDefinition.named(name)).type }
        #expect(try type("cleanup.policy") == .list)
        #expect(try type("retention.ms") == .long)
        #expect(try type("segment.bytes") == .int)
        #expect(try type("min.cleanable.dirty.ratio") == .double)
        #expect(try type("preallocate") == .boolean)
        #expect(try type("compression.type") == .string)
    }
}
