import KafkaModel
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

public struct TopicMetadata: Sendable, Equatable {
    public var name: String
    public var id: TopicID
    public var partitionCount: Int32
    /// Only the configs set for this topic; defaults come from `LogConfig`.
    public var configs: [String: String]

    public var logConfig: LogConfig { (try? LogConfig(overrides: configs)) ?? LogConfig() }
}

/// All topics and partition logs of one data directory.
///
/// Layout (every metadata file is `key=value` lines, replaced atomically: temp, fsync, rename,
/// fsync directory):
///
///     <data>/meta.properties             version=1, cluster.id, node.id, fjord.format.version
///     <data>/producer-ids.properties     next.block: first producer ID not yet handed out
///     <data>/__topics/<name>.meta        version, name, id (base64), partitions, config.<key>=<value>
///     <data>/<name>-<p>/                 one `PartitionLog` per partition
///
/// A topic exists exactly when its `.meta` file does: creation writes it before the partition
/// directories and deletion removes it first, so a crash in between leaves at worst orphan
/// directories, which start-up deletes, or missing ones, which start-up creates.
public final class LogManager: @unchecked Sendable {
    public static let formatVersion = 1
    static let producerIDBlockSize: Int64 = 1000

    public let dataDirectory: FilePath
    public let clusterID: String
    public let nodeID: Int32
    private let path: String
    private let io: FileIO
    private let brokerDefaults: [String: String]
    private let lock = Lock()
    private var topics: [String: TopicMetadata] = [:]
    private var logs: [TopicPartition: PartitionLog] = [:]
    private var nextProducerID: Int64 = 0
    private var producerIDLimit: Int64 = 0

    /// Opens (creating if needed) the data directory and recovers every partition in it.
    /// `brokerDefaults` are topic configs (`segment.bytes`, ...) applied under each topic's own.
    public init(
        dataDirectory: FilePath, nodeID: Int32 = 1, brokerDefaults: [String: String] = [:], io: FileIO = PosixFileIO()
    ) throws(StorageError) {
        self.dataDirectory = dataDirectory
        self.nodeID = nodeID
        self.io = io
        self.path = dataDirectory.string
        _ = try LogConfig(overrides: brokerDefaults)
        self.brokerDefaults = brokerDefaults
        try FileSystem.makeDirectories(path)
        guard access(path, W_OK) == 0 else { throw .io(errno: errno, context: "data directory \(path) is not writable") }
        try FileSystem.makeDirectories(path + "/__topics")
        clusterID = try Self.loadMetaProperties(path: path, nodeID: nodeID)
        if let text = FileSystem.read(path + "/producer-ids.properties"),
            let next = FileSystem.parseProperties(text)["next.block"].flatMap({ Int64($0) })
        {
            nextProducerID = next
            producerIDLimit = next
        }
        do throws(StorageError) {
            try loadTopics()
        } catch {
            for log in logs.values { log.closeWithoutMarker() }
            throw error
        }
    }

    private static func loadMetaProperties(path: String, nodeID: Int32) throws(StorageError) -> String {
        let file = path + "/meta.properties"
        if let text = FileSystem.read(file) {
            let properties = FileSystem.parseProperties(text)
            guard properties["fjord.format.version"] == String(formatVersion) else {
                throw .unsupportedFormat("\(file): fjord.format.version is \(properties["fjord.format.version"] ?? "missing")")
            }
            guard properties["node.id"] == String(nodeID) else {
                throw .unsupportedFormat("\(file) belongs to node \(properties["node.id"] ?? "?"), not \(nodeID)")
            }
            guard let id = properties["cluster.id"], !id.isEmpty else { throw .unsupportedFormat("\(file) has no cluster.id") }
            return id
        }
        let id = TopicID.random().base64
        try FileSystem.writeAtomically(
            file,
            FileSystem.formatProperties([
                ("version", "1"), ("cluster.id", id), ("node.id", String(nodeID)), ("fjord.format.version", String(formatVersion)),
            ]))
        return id
    }

