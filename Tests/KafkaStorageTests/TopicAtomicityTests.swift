import KafkaModel
import KafkaRecords
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// Topic changes happen whole or not at all, within a partition budget, and a data directory with
/// a partition that cannot be opened still starts (docs/reliability.md).
@Suite struct TopicAtomicityTests {
    private func entries(_ dir: TempDirectory) -> [String] {
        ((try? FileSystem.list(dir.path + "/data")) ?? []).filter { !$0.hasPrefix("__") && $0.hasSuffix(".properties") == false }
    }

    @Test(arguments: [EMFILE, ENOSPC])
    func aCreationFailingPartWayLeavesNoTraceAndCanBeRetried(code: Int32) throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data, io: io)
            // Each partition opens three files: the fault hits the sixth partition's index.
            io.inject(.openError(errno: code), skipping: 5 * 3 + 1)
            #expect(throws: StorageError.io(errno: code, context: "open \(dir.path)/data/cap-tmp-5/00000000000000000000.index (injected)")) {
                try manager.createTopic(name: "cap-tmp", partitions: 8, configs: [:], validateOnly: false)
            }
            #expect(io.firedCount == 1)
            #expect(manager.allTopics().isEmpty)
            #expect(manager.partitionCount == 0)
            #expect(entries(dir).isEmpty)
            #expect(!FileSystem.exists(dir.path + "/data/__topics/cap-tmp.meta"))
            // Nothing is left to stop a second attempt.
            #expect(try manager.createTopic(name: "cap-tmp", partitions: 8, configs: [:], validateOnly: false).partitionCount == 8)
            try manager.close()
        }
        let reopened = try LogManager(dataDirectory: data)
        #expect(reopened.topic(named: "cap-tmp")?.partitionCount == 8)
        #expect(reopened.offlinePartitions.isEmpty)
    }

    @Test func aGrowthFailingPartWayKeepsTheOldPartitionCount() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data, io: io)
            _ = try manager.createTopic(name: "orders", partitions: 2, configs: [:], validateOnly: false)
            io.inject(.openError(errno: ENOSPC), skipping: 7)
            #expect(throws: StorageError.self) { try manager.createPartitions(topic: "orders", newCount: 6) }
            #expect(manager.topic(named: "orders")?.partitionCount == 2)
            #expect(manager.partitionCount == 2)
            #expect(entries(dir) == ["orders-0", "orders-1"])
            try manager.close()
        }
        let reopened = try LogManager(dataDirectory: data)
        #expect(reopened.topic(named: "orders")?.partitionCount == 2)
        #expect(try reopened.createPartitions(topic: "orders", newCount: 6).partitionCount == 6)
    }

    @Test func creationsBeyondThePartitionBudgetFailBeforeTouchingTheDisk() throws {
        let dir = TempDirectory()
        let manager = try LogManager(dataDirectory: dir.sub("data"), maxPartitions: 10)
        _ = try manager.createTopic(name: "orders", partitions: 6, configs: [:], validateOnly: false)
        let refused = StorageError.invalidPartitions(
            "Creating 16711682 partitions would exceed this broker's limit of 10 partitions (--max-partitions); 6 exist.")
        #expect(throws: refused) { try manager.createTopic(name: "cap-tmp", partitions: 16_711_682, configs: [:], validateOnly: false) }
        #expect(throws: refused) { try manager.createTopic(name: "cap-tmp", partitions: 16_711_682, configs: [:], validateOnly: true) }
        #expect(throws: StorageError.self) { try manager.createPartitions(topic: "orders", newCount: 11) }
        #expect(entries(dir) == (0..<6).map { "orders-\($0)" })
        #expect(try manager.createPartitions(topic: "orders", newCount: 10).partitionCount == 10)
        #expect(throws: StorageError.self) { try manager.createTopic(name: "one", partitions: 1, configs: [:], validateOnly: false) }
        try manager.deleteTopic(name: "orders")
        #expect(try manager.createTopic(name: "one", partitions: 1, configs: [:], validateOnly: false).partitionCount == 1)
    }

    @Test func aPartitionThatCannotBeOpenedIsOfflineAndTheRestAreServed() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data)
            _ = try manager.createTopic(name: "orders", partitions: 2, configs: [:], validateOnly: false)
            _ = try manager.createTopic(name: "payments", partitions: 1, configs: [:], validateOnly: false)
            _ = try manager.partitionLog(TopicPartition(topic: "payments", partition: 0))!.append(TestBatch.make(records: 3), now: 0)
            try manager.close()
        }
        // Corruption no recovery can repair: the segment file is a directory.
        let broken = dir.path + "/data/orders-1/00000000000000000000.log"
        unlink(broken)
        mkdir(broken, 0o755)
        let manager = try LogManager(dataDirectory: data)
        let tp = TopicPartition(topic: "orders", partition: 1)
        let reason = try #require(manager.offlinePartitions[tp])
        #expect(reason.contains(broken))
        #expect(manager.missingLogError(tp) == .kafkaStorageError)
        #expect(manager.missingLogError(TopicPartition(topic: "orders", partition: 2)) == .unknownTopicOrPartition)
        #expect(manager.partitionLog(TopicPartition(topic: "orders", partition: 0)) != nil)
        #expect(manager.partitionLog(TopicPartition(topic: "payments", partition: 0))?.logEndOffset == 3)
        // Its data stays on disk for the operator; deleting the topic removes it.
        #expect(FileSystem.isDirectory(dir.path + "/data/orders-1"))
        #expect(manager.partitionCount == 3)
        try manager.deleteTopic(name: "orders")
        #expect(manager.offlinePartitions.isEmpty)
        #expect(entries(dir) == ["payments-0"])
    }

    @Test func unreadableTopicMetadataKeepsItsDirectoriesAndTheBrokerStarts() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        do {
            let manager = try LogManager(dataDirectory: data)
            _ = try manager.createTopic(name: "orders", partitions: 1, configs: [:], validateOnly: false)
            _ = try manager.createTopic(name: "payments", partitions: 1, configs: [:], validateOnly: false)
            try manager.close()
        }
        Files.write(dir.path + "/data/__topics/orders.meta", bytes: Array("garbage".utf8))
        let manager = try LogManager(dataDirectory: data)
        #expect(manager.unreadableTopics["orders"] != nil)
        #expect(manager.allTopics().map(\.name) == ["payments"])
        #expect(FileSystem.isDirectory(dir.path + "/data/orders-0"))
    }

    @Test func deletedPartitionsAreRenamedSoANewTopicOfTheNameStartsEmpty() throws {
        let dir = TempDirectory()
        let data = dir.sub("data")
        let manager = try LogManager(dataDirectory: data)
        _ = try manager.createTopic(name: "orders", partitions: 1, configs: [:], validateOnly: false)
        _ = try manager.partitionLog(TopicPartition(topic: "orders", partition: 0))!.append(TestBatch.make(records: 5), now: 0)
        try manager.deleteTopic(name: "orders")
        #expect(entries(dir).isEmpty)
        _ = try manager.createTopic(name: "orders", partitions: 1, configs: [:], validateOnly: false)
        #expect(manager.partitionLog(TopicPartition(topic: "orders", partition: 0))?.logEndOffset == 0)
        try manager.close()
        // A deleted partition a crash left behind goes at start-up.
        let leftover = dir.path + "/data/" + LogManager.deletedDirectoryName(TopicPartition(topic: "orders", partition: 0))
        mkdir(leftover, 0o755)
        Files.write(leftover + "/00000000000000000000.log", bytes: [1, 2, 3])
        _ = try LogManager(dataDirectory: data)
        #expect(!FileSystem.exists(leftover))
        #expect(entries(dir) == ["orders-0"])
    }

    @Test func aDirectoryLeftByAFailedCreationIsNotReusedByTheNextOne() throws {
        let dir = TempDirectory()
        let manager = try LogManager(dataDirectory: dir.sub("data"))
        // What a rollback that could not remove its directories leaves behind.
        do {
            let stale = try PartitionLog.open(dir, LogConfig())
            _ = try stale.append(TestBatch.make(records: 7), now: 0)
            try stale.close()
        }
        rename(dir.path + "/t-0", dir.path + "/data/orders-0")
        _ = try manager.createTopic(name: "orders", partitions: 1, configs: [:], validateOnly: false)
        #expect(manager.partitionLog(TopicPartition(topic: "orders", partition: 0))?.logEndOffset == 0)
    }
}
