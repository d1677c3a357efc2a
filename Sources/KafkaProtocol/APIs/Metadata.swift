// Metadata, key 3, versions 0–12, flexible from v9.
//
// v0: an empty topic list means "all topics"; from v1 the list is nullable and null means "all" while
//     empty means "none". v1: Rack, ControllerId, IsInternal. v2: ClusterId. v3: ThrottleTimeMs.
// v4: AllowAutoTopicCreation. v5: OfflineReplicas. v7: LeaderEpoch.
// v8: authorized-operations flags; "not requested" answers carry INT32_MIN, not 0.
// v10: TopicId in request and response; the request's ID must be ignored for v10–11.
// v11: ClusterAuthorizedOperations removed (it moved to DescribeCluster).
// v12: request topics may be named by ID only (Name null); response Name nullable.
import KafkaModel
import NIOCore

public struct MetadataRequest: KafkaRequestMessage, Hashable {
    public typealias Response = MetadataResponse
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 0...12
    public static let firstFlexibleVersion: Int16? = 9

    public struct Topic: Hashable, Sendable {
        /// v10+; zero when the topic is named.
        public var topicID: TopicID
        /// Null only in v12+, when the topic is asked for by ID.
        public var name: String?
        public var taggedFields: TaggedFields

        public init(topicID: TopicID = .zero, name: String?, taggedFields: TaggedFields = .init()) {
            self.topicID = topicID
            self.name = name
            self.taggedFields = taggedFields
        }
    }

    /// nil asks for every topic. In v0 that is sent as an empty list, so an empty list cannot be sent in v0.
    public var topics: [Topic]?
    /// v4+
    public var allowAutoTopicCreation: Bool
    /// v8–10
    public var includeClusterAuthorizedOperations: Bool
    /// v8+
    public var includeTopicAuthorizedOperations: Bool
    public var taggedFields: TaggedFields

