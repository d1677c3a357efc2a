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

/// What one partition of a known topic is: served, or offline since start-up because its log
/// could not be opened (Kafka's offline log directory, for one partition).
public enum PartitionState: Sendable {
    case online(PartitionLog)
    case offline(reason: String)
    case unknown
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
///     <data>/<name>-<p>.<id>-delete/     a deleted partition not yet removed
///
/// A topic exists exactly when its `.meta` file does, and the `.meta` file is written only once
/// every partition directory it names exists: creation and growth make the directories first
/// and the metadata last, deletion removes the metadata first. A crash or a failure at any step
/// therefore leaves at worst orphan directories (no metadata names them), which start-up and
/// the next creation of the same name remove; never metadata naming partitions that are not
/// there (the failure that used to stop a broker from starting: docs/reliability.md).
///
/// Locks: `lock` guards the in-memory maps and is never held across I/O, since event loops read
/// them. `adminLock` serialises metadata changes (create, grow, alter, delete) across their disk
/// work, as Kafka's controller handles them one at a time; only I/O-pool threads take it.
public final class LogManager: @unchecked Sendable {
    public static let formatVersion = 1
    static let producerIDBlockSize: Int64 = 1000
    static let deletedDirectorySuffix = "-delete"

    public let dataDirectory: FilePath
    public let clusterID: String
    public let nodeID: Int32
    /// Partitions this broker may hold in all (`--max-partitions`); creations beyond it fail
    /// before any file is touched.
    public let maxPartitions: Int
    let path: String
    let io: FileIO
    let brokerDefaults: [String: String]
    let lock = Lock()
    let adminLock = Lock()
    var topics: [String: TopicMetadata] = [:]
    var logs: [TopicPartition: PartitionLog] = [:]
    /// Partitions of known topics that could not be opened at start-up, with the reason.
    var offline: [TopicPartition: String] = [:]
    /// Partitions promised to creations in progress, by topic; they count against the budget.
    var reserved: [String: Int] = [:]
    /// Guards the producer-ID block, whose occasional write must not hold `lock`.
    private let producerIDLock = Lock()
    private var nextProducerID: Int64 = 0
    private var producerIDLimit: Int64 = 0

