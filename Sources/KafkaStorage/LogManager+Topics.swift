import KafkaModel

#if canImport(Glibc)
import Glibc
#endif

/// Topic changes, each failure-atomic: it either happens whole or leaves the data directory as
/// it was (see the layout notes on `LogManager`). Budgets are checked before any file is touched.
extension LogManager {
    /// Creates a topic: its partition directories first, then its metadata. Creations of
    /// different topics run in parallel; the name and the partitions are reserved meanwhile, so
    /// a second creation of the name fails at once (TOPIC_ALREADY_EXISTS) and the budget counts
    /// partitions still being made.
    public func createTopic(name: String, partitions: Int32, configs: [String: String], validateOnly: Bool) throws(StorageError)
        -> TopicMetadata
    {
        if let reason = TopicName.validationError(name) { throw .invalidTopic(reason) }
        guard partitions > 0 else { throw .invalidPartitions("Number of partitions must be larger than 0.") }
        let config = try LogConfig(overrides: brokerDefaults.merging(configs) { $1 })
        let topic = TopicMetadata(name: name, id: TopicID.random(), partitionCount: partitions, configs: configs)
        try lock.withLock { () throws(StorageError) in
            guard topics[name] == nil, reserved[name] == nil else { throw .topicAlreadyExists(name) }
            // '.' and '_' collide in metric names, so Kafka refuses names differing only by them.
            func normalized(_ s: String) -> String { String(s.map { $0 == "." ? "_" : $0 }) }
            if let clash = (Array(topics.keys) + reserved.keys).first(where: { normalized($0) == normalized(name) }) {
                throw .invalidTopic("Topic '\(name)' collides with existing topic: \(clash)")
            }
            try checkBudgetLocked(adding: Int(partitions))
            reserved[name] = Int(partitions)
        }
        defer { lock.withLock { reserved[name] = nil } }
        if validateOnly { return topic }
        let opened = try createLogs(0..<partitions, config: config, then: topic, replacing: nil)
        publish(topic, opened)
        return topic
    }

    /// Grows a topic to `newCount` partitions (Kafka never shrinks one): the new directories
    /// first, then the metadata with the new count.
    @discardableResult
    public func createPartitions(topic name: String, newCount: Int32, validateOnly: Bool = false) throws(StorageError) -> TopicMetadata {
        try adminLock.withLock { () throws(StorageError) -> TopicMetadata in
            let current = try lock.withLock { () throws(StorageError) -> TopicMetadata in
                guard let topic = topics[name] else { throw .unknownTopicOrPartition(name) }
                guard newCount > topic.partitionCount else {
                    throw .invalidPartitions(
                        "Topic currently has \(topic.partitionCount) partitions, which is higher than the requested \(newCount).")
                }
                try checkBudgetLocked(adding: Int(newCount - topic.partitionCount))
                reserved[name] = Int(newCount - topic.partitionCount)
                return topic
            }
            defer { lock.withLock { reserved[name] = nil } }
            var grown = current
            grown.partitionCount = newCount
            if validateOnly { return grown }
            let opened = try createLogs(current.partitionCount..<newCount, config: try config(for: current), then: grown, replacing: current)
            publish(grown, opened)
            return grown
        }
    }

    /// Makes partitions `range` of `topic` as new logs, fsyncs the data directory, then writes
    /// `topic` as the metadata. On any failure everything is undone (`rollBack`, back to
    /// `previous`) and the error rethrown; only partitions up to the one that failed are visited,
    /// so undoing costs what was done, not what was asked for.
    private func createLogs(
        _ range: Range<Int32>, config: LogConfig, then topic: TopicMetadata, replacing previous: TopicMetadata?
    ) throws(StorageError) -> [TopicPartition: PartitionLog] {
        var opened: [TopicPartition: PartitionLog] = [:]
        var attempted = range.lowerBound
        do throws(StorageError) {
            for partition in range {
                attempted = partition + 1
                let tp = TopicPartition(topic: topic.name, partition: partition)
                opened[tp] = try openLog(tp, config: config, create: true)
            }
            try FileSystem.syncDirectory(path)
            try persist(topic)
        } catch {
            rollBack(created: opened, partitions: range.lowerBound..<attempted, of: topic.name, metadata: previous)
            throw error
        }
        return opened
    }

    /// Makes a created or grown topic visible, with its new logs, and releases its reservation.
    private func publish(_ topic: TopicMetadata, _ opened: [TopicPartition: PartitionLog]) {
        lock.withLock {
            topics[topic.name] = topic
            logs.merge(opened) { $1 }
            reserved[topic.name] = nil
        }
    }

