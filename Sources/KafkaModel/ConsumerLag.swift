/// Consumer lag as kafka-consumer-groups, kafka_exporter and Burrow all define it, kept in one place so
/// the CLI and the broker's metrics can never disagree (docs/kafka-behaviour.md, "Consumer lag").
public enum ConsumerLag {
    /// `logEnd − committed`. Nil when the group has no commit for the partition (OffsetFetch answers −1)
    /// or the log end is unknown: Kafka prints `-` then rather than guessing.
    public static func lag(committed: Int64?, logEnd: Int64?) -> Int64? {
        guard let committed, committed >= 0, let logEnd else { return nil }
        return logEnd - committed
    }
}

/// One line of `kafka-consumer-groups --describe`: a partition, its committed and log-end offsets, and
/// the member that owns it (nil for a committed partition nobody owns right now).
public struct ConsumerGroupOffsetRow: Hashable, Sendable {
    public var group: String
    public var topic: String
    public var partition: Int32
    public var currentOffset: Int64?
    public var logEndOffset: Int64?
    public var consumerID: String?
    public var host: String?
    public var clientID: String?

    public init(
        group: String, topic: String, partition: Int32, currentOffset: Int64?, logEndOffset: Int64?,
        consumerID: String? = nil, host: String? = nil, clientID: String? = nil
    ) {
        self.group = group
        self.topic = topic
        self.partition = partition
        self.currentOffset = currentOffset
        self.logEndOffset = logEndOffset
        self.consumerID = consumerID
        self.host = host
        self.clientID = clientID
    }

    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
    public var lag: Int64? { ConsumerLag.lag(committed: currentOffset, logEnd: logEndOffset) }
}

/// A group member as the describe table needs it: identity plus the partitions it was assigned.
public struct ConsumerGroupMemberAssignment: Hashable, Sendable {
    public var consumerID: String
    public var host: String
    public var clientID: String
    public var partitions: [TopicPartition]

    public init(consumerID: String, host: String, clientID: String, partitions: [TopicPartition]) {
        self.consumerID = consumerID
        self.host = host
        self.clientID = clientID
        self.partitions = partitions
    }
}

extension ConsumerGroupOffsetRow {
    /// The rows of one group in kafka-consumer-groups' order: members with an assignment, largest
    /// assignment first, each member's partitions by topic then partition; then every committed partition
    /// no member owns, by topic then partition. A negative committed offset counts as "no commit".
    public static func rows(
        group: String, members: [ConsumerGroupMemberAssignment], committed: [TopicPartition: Int64],
        logEndOffsets: [TopicPartition: Int64]
    ) -> [ConsumerGroupOffsetRow] {
        func commit(_ tp: TopicPartition) -> Int64? { committed[tp].flatMap { $0 >= 0 ? $0 : nil } }
        var rows: [ConsumerGroupOffsetRow] = []
        var owned = Set<TopicPartition>()
        // A stable sort keeps the coordinator's member order among equal assignment sizes.
        let assigned = members.enumerated()
            .filter { !$0.element.partitions.isEmpty }
            .sorted { ($0.element.partitions.count, -$0.offset) > ($1.element.partitions.count, -$1.offset) }
            .map(\.element)
        for member in assigned {
            for tp in member.partitions.sorted() where owned.insert(tp).inserted {
                rows.append(.init(
                    group: group, topic: tp.topic, partition: tp.partition, currentOffset: commit(tp),
                    logEndOffset: logEndOffsets[tp], consumerID: member.consumerID, host: member.host, clientID: member.clientID))
            }
        }
        for tp in committed.keys.sorted() where !owned.contains(tp) && commit(tp) != nil {
            rows.append(.init(group: group, topic: tp.topic, partition: tp.partition, currentOffset: commit(tp), logEndOffset: logEndOffsets[tp]))
        }
        return rows
    }
}
