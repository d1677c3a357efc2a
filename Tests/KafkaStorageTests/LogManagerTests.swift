import KafkaModel
import KafkaRecords
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LogManagerTests {
    @Test func createsPersistsAndReopensTopics() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        let created: TopicMetadata
        let cluster: String
        do {
            let manager = try LogManager(dataDirectory: data)
            cluster = manager.clusterID
            #expect(cluster.utf8.count == 22)
            created = try manager.createTopic(name: "orders", partitions: 3, configs: ["retention.ms": "1000"], validateOnly: false)
            #expect(created.partitionCount == 3 && !created.id.isZero)
            let log = try #require(manager.partitionLog(TopicPartition(topic: "orders", partition: 2)))
            _ = try log.append(TestBatch.make(records: 4), now: 0)
            #expect(manager.partitionLog(TopicPartition(topic: "orders", partition: 3)) == nil)
            try manager.close()
        }
        let manager = try LogManager(dataDirectory: data)
        #expect(manager.clusterID == cluster)
        #expect(manager.allTopics() == [created])
        #expect(manager.topic(id: created.id)?.name == "orders")
        #expect(manager.topic(named: "orders")?.configs == ["retention.ms": "1000"])
        #expect(manager.partitionLog(TopicPartition(topic: "orders", partition: 2))?.logEndOffset == 4)
        #expect(manager.partitionLog(TopicPartition(topic: "orders", partition: 2))?.recoveredFromUncleanShutdown == false)
    }

    @Test func longestTopicNameWorksAndDeletedLogsRefuseUse() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        let name = String(repeating: "n", count: 249)
        let manager = try LogManager(dataDirectory: data)
        _ = try manager.createTopic(name: name, partitions: 1, configs: ["segment.bytes": "5000"], validateOnly: false)
        let log = try #require(manager.partitionLog(TopicPartition(topic: name, partition: 0)))
        _ = try log.append(TestBatch.make(), now: 0)
        #expect(manager.logConfig(forTopic: name)?.segmentBytes == 5000)
        try manager.deleteTopic(name: name)
        #expect(throws: StorageError.self) { try log.append(TestBatch.make(), now: 0) }
        #expect(throws: StorageError.self) { try log.read(from: 0, maxBytes: 100, minOneBatch: true) }
        #expect(log.offset(forTimestamp: 0) == nil)
        try manager.close()
        #expect(try LogManager(dataDirectory: data).allTopics().isEmpty)
    }

    @Test func startupRemovesDirectoriesOfTopicsWithoutMetadata() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data)
            _ = try manager.createTopic(name: "half", partitions: 2, configs: [:], validateOnly: false)
            _ = try manager.createTopic(name: "whole", partitions: 1, configs: [:], validateOnly: false)
            try manager.close()
        }
        // A crash in deleteTopic after the metadata went but before the directories did.
        unlink(dir.path + "/data/__topics/half.meta")
        let manager = try LogManager(dataDirectory: data)
        #expect(manager.allTopics().map(\.name) == ["whole"])
        #expect(Files.size(dir.path + "/data/half-0") == -1)
        #expect(Files.size(dir.path + "/data/whole-0") != -1)
    }

    @Test func validateOnlyCreatesNothing() throws {
        let dir = TempDirectory()
        let manager = try LogManager(dataDirectory: dir.sub("data"))
        _ = try manager.createTopic(name: "dry", partitions: 2, configs: [:], validateOnly: true)
        #expect(manager.allTopics().isEmpty)
        #expect(Files.size(dir.path + "/data/dry-0") == -1)
    }

    @Test func rejectsBadNamesPartitionsConfigsAndDuplicates() throws {
        let dir = TempDirectory()
        let manager = try LogManager(dataDirectory: dir.sub("data"))
        for name in ["", ".", "..", "has space", "slash/name", String(repeating: "x", count: 250)] {
            #expect(throws: StorageError.self) { try manager.createTopic(name: name, partitions: 1, configs: [:], validateOnly: false) }
        }
        do {
            _ = try manager.createTopic(name: "bad", partitions: 1, configs: [:], validateOnly: false)
        }
        #expect(throws: StorageError.invalidPartitions("Number of partitions must be larger than 0.")) {
            try manager.createTopic(name: "zero", partitions: 0, configs: [:], validateOnly: false)
        }
        #expect(throws: StorageError.topicAlreadyExists("bad")) {
            try manager.createTopic(name: "bad", partitions: 1, configs: [:], validateOnly: false)
        }
        for configs in [["no.such.config": "1"], ["retention.ms": "abc"], ["cleanup.policy": "shred"], ["segment.bytes": "1"]] {
            do {
                _ = try manager.createTopic(name: "cfg", partitions: 1, configs: configs, validateOnly: false)
                Issue.record("accepted \(configs)")
            } catch {
                #expect(error.errorCode == .invalidConfig)
            }
        }
        _ = try manager.createTopic(name: "a_b", partitions: 1, configs: [:], validateOnly: false)
        do {
            _ = try manager.createTopic(name: "a.b", partitions: 1, configs: [:], validateOnly: false)
            Issue.record("a.b must collide with a_b")
        } catch {
            #expect(error.errorCode == .invalidTopicException)
        }
        #expect(manager.allTopics().map(\.name) == ["a_b", "bad"])
    }

    @Test func deletesTopicsForGood() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data)
            _ = try manager.createTopic(name: "gone", partitions: 2, configs: [:], validateOnly: false)
            _ = try manager.createTopic(name: "kept", partitions: 1, configs: [:], validateOnly: false)
            try manager.deleteTopic(name: "gone")
            #expect(throws: StorageError.unknownTopicOrPartition("gone")) { try manager.deleteTopic(name: "gone") }
            #expect(Files.size(dir.path + "/data/gone-0") == -1)
            try manager.close()
        }
        let manager = try LogManager(dataDirectory: data)
        #expect(manager.allTopics().map(\.name) == ["kept"])
        let again = try manager.createTopic(name: "gone", partitions: 1, configs: [:], validateOnly: false)
        #expect(manager.partitionLog(TopicPartition(topic: "gone", partition: 0))?.logEndOffset == 0)
        #expect(manager.topic(id: again.id) != nil)
    }

    @Test func createPartitionsOnlyGrows() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data)
            _ = try manager.createTopic(name: "t", partitions: 2, configs: [:], validateOnly: false)
            #expect(throws: StorageError.self) { try manager.createPartitions(topic: "t", newCount: 2) }
            #expect(throws: StorageError.self) { try manager.createPartitions(topic: "t", newCount: 1) }
            #expect(throws: StorageError.unknownTopicOrPartition("nope")) { try manager.createPartitions(topic: "nope", newCount: 5) }
            #expect(try manager.createPartitions(topic: "t", newCount: 5).partitionCount == 5)
            #expect(manager.partitionLog(TopicPartition(topic: "t", partition: 4)) != nil)
            try manager.close()
        }
        let manager = try LogManager(dataDirectory: data)
        #expect(manager.topic(named: "t")?.partitionCount == 5)
        #expect(manager.partitionLog(TopicPartition(topic: "t", partition: 4)) != nil)
    }

    @Test func producerIDsAreUniqueAcrossRestarts() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        var seen = Set<Int64>()
        for _ in 0..<3 {
            let manager = try LogManager(dataDirectory: data)
            for _ in 0..<5 { #expect(seen.insert(try manager.allocateProducerID()).inserted) }
            try manager.close()
        }
        #expect(seen.count == 15)
    }

    @Test func alterConfigIsValidatedPersistedAndApplied() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data)
            _ = try manager.createTopic(name: "t", partitions: 1, configs: [:], validateOnly: false)
            #expect(throws: StorageError.self) { try manager.alterTopicConfig(name: "t", configs: ["max.message.bytes": "-5"]) }
            try manager.alterTopicConfig(name: "t", configs: ["max.message.bytes": "100"])
            let log = try #require(manager.partitionLog(TopicPartition(topic: "t", partition: 0)))
            #expect(throws: StorageError.self) { try log.append(TestBatch.make(valueSize: 200), now: 0) }
            try manager.close()
        }
        let manager = try LogManager(dataDirectory: data)
        let effective = try #require(manager.topic(named: "t")).logConfig.effectiveConfigs
        #expect(effective.first { $0.name == "max.message.bytes" }! == ("max.message.bytes", "100", false))
        #expect(effective.first { $0.name == "segment.bytes" }! == ("segment.bytes", "1073741824", true))
    }

    @Test func unwritableDataDirectoryFailsClearly() throws {
        if getuid() == 0 { return }  // root writes anywhere
        let dir = TempDirectory()
        chmod(dir.path, 0o500)
        defer { chmod(dir.path, 0o700) }
        #expect(throws: StorageError.self) { try LogManager(dataDirectory: dir.sub("data")) }
    }
}

