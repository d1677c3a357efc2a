import KafkaCoordinator
import KafkaModel
import KafkaRecords
import KafkaStorage
import Logging
import NIOCore
import SystemPackage
import Testing

@testable import KafkaBroker

#if canImport(Glibc)
import Glibc
#endif

/// `__consumer_offsets` is compacted, so committing the same partitions over and over must leave
/// about one record per (group, partition) after cleaning, and the coordinator's start-up replay
/// must find the same committed offsets in the compacted log as in the original.
@Suite struct ConsumerOffsetsCompactionTests {
    static let offsetsTopic = "__consumer_offsets"

    private static func tempDirectory() -> String {
        var template = Array("/tmp/fjord-offsets-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    private static func coordinatorConfig() -> GroupCoordinatorConfig {
        var config = GroupCoordinatorConfig()
        config.offsetsTopicPartitions = 1
        return config
    }

    /// Runs the coordinator's appends into the real log, as the driver would.
    private static func apply(_ actions: [CoordinatorAction], to coordinator: inout GroupCoordinator, log: PartitionLog, now: Int64) throws {
        for action in actions {
            guard case let .append(_, records, token) = action else { continue }
            var builder = RecordBatchBuilder()
            for record in records {
                builder.append(timestamp: now, key: ByteBuffer(bytes: record.key), value: record.value.map { ByteBuffer(bytes: $0) })
            }
            _ = try log.append(try builder.build(), now: now)
            try apply(coordinator.appendCompleted(token, success: true, now: now), to: &coordinator, log: log, now: now)
        }
    }

    private static func reload(_ log: PartitionLog) throws -> GroupCoordinator {
        var coordinator = GroupCoordinator(config: coordinatorConfig())
        _ = coordinator.partitionLoadStarted(partition: 0, now: 0)
        for record in try GroupCoordinatorDriver.readRecords(of: log, logger: Logger(label: "test")) {
            try? coordinator.replay(key: record.key, value: record.value)
        }
        _ = coordinator.partitionLoadFinished(partition: 0, now: 0)
        return coordinator
    }

    @Test func manyCommitsCompactAndReloadTheSameOffsets() throws {
        let path = Self.tempDirectory()
        defer { _ = try? FileManagerless.removeTree(path) }
        let tp = TopicPartition(topic: Self.offsetsTopic, partition: 0)
        let groups = ["billing", "audit", "search"]
        let partitions = (0..<4).map { TopicPartition(topic: "orders", partition: $0) }
        var expected: [String: [TopicPartition: Int64]] = [:]
        do {
            let manager = try LogManager(dataDirectory: FilePath(path))
            _ = try manager.createTopic(
                name: Self.offsetsTopic, partitions: 1, configs: ["cleanup.policy": "compact", "segment.bytes": "8192"],
                validateOnly: false)
            let log = try #require(manager.partitionLog(tp))
            var coordinator = GroupCoordinator(config: Self.coordinatorConfig())
            _ = coordinator.partitionLoadFinished(partition: 0, now: 0)
            for round in 0..<300 {
                let group = groups[round % groups.count]
                let offsets = partitions.map { ($0, Int64(round * 10 + Int($0.partition))) }
                for (partition, offset) in offsets { expected[group, default: [:]][partition] = offset }
                let input = OffsetCommitInput(
                    groupID: group, generationID: -1, memberID: "",
                    partitions: offsets.map { OffsetCommitPartitionInput(partition: $0.0, offset: $0.1) })
                let actions = coordinator.offsetCommitReceived(input, request: RequestID(UInt64(round + 1)), now: Int64(round))
                try Self.apply(actions, to: &coordinator, log: log, now: Int64(round))
            }
            let sizeBefore = log.sizeInBytes
            #expect(log.segmentBaseOffsets.count > 5)
            let (cleaned, errors) = LogCleaner(logManager: manager).cleanAll(now: 1_000)
            #expect(errors.isEmpty)
            #expect(cleaned.count == 1)
            // All but the active segment shrink to one record per (group, partition) at most.
            #expect(log.sizeInBytes < sizeBefore / 3)
            try manager.close()
        }
        // Restart: the coordinator loads the compacted log.
        let manager = try LogManager(dataDirectory: FilePath(path))
        let log = try #require(manager.partitionLog(tp))
        let coordinator = try Self.reload(log)
        for group in groups {
            let fetched = coordinator.fetchOffsets(group: group, partitions: nil)
            #expect(fetched.error == .none)
            let offsets = Dictionary(uniqueKeysWithValues: fetched.partitions.map { ($0.partition, $0.offset) })
            #expect(offsets == expected[group])
        }
        try manager.close()
    }
}

extension ConsumerOffsetsCompactionTests {
    /// A segment that cannot be read must fail the load, never look like a partition without
    /// commits (which would reset every consumer of its groups).
    @Test func anUnreadableSegmentFailsTheLoadInsteadOfDroppingOffsets() throws {
        let path = Self.tempDirectory()
        defer { _ = try? FileManagerless.removeTree(path) }
        let tp = TopicPartition(topic: Self.offsetsTopic, partition: 0)
        let manager = try LogManager(dataDirectory: FilePath(path))
        defer { try? manager.close() }
        _ = try manager.createTopic(
            name: Self.offsetsTopic, partitions: 1, configs: ["cleanup.policy": "compact", "segment.bytes": "8192"], validateOnly: false)
        let log = try #require(manager.partitionLog(tp))
        var coordinator = GroupCoordinator(config: Self.coordinatorConfig())
        _ = coordinator.partitionLoadFinished(partition: 0, now: 0)
        for round in 0..<100 {
            let input = OffsetCommitInput(
                groupID: "billing", generationID: -1, memberID: "",
                partitions: [OffsetCommitPartitionInput(partition: TopicPartition(topic: "orders", partition: 0), offset: Int64(round))])
            try Self.apply(coordinator.offsetCommitReceived(input, request: RequestID(UInt64(round + 1)), now: 0), to: &coordinator, log: log, now: 0)
        }
        #expect(log.segmentBaseOffsets.count > 1)
        #expect(try GroupCoordinatorDriver.readRecords(of: log, logger: Logger(label: "test")).count == 100)
        // Inactive segments are opened on demand, so a directory in place of the oldest segment's
        // file makes the next read fail (EISDIR) as a disk error would.
        let oldest = path + "/" + Self.offsetsTopic + "-0/" + String(repeating: "0", count: 20) + ".log"
        #expect(unlink(oldest) == 0)
        #expect(mkdir(oldest, 0o755) == 0)
        #expect(throws: (any Error).self) { try GroupCoordinatorDriver.readRecords(of: log, logger: Logger(label: "test")) }
    }
}

/// A recursive delete without Foundation, for the test's temporary directory.
enum FileManagerless {
    static func removeTree(_ path: String) throws {
        guard let dir = opendir(path) else {
            _ = unlink(path)
            return
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) { try removeTree(child) } else { _ = unlink(child) }
        }
        _ = rmdir(path)
    }
}
