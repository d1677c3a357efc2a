/// A topic as `fjord topics describe` reports it, gathered from Metadata, ListOffsets and DescribeConfigs.
public struct TopicDescription: Sendable, Equatable {
    public struct Partition: Sendable, Equatable {
        public var partition: Int32
        public var leader: Int32
        public var logStartOffset: Int64?
        public var logEndOffset: Int64?

        public init(partition: Int32, leader: Int32, logStartOffset: Int64?, logEndOffset: Int64?) {
            self.partition = partition
            self.leader = leader
            self.logStartOffset = logStartOffset
            self.logEndOffset = logEndOffset
        }
    }

    public var name: String
    public var topicID: String
    public var isInternal: Bool
    public var partitions: [Partition]
    /// Only configs whose source is not the default, sorted by key.
    public var configs: [(String, String)]

    public init(name: String, topicID: String, isInternal: Bool, partitions: [Partition], configs: [(String, String)]) {
        self.name = name
        self.topicID = topicID
        self.isInternal = isInternal
        self.partitions = partitions
        self.configs = configs
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.topicID == rhs.topicID && lhs.isInternal == rhs.isInternal && lhs.partitions == rhs.partitions
            && lhs.configs.map { "\($0.0)=\($0.1)" } == rhs.configs.map { "\($0.0)=\($0.1)" }
    }
}

public enum TopicView {
    /// kafka-topics' describe layout (a tab-separated summary line, then one indented line per partition),
    /// with the log start and end offsets added because a single node has no replicas worth listing.
    public static func table(_ topics: [TopicDescription]) -> String {
        var out = ""
        for topic in topics {
            let configs = topic.configs.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            out += "Topic: \(topic.name)\tTopicId: \(topic.topicID)\tPartitionCount: \(topic.partitions.count)\tReplicationFactor: 1\tConfigs: \(configs)\n"
            for p in topic.partitions {
                out += "\tTopic: \(topic.name)\tPartition: \(p.partition)\tLeader: \(p.leader)\tReplicas: \(p.leader)\tIsr: \(p.leader)"
                out += "\tLogStartOffset: \(p.logStartOffset.map(String.init) ?? "-")\tLogEndOffset: \(p.logEndOffset.map(String.init) ?? "-")\n"
            }
        }
        return out
    }

    public static func json(_ topics: [TopicDescription]) -> JSON {
        .array(topics.map { topic in
            .object([
                ("name", .string(topic.name)), ("topic_id", .string(topic.topicID)), ("internal", .bool(topic.isInternal)),
                ("partitions", .array(topic.partitions.map { p in
                    .object([
                        ("partition", .int(Int64(p.partition))), ("leader", .int(Int64(p.leader))),
                        ("log_start_offset", .optional(p.logStartOffset)), ("log_end_offset", .optional(p.logEndOffset)),
                    ])
                })),
                ("configs", .object(topic.configs.map { ($0.0, .string($0.1)) })),
            ])
        })
    }
}

/// `groups list`: GROUP and STATE, as `kafka-consumer-groups --list --state` prints them.
public enum GroupListView {
    public static func table(_ groups: [(group: String, state: String)]) -> String {
        TextTable(columns: [.init("GROUP", width: 15, grows: true), .init("STATE", width: 0)], rows: groups.map { [$0.group, $0.state] }).render()
    }

    public static func json(_ groups: [(group: String, state: String)]) -> JSON {
        .array(groups.map { .object([("group", .string($0.group)), ("state", .string($0.state))]) })
    }
}