@Suite struct LogConfigTests {
    @Test func defaultsMatchKafka() throws {
        let defaults = Dictionary(uniqueKeysWithValues: LogConfig.topicConfigDefaults.map { ($0.name, $0.value) })
        #expect(defaults["segment.bytes"] == "1073741824")
        #expect(defaults["max.message.bytes"] == "1048588")
        #expect(defaults["compression.type"] == "producer")
        #expect(defaults["min.insync.replicas"] == "1")
        let config = LogConfig()
        #expect(config.segmentMs == 604_800_000 && config.retentionBytes == -1 && config.indexIntervalBytes == 4096)
    }

    @Test func overridesAreTypedAndValidated() throws {
        let config = try LogConfig(overrides: ["segment.bytes": "2048", "message.timestamp.type": "LogAppendTime", "cleanup.policy": "compact,delete"])
        #expect(config.segmentBytes == 2048)
        #expect(config.messageTimestampType == .logAppendTime)
        #expect(throws: StorageError.invalidConfig("Unknown topic config name: bogus")) { try LogConfig(overrides: ["bogus": "1"]) }
        #expect(throws: StorageError.self) { try LogConfig(overrides: ["preallocate": "yes"]) }
        #expect(throws: StorageError.self) { try LogConfig(overrides: ["min.cleanable.dirty.ratio": "2"]) }
        #expect(throws: StorageError.self) { try LogConfig(overrides: ["segment.bytes": "99999999999"]) }
    }