    private func loadTopics() throws(StorageError) {
        let topicsDirectory = path + "/__topics"
        for file in try FileSystem.list(topicsDirectory) {
            guard file.hasSuffix(".meta") else {
                FileSystem.remove(topicsDirectory + "/" + file)
                continue
            }
            guard let text = FileSystem.read(topicsDirectory + "/" + file) else { continue }
            let properties = FileSystem.parseProperties(text)
            guard let name = properties["name"], let idText = properties["id"], let id = TopicID(base64: idText),
                let count = properties["partitions"].flatMap({ Int32($0) })
            else { throw .unsupportedFormat("unreadable topic metadata \(file)") }
            var configs: [String: String] = [:]
            for (key, value) in properties where key.hasPrefix("config.") { configs[String(key.dropFirst(7))] = value }
            let topic = TopicMetadata(name: name, id: id, partitionCount: count, configs: configs)
            topics[name] = topic
            try openPartitions(of: topic, from: 0)
        }
        // Directories of deleted topics or removed partitions (a crash during deleteTopic).
        for entry in try FileSystem.list(path) where FileSystem.isDirectory(path + "/" + entry) {
            guard FileSystem.exists(path + "/" + entry + "/" + PartitionLog.formatFile),
                let dash = entry.lastIndex(of: "-"), let partition = Int32(entry[entry.index(after: dash)...])
            else { continue }
            if logs[TopicPartition(topic: String(entry[..<dash]), partition: partition)] == nil {
                try FileSystem.removeTree(path + "/" + entry)
            }
        }
    }

    private func config(for topic: TopicMetadata) throws(StorageError) -> LogConfig {
        try LogConfig(overrides: brokerDefaults.merging(topic.configs) { $1 })
    }

    private func openPartitions(of topic: TopicMetadata, from first: Int32) throws(StorageError) {
        let config = try config(for: topic)
        for partition in first..<topic.partitionCount {
            let tp = TopicPartition(topic: topic.name, partition: partition)
            logs[tp] = try PartitionLog(directory: dataDirectory.appending(tp.directoryName), topicPartition: tp, config: config, io: io)
        }
    }

    private func persist(_ topic: TopicMetadata) throws(StorageError) {
        var pairs = [("version", "1"), ("name", topic.name), ("id", topic.id.base64), ("partitions", String(topic.partitionCount))]
        pairs += topic.configs.sorted { $0.key < $1.key }.map { ("config." + $0.key, $0.value) }
        try FileSystem.writeAtomically(metaPath(topic.name), FileSystem.formatProperties(pairs))
    }

    private func metaPath(_ name: String) -> String { path + "/__topics/" + name + ".meta" }

    // MARK: Topics

    public func createTopic(name: String, partitions: Int32, configs: [String: String], validateOnly: Bool) throws(StorageError)
        -> TopicMetadata
    {
        if let reason = TopicName.validationError(name) { throw .invalidTopic(reason) }
        guard partitions > 0 else { throw .invalidPartitions("Number of partitions must be larger than 0.") }
        _ = try LogConfig(overrides: brokerDefaults.merging(configs) { $1 })
        return try lock.withLock { () throws(StorageError) -> TopicMetadata in
            guard topics[name] == nil else { throw .topicAlreadyExists(name) }
            // '.' and '_' collide in metric names, so Kafka refuses names differing only by them.
            func normalized(_ s: String) -> String { String(s.map { $0 == "." ? "_" : $0 }) }
            if let clash = topics.keys.first(where: { normalized($0) == normalized(name) }) {
                throw .invalidTopic("Topic '\(name)' collides with existing topic: \(clash)")
            }
            let topic = TopicMetadata(name: name, id: TopicID.random(), partitionCount: partitions, configs: configs)
            if validateOnly { return topic }
            try persist(topic)
            topics[name] = topic
            do throws(StorageError) {
                try openPartitions(of: topic, from: 0)
                try FileSystem.syncDirectory(path)
            } catch {
                try? removeLocked(topic)
                throw error
            }
            return topic
        }
    }

    public func deleteTopic(name: String) throws(StorageError) {
        try lock.withLock { () throws(StorageError) in
            guard let topic = topics[name] else { throw .unknownTopicOrPartition(name) }
            try removeLocked(topic)
        }
    }

    private func removeLocked(_ topic: TopicMetadata) throws(StorageError) {
        FileSystem.remove(metaPath(topic.name))
        try FileSystem.syncDirectory(path + "/__topics")
        topics[topic.name] = nil
        for partition in 0..<topic.partitionCount {
            let tp = TopicPartition(topic: topic.name, partition: partition)
            logs.removeValue(forKey: tp)?.closeWithoutMarker()
            try FileSystem.removeTree(path + "/" + tp.directoryName)
        }
        try FileSystem.syncDirectory(path)
    }