    public init(
        topics: [Topic]?, allowAutoTopicCreation: Bool = true, includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false, taggedFields: TaggedFields = .init()
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        let topics = try buffer.readKafkaNullableArray("topics", flexible: flexible, minimumElementSize: flexible ? 2 : 2) { buffer in
            var topic = Topic(name: nil)
            if version >= 10 { topic.topicID = try buffer.readKafkaUUID("topic_id") }
            topic.name = try buffer.readKafkaNullableString("name", flexible: flexible)
            topic.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return topic
        }
        self.topics = version == 0 && topics?.isEmpty == true ? nil : topics
        allowAutoTopicCreation = version >= 4 ? try buffer.readKafkaBool("allow_auto_topic_creation") : true
        includeClusterAuthorizedOperations = (8...10).contains(version) ? try buffer.readKafkaBool("include_cluster_authorized_operations") : false
        includeTopicAuthorizedOperations = version >= 8 ? try buffer.readKafkaBool("include_topic_authorized_operations") : false
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaNullableArray(version == 0 ? (topics ?? []) : topics, flexible: flexible) { buffer, topic in
            if version >= 10 { buffer.writeKafkaUUID(topic.topicID) }
            buffer.writeKafkaNullableString(topic.name, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        if version >= 4 { buffer.writeKafkaBool(allowAutoTopicCreation) }
        if (8...10).contains(version) { buffer.writeKafkaBool(includeClusterAuthorizedOperations) }
        if version >= 8 { buffer.writeKafkaBool(includeTopicAuthorizedOperations) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct MetadataResponse: KafkaResponseMessage, Hashable {
    /// Kafka's marker for "authorized operations were not requested".
    public static let authorizedOperationsOmitted = Int32.min

    public struct Broker: Hashable, Sendable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        /// v1+
        public var rack: String?
        public var taggedFields: TaggedFields

        public init(nodeID: Int32, host: String, port: Int32, rack: String? = nil, taggedFields: TaggedFields = .init()) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
            self.taggedFields = taggedFields
        }
    }

    public struct Partition: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var partitionIndex: Int32
        public var leaderID: Int32
        /// v7+
        public var leaderEpoch: Int32
        public var replicaNodes: [Int32]
        public var isrNodes: [Int32]
        /// v5+
        public var offlineReplicas: [Int32]
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = .none, partitionIndex: Int32, leaderID: Int32, leaderEpoch: Int32 = -1,
            replicaNodes: [Int32], isrNodes: [Int32], offlineReplicas: [Int32] = [], taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.partitionIndex = partitionIndex
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
            self.replicaNodes = replicaNodes
            self.isrNodes = isrNodes
            self.offlineReplicas = offlineReplicas
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        /// Null only in v12+, for an unknown topic asked for by ID.
        public var name: String?
        /// v10+
        public var topicID: TopicID
        /// v1+
        public var isInternal: Bool
        public var partitions: [Partition]
        /// v8+
        public var topicAuthorizedOperations: Int32
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = .none, name: String?, topicID: TopicID = .zero, isInternal: Bool = false,
            partitions: [Partition], topicAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted,
            taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.name = name
            self.topicID = topicID
            self.isInternal = isInternal
            self.partitions = partitions
            self.topicAuthorizedOperations = topicAuthorizedOperations
            self.taggedFields = taggedFields
        }
    }

    /// v3+
    public var throttleTimeMs: Int32
    public var brokers: [Broker]
    /// v2+
    public var clusterID: String?
    /// v1+
    public var controllerID: Int32
    public var topics: [Topic]
    /// v8–10
    public var clusterAuthorizedOperations: Int32
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0, brokers: [Broker], clusterID: String? = nil, controllerID: Int32 = -1, topics: [Topic],
        clusterAuthorizedOperations: Int32 = MetadataResponse.authorizedOperationsOmitted, taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.brokers = brokers
        self.clusterID = clusterID
        self.controllerID = controllerID
        self.topics = topics
        self.clusterAuthorizedOperations = clusterAuthorizedOperations
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        throttleTimeMs = version >= 3 ? try buffer.readKafkaInt32("throttle_time_ms") : 0
        brokers = try buffer.readKafkaArray("brokers", flexible: flexible, minimumElementSize: flexible ? 10 : 10) { buffer in
            var broker = Broker(
                nodeID: try buffer.readKafkaInt32("node_id"),
                host: try buffer.readKafkaString("host", flexible: flexible),
                port: try buffer.readKafkaInt32("port")
            )
            if version >= 1 { broker.rack = try buffer.readKafkaNullableString("rack", flexible: flexible) }
            broker.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return broker
        }
        clusterID = version >= 2 ? try buffer.readKafkaNullableString("cluster_id", flexible: flexible) : nil
        controllerID = version >= 1 ? try buffer.readKafkaInt32("controller_id") : -1
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 4 : 8) { buffer in
            let errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
            let name = try buffer.readKafkaNullableString("name", flexible: flexible)
            var topic = Topic(errorCode: errorCode, name: name, partitions: [])
            if version >= 10 { topic.topicID = try buffer.readKafkaUUID("topic_id") }
            if version >= 1 { topic.isInternal = try buffer.readKafkaBool("is_internal") }
            topic.partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: flexible ? 12 : 18) { buffer in
                var partition = Partition(
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    partitionIndex: try buffer.readKafkaInt32("partition_index"),
                    leaderID: try buffer.readKafkaInt32("leader_id"),
                    replicaNodes: [], isrNodes: []
                )
                if version >= 7 { partition.leaderEpoch = try buffer.readKafkaInt32("leader_epoch") }
                partition.replicaNodes = try buffer.readKafkaInt32Array("replica_nodes", flexible: flexible)
                partition.isrNodes = try buffer.readKafkaInt32Array("isr_nodes", flexible: flexible)
                if version >= 5 { partition.offlineReplicas = try buffer.readKafkaInt32Array("offline_replicas", flexible: flexible) }
                partition.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                return partition
            }
            if version >= 8 { topic.topicAuthorizedOperations = try buffer.readKafkaInt32("topic_authorized_operations") }
            topic.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return topic
        }
        clusterAuthorizedOperations = (8...10).contains(version)
            ? try buffer.readKafkaInt32("cluster_authorized_operations") : Self.authorizedOperationsOmitted
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(brokers, flexible: flexible) { buffer, broker in
            buffer.writeInteger(broker.nodeID)
            buffer.writeKafkaString(broker.host, flexible: flexible)
            buffer.writeInteger(broker.port)
            if version >= 1 { buffer.writeKafkaNullableString(broker.rack, flexible: flexible) }
            buffer.writeTaggedFieldsIf(flexible, broker.taggedFields)
        }
        if version >= 2 { buffer.writeKafkaNullableString(clusterID, flexible: flexible) }
        if version >= 1 { buffer.writeInteger(controllerID) }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeInteger(topic.errorCode.rawValue)
            buffer.writeKafkaNullableString(topic.name, flexible: flexible)
            if version >= 10 { buffer.writeKafkaUUID(topic.topicID) }
            if version >= 1 { buffer.writeKafkaBool(topic.isInternal) }
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.leaderID)
                if version >= 7 { buffer.writeInteger(partition.leaderEpoch) }
                buffer.writeKafkaInt32Array(partition.replicaNodes, flexible: flexible)
                buffer.writeKafkaInt32Array(partition.isrNodes, flexible: flexible)
                if version >= 5 { buffer.writeKafkaInt32Array(partition.offlineReplicas, flexible: flexible) }
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            if version >= 8 { buffer.writeInteger(topic.topicAuthorizedOperations) }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        if (8...10).contains(version) { buffer.writeInteger(clusterAuthorizedOperations) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