    /// Opens (creating if needed) the data directory and recovers every partition in it. A
    /// partition that cannot be opened is marked offline (see `offlinePartitions`) and the rest
    /// are served; only a data directory that cannot be used at all throws.
    /// `brokerDefaults` are topic configs (`segment.bytes`, ...) applied under each topic's own.
    public init(
        dataDirectory: FilePath, nodeID: Int32 = 1, brokerDefaults: [String: String] = [:], maxPartitions: Int = .max,
        io: FileIO = PosixFileIO()
    ) throws(StorageError) {
        self.dataDirectory = dataDirectory
        self.nodeID = nodeID
        self.io = io
        self.maxPartitions = maxPartitions
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

    /// Topic metadata files that could not be read at start-up, with the reason. Their partition
    /// directories are left alone (not treated as orphans), so nothing is deleted on a guess.
    public private(set) var unreadableTopics: [String: String] = [:]

    private func loadTopics() throws(StorageError) {
        let topicsDirectory = path + "/__topics"
        for file in try FileSystem.list(topicsDirectory) {
            guard file.hasSuffix(".meta") else {
                FileSystem.remove(topicsDirectory + "/" + file)
                continue
            }
            let name = String(file.dropLast(5))
            guard let text = FileSystem.read(topicsDirectory + "/" + file) else {
                unreadableTopics[name] = "cannot read \(topicsDirectory)/\(file): \(String(cString: strerror(errno)))"
                continue
            }
            let properties = FileSystem.parseProperties(text)
            guard properties["name"] == name, let idText = properties["id"], let id = TopicID(base64: idText),
                let count = properties["partitions"].flatMap({ Int32($0) }), count > 0
            else {
                unreadableTopics[name] = "\(topicsDirectory)/\(file) is not valid topic metadata"
                continue
            }
            var configs: [String: String] = [:]
            for (key, value) in properties where key.hasPrefix("config.") { configs[String(key.dropFirst(7))] = value }
            let topic = TopicMetadata(name: name, id: id, partitionCount: count, configs: configs)
            topics[name] = topic
            let config: LogConfig
            do throws(StorageError) {
                config = try self.config(for: topic)
            } catch {
                for partition in 0..<count { offline[TopicPartition(topic: name, partition: partition)] = "\(error)" }
                continue
            }
            for partition in 0..<count {
                let tp = TopicPartition(topic: name, partition: partition)
                do throws(StorageError) {
                    logs[tp] = try openLog(tp, config: config, create: false)
                } catch {
                    offline[tp] = "\(error)"
                }
            }
        }
        try removeOrphanDirectories()
    }

    /// Directories no metadata names: partitions of deleted topics or of creations a crash cut
    /// short, and deleted partitions not yet removed.
    private func removeOrphanDirectories() throws(StorageError) {
        for entry in try FileSystem.list(path) where FileSystem.isDirectory(path + "/" + entry) {
            if entry.hasSuffix(Self.deletedDirectorySuffix) && entry.contains(".") {
                try? FileSystem.removeTree(path + "/" + entry)
                continue
            }
            // Only directories that are ours: a partition log's format file marks them.
            guard let tp = Self.partition(ofDirectory: entry), unreadableTopics[tp.topic] == nil,
                FileSystem.exists(path + "/" + entry + "/" + PartitionLog.formatFile)
            else { continue }
            if let topic = topics[tp.topic], tp.partition < topic.partitionCount { continue }
            try FileSystem.removeTree(path + "/" + entry)
        }
    }

    /// The partition a directory name `<topic>-<p>` stands for, or nil for anything else.
    static func partition(ofDirectory entry: String) -> TopicPartition? {
        guard let dash = entry.lastIndex(of: "-"), let partition = Int32(entry[entry.index(after: dash)...]), partition >= 0,
            dash > entry.startIndex
        else { return nil }
        return TopicPartition(topic: String(entry[..<dash]), partition: partition)
    }

    func config(for topic: TopicMetadata) throws(StorageError) -> LogConfig {
        try LogConfig(overrides: brokerDefaults.merging(topic.configs) { $1 })
    }

    /// Opens one partition's log; with `create`, the directory must not exist yet (a leftover of
    /// a failed creation is removed first, since no metadata names it).
    func openLog(_ tp: TopicPartition, config: LogConfig, create: Bool) throws(StorageError) -> PartitionLog {
        let directory = path + "/" + tp.directoryName
        if create {
            if FileSystem.exists(directory) { try FileSystem.removeTree(directory) }
        } else {
            guard FileSystem.isDirectory(directory) else { throw .io(errno: ENOENT, context: "partition directory \(directory) is missing") }
        }
        return try PartitionLog(directory: dataDirectory.appending(tp.directoryName), topicPartition: tp, config: config, io: io)
    }

    func persist(_ topic: TopicMetadata) throws(StorageError) {
        var pairs = [("version", "1"), ("name", topic.name), ("id", topic.id.base64), ("partitions", String(topic.partitionCount))]
        pairs += topic.configs.sorted { $0.key < $1.key }.map { ("config." + $0.key, $0.value) }
        try FileSystem.writeAtomically(metaPath(topic.name), FileSystem.formatProperties(pairs))
    }

    func metaPath(_ name: String) -> String { path + "/__topics/" + name + ".meta" }

    // MARK: Reading

    public func allTopics() -> [TopicMetadata] { lock.withLock { topics.values.sorted { $0.name < $1.name } } }
    public func topic(named name: String) -> TopicMetadata? { lock.withLock { topics[name] } }
    public func topic(id: TopicID) -> TopicMetadata? { lock.withLock { topics.values.first { $0.id == id } } }
    public func partitionLog(_ tp: TopicPartition) -> PartitionLog? { lock.withLock { logs[tp] } }

    public func partitionState(_ tp: TopicPartition) -> PartitionState {
        lock.withLock {
            if let log = logs[tp] { return .online(log) }
            if let reason = offline[tp] { return .offline(reason: reason) }
            return .unknown
        }
    }

    /// What a request for a partition without a log is told: KAFKA_STORAGE_ERROR if it is offline
    /// (Kafka answers so for a partition on a failed log directory), else UNKNOWN_TOPIC_OR_PARTITION.
    public func missingLogError(_ tp: TopicPartition) -> KafkaErrorCode {
        lock.withLock { offline[tp] == nil ? .unknownTopicOrPartition : .kafkaStorageError }
    }

    /// Whether a topic of this name is being created right now (its partitions are being made).
    public func isBeingCreated(_ name: String) -> Bool {
        lock.withLock { reserved[name] != nil && topics[name] == nil }
    }

    /// Partitions that could not be opened at start-up, with why.
    public var offlinePartitions: [TopicPartition: String] { lock.withLock { offline } }

    /// Partitions of every topic, offline ones and creations in progress included: what the
    /// partition budget counts.
    public var partitionCount: Int { lock.withLock { partitionCountLocked } }

    var partitionCountLocked: Int {
        topics.values.reduce(0) { $0 + Int($1.partitionCount) } + reserved.values.reduce(0, +)
    }

    /// The config a topic's logs run with: broker defaults under the topic's own overrides.
    public func logConfig(forTopic name: String) -> LogConfig? {
        lock.withLock { topics[name].flatMap { try? config(for: $0) } }
    }
    public var allPartitionLogs: [PartitionLog] { lock.withLock { logs.keys.sorted().compactMap { logs[$0] } } }

    // MARK: Producer IDs

    /// A producer ID never handed out before, even across restarts: IDs are reserved in blocks
    /// whose end is persisted before any ID of the block is used.
    public func allocateProducerID() throws(StorageError) -> Int64 {
        try producerIDLock.withLock { () throws(StorageError) -> Int64 in
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