    /// Grows a topic to `newCount` partitions; Kafka never shrinks one.
    @discardableResult
    public func createPartitions(topic name: String, newCount: Int32, validateOnly: Bool = false) throws(StorageError) -> TopicMetadata {
        try lock.withLock { () throws(StorageError) -> TopicMetadata in
            guard var topic = topics[name] else { throw .unknownTopicOrPartition(name) }
            guard newCount > topic.partitionCount else {
                throw .invalidPartitions(
                    "Topic currently has \(topic.partitionCount) partitions, which is higher than the requested \(newCount).")
            }
            let old = topic.partitionCount
            topic.partitionCount = newCount
            if validateOnly { return topic }
            try persist(topic)
            topics[name] = topic
            try openPartitions(of: topic, from: old)
            try FileSystem.syncDirectory(path)
            return topic
        }
    }

    /// Replaces a topic's configs (AlterConfigs semantics; the broker merges incremental changes).
    @discardableResult
    public func alterTopicConfig(name: String, configs: [String: String], validateOnly: Bool = false) throws(StorageError)
        -> TopicMetadata
    {
        let merged = try LogConfig(overrides: brokerDefaults.merging(configs) { $1 })
        return try lock.withLock { () throws(StorageError) -> TopicMetadata in
            guard var topic = topics[name] else { throw .unknownTopicOrPartition(name) }
            topic.configs = configs
            if validateOnly { return topic }
            try persist(topic)
            topics[name] = topic
            for partition in 0..<topic.partitionCount {
                logs[TopicPartition(topic: name, partition: partition)]?.updateConfig(merged)
            }
            return topic
        }
    }

    public func allTopics() -> [TopicMetadata] { lock.withLock { topics.values.sorted { $0.name < $1.name } } }
    public func topic(named name: String) -> TopicMetadata? { lock.withLock { topics[name] } }
    public func topic(id: TopicID) -> TopicMetadata? { lock.withLock { topics.values.first { $0.id == id } } }
    public func partitionLog(_ tp: TopicPartition) -> PartitionLog? { lock.withLock { logs[tp] } }

    /// The config a topic's logs run with: broker defaults under the topic's own overrides.
    public func logConfig(forTopic name: String) -> LogConfig? {
        lock.withLock { topics[name].flatMap { try? config(for: $0) } }
    }
    public var allPartitionLogs: [PartitionLog] { lock.withLock { logs.keys.sorted().compactMap { logs[$0] } } }

    // MARK: Producer IDs

    /// A producer ID never handed out before, even across restarts: IDs are reserved in blocks
    /// whose end is persisted before any ID of the block is used.
    public func allocateProducerID() throws(StorageError) -> Int64 {
        try lock.withLock { () throws(StorageError) -> Int64 in
            if nextProducerID >= producerIDLimit {
                let limit = nextProducerID + Self.producerIDBlockSize
                try FileSystem.writeAtomically(
                    path + "/producer-ids.properties", FileSystem.formatProperties([("next.block", String(limit))]))
                producerIDLimit = limit
            }
            defer { nextProducerID += 1 }
            return nextProducerID
        }
    }

    // MARK: Lifecycle

    /// Flushes every log; returns the first error after trying them all.
    public func flushAll() throws(StorageError) {
        var firstError: StorageError?
        for log in allPartitionLogs {
            do throws(StorageError) { try log.flush() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }

    /// Whether any partition has `*.deleted` files due by `now`; no I/O.
    public func deletedFilesDue(now: Int64) -> Bool {
        allPartitionLogs.contains { ($0.nextDeletedFilesDue ?? .max) <= now }
    }

    /// Unlinks every partition's `*.deleted` segment files whose `file.delete.delay.ms` has
    /// passed by `now`; returns how many files went. The broker's retention pass and its
    /// one-second check of due files call it.
    @discardableResult
    public func removeDeletedFiles(now: Int64) -> Int {
        allPartitionLogs.reduce(0) { $0 + $1.removeDeletedFiles(now: now) }
    }

    public func close() throws(StorageError) {
        var firstError: StorageError?
        for log in allPartitionLogs {
            do throws(StorageError) { try log.close() } catch { firstError = firstError ?? error }
        }
        lock.withLock { logs = [:] }
        if let firstError { throw firstError }
    }
}
