// generated from schema/Metadata.schema by make generate; do not edit
import KafkaModel
import NIOCore

public struct MetadataRequest: KafkaRequestMessage, Hashable {
    public typealias Response = MetadataResponse
    public static let apiKey = ApiKey.metadata
    public static let versions: ClosedRange<Int16> = 0...12
    public static let firstFlexibleVersion: Int16? = 9

    /// Null asks for every topic; v0 cannot send null, and there an empty list means every topic.
    public struct Topic: Hashable, Sendable {
        /// v10+; zero when the topic is named. Ignored by the broker in v10-11.
        public var topicID: TopicID
        /// null only in v10+
        /// Null (v10+) when the topic is asked for by ID.
        public var name: String?
        public var taggedFields: TaggedFields

        public init(
            topicID: TopicID = TopicID.zero,
            name: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.topicID = topicID
            self.name = name
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            if version >= 10 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            if version >= 10 {
                self.name = try buffer.readKafkaNullableString("name", flexible: flexible)
            } else {
                self.name = try buffer.readKafkaString("name", flexible: flexible)
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            if version >= 10 {
                buffer.writeKafkaUUID(topicID)
            }
            if version >= 10 {
                buffer.writeKafkaNullableString(name, flexible: flexible)
            } else {
                buffer.writeKafkaString((name ?? ""), flexible: flexible)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// null only in v1+
    /// Null asks for every topic; v0 cannot send null, and there an empty list means every topic.
    public var topics: [Topic]?
    /// v4+
    public var allowAutoTopicCreation: Bool
    /// v8-10
    public var includeClusterAuthorizedOperations: Bool
    /// v8+
    public var includeTopicAuthorizedOperations: Bool
    public var taggedFields: TaggedFields

    public init(
        topics: [Topic]? = nil,
        allowAutoTopicCreation: Bool = true,
        includeClusterAuthorizedOperations: Bool = false,
        includeTopicAuthorizedOperations: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.topics = topics
        self.allowAutoTopicCreation = allowAutoTopicCreation
        self.includeClusterAuthorizedOperations = includeClusterAuthorizedOperations
        self.includeTopicAuthorizedOperations = includeTopicAuthorizedOperations
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        if version >= 1 {
            self.topics = try buffer.readKafkaNullableArray("topics", flexible: flexible, minimumElementSize: (version >= 10 ? 18 : 2)) { buffer in try Topic(from: &buffer, version: version) }
        } else {
            self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 10 ? 18 : 2)) { buffer in try Topic(from: &buffer, version: version) }
        }
        if version >= 4 {
            self.allowAutoTopicCreation = try buffer.readKafkaBool("allow_auto_topic_creation")
        } else {
            self.allowAutoTopicCreation = true
        }
        if version >= 8 && version <= 10 {
            self.includeClusterAuthorizedOperations = try buffer.readKafkaBool("include_cluster_authorized_operations")
        } else {
            self.includeClusterAuthorizedOperations = false
        }
        if version >= 8 {
            self.includeTopicAuthorizedOperations = try buffer.readKafkaBool("include_topic_authorized_operations")
        } else {
            self.includeTopicAuthorizedOperations = false
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        if version >= 1 {
            buffer.writeKafkaNullableArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        } else {
            buffer.writeKafkaArray((topics ?? []), flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        if version >= 4 {
            buffer.writeKafkaBool(allowAutoTopicCreation)
        }
        if version >= 8 && version <= 10 {
            buffer.writeKafkaBool(includeClusterAuthorizedOperations)
        }
        if version >= 8 {
            buffer.writeKafkaBool(includeTopicAuthorizedOperations)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct MetadataResponse: KafkaResponseMessage, Hashable {
    public struct Broker: Hashable, Sendable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        /// v1+
        public var rack: String?
        public var taggedFields: TaggedFields

        public init(
            nodeID: Int32 = 0,
            host: String = "",
            port: Int32 = 0,
            rack: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.nodeID = try buffer.readKafkaInt32("node_id")
            self.host = try buffer.readKafkaString("host", flexible: flexible)
            self.port = try buffer.readKafkaInt32("port")
            if version >= 1 {
                self.rack = try buffer.readKafkaNullableString("rack", flexible: flexible)
            } else {
                self.rack = nil
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(nodeID)
            buffer.writeKafkaString(host, flexible: flexible)
            buffer.writeInteger(port)
            if version >= 1 {
                buffer.writeKafkaNullableString(rack, flexible: flexible)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Topic: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        /// null only in v12+
        /// Null only in v12+, for an unknown topic asked for by ID.
        public var name: String?
        /// v10+
        public var topicID: TopicID
        /// v1+
        public var isInternal: Bool
        public var partitions: [Partition]
        /// v8+
        /// INT32_MIN, not 0, when the client did not ask for authorized operations.
        public var topicAuthorizedOperations: Int32
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            name: String? = nil,
            topicID: TopicID = TopicID.zero,
            isInternal: Bool = false,
            partitions: [Partition] = [],
            topicAuthorizedOperations: Int32 = -2147483648,
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

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            if version >= 12 {
                self.name = try buffer.readKafkaNullableString("name", flexible: flexible)
            } else {
                self.name = try buffer.readKafkaString("name", flexible: flexible)
            }
            if version >= 10 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            if version >= 1 {
                self.isInternal = try buffer.readKafkaBool("is_internal")
            } else {
                self.isInternal = false
            }
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 9 ? 18 : version >= 7 ? 26 : version >= 5 ? 22 : 18)) { buffer in try Partition(from: &buffer, version: version) }
            if version >= 8 {
                self.topicAuthorizedOperations = try buffer.readKafkaInt32("topic_authorized_operations")
            } else {
                self.topicAuthorizedOperations = -2147483648
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(errorCode.rawValue)
            if version >= 12 {
                buffer.writeKafkaNullableString(name, flexible: flexible)
            } else {
                buffer.writeKafkaString((name ?? ""), flexible: flexible)
            }
            if version >= 10 {
                buffer.writeKafkaUUID(topicID)
            }
            if version >= 1 {
                buffer.writeKafkaBool(isInternal)
            }
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            if version >= 8 {
                buffer.writeInteger(topicAuthorizedOperations)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
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
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            partitionIndex: Int32 = 0,
            leaderID: Int32 = 0,
            leaderEpoch: Int32 = -1,
            replicaNodes: [Int32] = [],
            isrNodes: [Int32] = [],
            offlineReplicas: [Int32] = [],
            taggedFields: TaggedFields = .init()
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

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.leaderID = try buffer.readKafkaInt32("leader_id")
            if version >= 7 {
                self.leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
            } else {
                self.leaderEpoch = -1
            }
            self.replicaNodes = try buffer.readKafkaNonNullArray("replica_nodes", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("replica_nodes") }
            self.isrNodes = try buffer.readKafkaNonNullArray("isr_nodes", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("isr_nodes") }
            if version >= 5 {
                self.offlineReplicas = try buffer.readKafkaNonNullArray("offline_replicas", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("offline_replicas") }
            } else {
                self.offlineReplicas = []
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(leaderID)
            if version >= 7 {
                buffer.writeInteger(leaderEpoch)
            }
            buffer.writeKafkaArray(replicaNodes, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            buffer.writeKafkaArray(isrNodes, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            if version >= 5 {
                buffer.writeKafkaArray(offlineReplicas, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
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
    /// v8-10
    public var clusterAuthorizedOperations: Int32
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        brokers: [Broker] = [],
        clusterID: String? = nil,
        controllerID: Int32 = -1,
        topics: [Topic] = [],
        clusterAuthorizedOperations: Int32 = -2147483648,
        taggedFields: TaggedFields = .init()
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
        if version >= 3 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.brokers = try buffer.readKafkaNonNullArray("brokers", flexible: flexible, minimumElementSize: (version >= 9 ? 11 : version >= 1 ? 12 : 10)) { buffer in try Broker(from: &buffer, version: version) }
        if version >= 2 {
            self.clusterID = try buffer.readKafkaNullableString("cluster_id", flexible: flexible)
        } else {
            self.clusterID = nil
        }
        if version >= 1 {
            self.controllerID = try buffer.readKafkaInt32("controller_id")
        } else {
            self.controllerID = -1
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 10 ? 26 : version >= 9 ? 10 : version >= 8 ? 13 : version >= 1 ? 9 : 8)) { buffer in try Topic(from: &buffer, version: version) }
        if version >= 8 && version <= 10 {
            self.clusterAuthorizedOperations = try buffer.readKafkaInt32("cluster_authorized_operations")
        } else {
            self.clusterAuthorizedOperations = -2147483648
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        if version >= 3 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(brokers, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 2 {
            buffer.writeKafkaNullableString(clusterID, flexible: flexible)
        }
        if version >= 1 {
            buffer.writeInteger(controllerID)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 8 && version <= 10 {
            buffer.writeInteger(clusterAuthorizedOperations)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
