/// A partition of a topic, addressed by name as every pre-v13 API does.
public struct TopicPartition: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Kafka's directory name for the partition's log: `<topic>-<partition>`.
    public var directoryName: String { "\(topic)-\(partition)" }
    public var description: String { directoryName }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}