    /// Undoes a creation or growth that failed part-way: closes what was opened, removes every
    /// directory of the attempted partitions, and puts back the metadata as it was (`metadata`,
    /// or none for a new topic). Best effort: whatever cannot be removed now is an orphan, which
    /// no metadata names, and goes at the next start-up or the next creation of the name.
    private func rollBack(created: [TopicPartition: PartitionLog], partitions: Range<Int32>, of name: String, metadata: TopicMetadata?) {
        for log in created.values { log.closeWithoutMarker() }
        if let metadata {
            try? persist(metadata)
        } else {
            FileSystem.remove(metaPath(name))
            try? FileSystem.syncDirectory(path + "/__topics")
        }
        for partition in partitions {
            let directory = path + "/" + TopicPartition(topic: name, partition: partition).directoryName
            if FileSystem.exists(directory) { try? FileSystem.removeTree(directory) }
        }
        try? FileSystem.syncDirectory(path)
    }

    /// Fails with INVALID_PARTITIONS, naming the limit, if `count` more partitions would exceed
    /// `maxPartitions`. Called under `lock`, together with the reservation it guards.
    private func checkBudgetLocked(adding count: Int) throws(StorageError) {
        let existing = partitionCountLocked
        guard count <= maxPartitions - existing else {
            throw .invalidPartitions(
                "Creating \(count) partitions would exceed this broker's limit of \(maxPartitions) partitions (--max-partitions); \(existing) exist.")
        }
    }

    /// Deletes a topic: its metadata first (from then on it does not exist, even after a crash),
    /// then each partition's directory is renamed `<name>-<p>.<id>-delete`, so a new topic of the
    /// same name can never find old data, and removed.
    public func deleteTopic(name: String) throws(StorageError) {
        try adminLock.withLock { () throws(StorageError) in
            guard let topic = lock.withLock({ topics[name] }) else { throw .unknownTopicOrPartition(name) }
            FileSystem.remove(metaPath(name))
            try FileSystem.syncDirectory(path + "/__topics")
            // Still listed meanwhile, so a creation of the name waits for the directories to go.
            var doomed: [String] = []
            for partition in 0..<topic.partitionCount {
                let tp = TopicPartition(topic: name, partition: partition)
                lock.withLock { logs[tp] }?.closeWithoutMarker()
                let directory = path + "/" + tp.directoryName
                let target = path + "/" + Self.deletedDirectoryName(tp)
                if rename(directory, target) == 0 {
                    doomed.append(target)
                } else if errno != ENOENT {
                    // Not renamed: remove it in place, still before the name is free again.
                    try? FileSystem.removeTree(directory)
                }
            }
            try? FileSystem.syncDirectory(path)
            lock.withLock {
                topics[name] = nil
                for partition in 0..<topic.partitionCount {
                    let tp = TopicPartition(topic: name, partition: partition)
                    logs[tp] = nil
                    offline[tp] = nil
                }
            }
            // What cannot be removed now goes at the next start-up.
            for directory in doomed { try? FileSystem.removeTree(directory) }
        }
    }

    /// `<name>-<p>.<random>-delete`, the topic name shortened so the whole stays within NAME_MAX
    /// (topic names reach 249 bytes).
    static func deletedDirectoryName(_ tp: TopicPartition) -> String {
        let unique = TopicID.random().bytes.prefix(8).map { String($0, radix: 16) }.joined()
        return String(tp.topic.prefix(200)) + "-\(tp.partition).\(unique)" + deletedDirectorySuffix
    }

    /// Replaces a topic's configs (AlterConfigs semantics; the broker merges incremental changes).
    @discardableResult
    public func alterTopicConfig(name: String, configs: [String: String], validateOnly: Bool = false) throws(StorageError)
        -> TopicMetadata
    {
        let merged = try LogConfig(overrides: brokerDefaults.merging(configs) { $1 })
        return try adminLock.withLock { () throws(StorageError) -> TopicMetadata in
            guard var topic = lock.withLock({ topics[name] }) else { throw .unknownTopicOrPartition(name) }
            topic.configs = configs
            if validateOnly { return topic }
            try persist(topic)
            let updated = lock.withLock { () -> [PartitionLog] in
                topics[name] = topic
                return (0..<topic.partitionCount).compactMap { logs[TopicPartition(topic: name, partition: $0)] }
            }
            for log in updated { log.updateConfig(merged) }
            return topic
        }
    }
}
