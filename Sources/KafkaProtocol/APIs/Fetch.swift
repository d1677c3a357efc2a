// Fetch, key 1, versions 4–17, flexible from v12. The response lives in FetchResponse.swift.
//
// v4: IsolationLevel; RecordBatch v2 only from here. v5: LogStartOffset. v7: fetch sessions (SessionId,
// SessionEpoch, ForgottenTopicsData, KIP-227). v9: CurrentLeaderEpoch. v10: zstd allowed. v11: RackId.
// v12: LastFetchedEpoch; tagged ClusterId (tag 0). v13: topics by TopicId instead of name (KIP-516).
// v15: ReplicaId moves into the tagged ReplicaState (tag 1). v17: tagged ReplicaDirectoryId (partition tag 0).
import KafkaModel
import NIOCore

public struct FetchRequest: KafkaRequestMessage, Hashable {
    public typealias Response = FetchResponse
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 4...17
    public static let firstFlexibleVersion: Int16? = 12

    /// Who is fetching, for followers in KRaft (KIP-903); consumers leave it out.
    public struct ReplicaState: Hashable, Sendable {
        public var replicaID: Int32
        public var replicaEpoch: Int64
        public var taggedFields: TaggedFields

        public init(replicaID: Int32 = -1, replicaEpoch: Int64 = -1, taggedFields: TaggedFields = .init()) {
            self.replicaID = replicaID
            self.replicaEpoch = replicaEpoch
            self.taggedFields = taggedFields
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partition: Int32
        /// v9+
        public var currentLeaderEpoch: Int32
        public var fetchOffset: Int64
        /// v12+
        public var lastFetchedEpoch: Int32
        /// v5+
        public var logStartOffset: Int64
        public var partitionMaxBytes: Int32
        /// v17+, tag 0.
        public var replicaDirectoryID: TopicID?
        public var taggedFields: TaggedFields

        public init(
            partition: Int32, currentLeaderEpoch: Int32 = -1, fetchOffset: Int64, lastFetchedEpoch: Int32 = -1,
            logStartOffset: Int64 = -1, partitionMaxBytes: Int32, replicaDirectoryID: TopicID? = nil, taggedFields: TaggedFields = .init()
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
            self.replicaDirectoryID = replicaDirectoryID
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        /// v4–12
        public var topic: String
        /// v13+
        public var topicID: TopicID
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(topic: String = "", topicID: TopicID = .zero, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.topic = topic
            self.topicID = topicID
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    /// Partitions to drop from an incremental fetch session.
    public struct ForgottenTopic: Hashable, Sendable {
        /// v7–12
        public var topic: String
        /// v13+
        public var topicID: TopicID
        public var partitions: [Int32]
        public var taggedFields: TaggedFields

        public init(topic: String = "", topicID: TopicID = .zero, partitions: [Int32], taggedFields: TaggedFields = .init()) {
            self.topic = topic
            self.topicID = topicID
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    /// v12+, tag 0.
    public var clusterID: String?
    /// v4–14; −1 for consumers.
    public var replicaID: Int32
    /// v15+, tag 1.
    public var replicaState: ReplicaState?
    public var maxWaitMs: Int32
    public var minBytes: Int32
    public var maxBytes: Int32
    /// 0 = read uncommitted, 1 = read committed.
    public var isolationLevel: Int8
    /// v7+
    public var sessionID: Int32
    /// v7+
    public var sessionEpoch: Int32
    public var topics: [Topic]
    /// v7+
    public var forgottenTopicsData: [ForgottenTopic]
    /// v11+
    public var rackID: String
    public var taggedFields: TaggedFields

    public init(
        clusterID: String? = nil, replicaID: Int32 = -1, replicaState: ReplicaState? = nil, maxWaitMs: Int32, minBytes: Int32,
        maxBytes: Int32 = .max, isolationLevel: Int8 = 0, sessionID: Int32 = 0, sessionEpoch: Int32 = -1, topics: [Topic],
        forgottenTopicsData: [ForgottenTopic] = [], rackID: String = "", taggedFields: TaggedFields = .init()
    ) {
        self.clusterID = clusterID
        self.replicaID = replicaID
        self.replicaState = replicaState
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionID = sessionID
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackID = rackID
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(maxWaitMs: 0, minBytes: 0, topics: [])
        if version <= 14 { replicaID = try buffer.readKafkaInt32("replica_id") }
        maxWaitMs = try buffer.readKafkaInt32("max_wait_ms")
        minBytes = try buffer.readKafkaInt32("min_bytes")
        maxBytes = try buffer.readKafkaInt32("max_bytes")
        isolationLevel = try buffer.readKafkaInt8("isolation_level")
        if version >= 7 {
            sessionID = try buffer.readKafkaInt32("session_id")
            sessionEpoch = try buffer.readKafkaInt32("session_epoch")
        }
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            var topic = Topic(partitions: [])
            if version >= 13 { topic.topicID = try buffer.readKafkaUUID("topic_id") } else { topic.topic = try buffer.readKafkaString("topic", flexible: flexible) }
            topic.partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: 16) { buffer in
                var partition = Partition(partition: try buffer.readKafkaInt32("partition"), fetchOffset: 0, partitionMaxBytes: 0)
                if version >= 9 { partition.currentLeaderEpoch = try buffer.readKafkaInt32("current_leader_epoch") }
                partition.fetchOffset = try buffer.readKafkaInt64("fetch_offset")
                if version >= 12 { partition.lastFetchedEpoch = try buffer.readKafkaInt32("last_fetched_epoch") }
                if version >= 5 { partition.logStartOffset = try buffer.readKafkaInt64("log_start_offset") }
                partition.partitionMaxBytes = try buffer.readKafkaInt32("partition_max_bytes")
                if flexible {
                    var tags = try buffer.readTaggedFields()
                    if version >= 17 { partition.replicaDirectoryID = try tags.takeKnown(0, "replica_directory_id") { try $0.readKafkaUUID() } }
                    partition.taggedFields = tags
                }
                return partition
            }
            topic.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return topic
        }
        if version >= 7 {
            forgottenTopicsData = try buffer.readKafkaArray("forgotten_topics_data", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
                var forgotten = ForgottenTopic(partitions: [])
                if version >= 13 { forgotten.topicID = try buffer.readKafkaUUID("topic_id") } else { forgotten.topic = try buffer.readKafkaString("topic", flexible: flexible) }
                forgotten.partitions = try buffer.readKafkaInt32Array("partitions", flexible: flexible)
                forgotten.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                return forgotten
            }
        }
        if version >= 11 { rackID = try buffer.readKafkaString("rack_id", flexible: flexible) }
        if flexible {
            var tags = try buffer.readTaggedFields()
            clusterID = try tags.takeKnown(0, "cluster_id") { try $0.readKafkaNullableString("cluster_id", flexible: true) } ?? nil
            if version >= 15 { replicaState = try tags.takeKnown(1, "replica_state") { buffer in
                ReplicaState(
                    replicaID: try buffer.readKafkaInt32("replica_id"), replicaEpoch: try buffer.readKafkaInt64("replica_epoch"),
                    taggedFields: try buffer.readTaggedFields()
                )
            } }
            taggedFields = tags
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version <= 14 { buffer.writeInteger(replicaID) }
        buffer.writeInteger(maxWaitMs)
        buffer.writeInteger(minBytes)
        buffer.writeInteger(maxBytes)
        buffer.writeInteger(isolationLevel)
        if version >= 7 {
            buffer.writeInteger(sessionID)
            buffer.writeInteger(sessionEpoch)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            if version >= 13 { buffer.writeKafkaUUID(topic.topicID) } else { buffer.writeKafkaString(topic.topic, flexible: flexible) }
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partition)
                if version >= 9 { buffer.writeInteger(partition.currentLeaderEpoch) }
                buffer.writeInteger(partition.fetchOffset)
                if version >= 12 { buffer.writeInteger(partition.lastFetchedEpoch) }
                if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
                buffer.writeInteger(partition.partitionMaxBytes)
                if flexible {
                    var tags = partition.taggedFields
                    if version >= 17, let id = partition.replicaDirectoryID { tags.setKnown(0) { $0.writeKafkaUUID(id) } }
                    buffer.writeTaggedFields(tags)
                }
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        if version >= 7 {
            buffer.writeKafkaArray(forgottenTopicsData, flexible: flexible) { buffer, forgotten in
                if version >= 13 { buffer.writeKafkaUUID(forgotten.topicID) } else { buffer.writeKafkaString(forgotten.topic, flexible: flexible) }
                buffer.writeKafkaInt32Array(forgotten.partitions, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, forgotten.taggedFields)
            }
        }
        if version >= 11 { buffer.writeKafkaString(rackID, flexible: flexible) }
        if flexible {
            var tags = taggedFields
            if let clusterID { tags.setKnown(0) { $0.writeKafkaNullableString(clusterID, flexible: true) } }
            if version >= 15, let state = replicaState {
                tags.setKnown(1) { buffer in
                    buffer.writeInteger(state.replicaID)
                    buffer.writeInteger(state.replicaEpoch)
                    buffer.writeTaggedFields(state.taggedFields)
                }
            }
            buffer.writeTaggedFields(tags)
        }
    }
}