    @Test func timestampBoundsDefaultToUnboundedAsInKafka() {
        let config = LogConfig()
        #expect(config.timestampBeforeMaxMs == .max && config.timestampAfterMaxMs == .max)
        let defaults = Dictionary(uniqueKeysWithValues: LogConfig.topicConfigDefaults.map { ($0.name, $0.value) })
        for name in ["message.timestamp.before.max.ms", "message.timestamp.after.max.ms", "message.timestamp.difference.max.ms"] {
            #expect(defaults[name] == "9223372036854775807")
        }
    }

    @Test func timestampBoundsFallBackToTheDeprecatedDifferenceOnlyWhileLeftAtTheirDefault() throws {
        let difference = try LogConfig(overrides: ["message.timestamp.difference.max.ms": "5000"])
        #expect(difference.timestampBeforeMaxMs == 5000 && difference.timestampAfterMaxMs == 5000)
        let mixed = try LogConfig(overrides: ["message.timestamp.difference.max.ms": "5000", "message.timestamp.after.max.ms": "10"])
        #expect(mixed.timestampBeforeMaxMs == 5000 && mixed.timestampAfterMaxMs == 10)
        let both = try LogConfig(overrides: ["message.timestamp.before.max.ms": "1", "message.timestamp.after.max.ms": "2"])
        #expect(both.timestampBeforeMaxMs == 1 && both.timestampAfterMaxMs == 2)
    }

    @Test(arguments: ["message.timestamp.before.max.ms", "message.timestamp.after.max.ms", "message.timestamp.difference.max.ms"])
    func timestampBoundsRefuseNegativeValues(name: String) {
        #expect(throws: StorageError.self) { try LogConfig(overrides: [name: "-1"]) }
        #expect(throws: StorageError.self) { try LogConfig(overrides: [name: "soon"]) }
    }
}
