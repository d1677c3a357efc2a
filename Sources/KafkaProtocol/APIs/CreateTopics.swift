// CreateTopics, key 19, versions 2–7, flexible from v5.
//
// v0–1 were removed in Kafka 4 and are not implemented. v1: ValidateOnly; v2: ThrottleTimeMs.
// v4: NumPartitions/ReplicationFactor may be −1 for the broker default (KIP-464).
// v5: the response echoes NumPartitions, ReplicationFactor and the resulting Configs (nullable), plus a tagged
//     TopicConfigErrorCode (tag 0) when configs cannot be described (KIP-525). v7: TopicId in the response.
import KafkaModel
import NIOCore

public struct CreateTopicsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = CreateTopicsResponse
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 2...7
    public static let firstFlexibleVersion: Int16? = 5

    public struct Assignment: Hashable, Sendable {
        public var partitionIndex: Int32
        public var brokerIDs: [Int32]
        public var taggedFields: TaggedFields

        public init(partitionIndex: Int32, brokerIDs: [Int32], taggedFields: TaggedFields = .init()) {
            self.partitionIndex = partitionIndex
            self.brokerIDs = brokerIDs
            self.taggedFields = taggedFields
        }
    }

    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var taggedFields: TaggedFields

        public init(name: String, value: String?, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.value = value
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        /// −1 for the broker default.
        public var numPartitions: Int32
        /// −1 for the broker default.
        public var replicationFactor: Int16
        /// Explicit replica placement; when present, NumPartitions and ReplicationFactor are −1.
        public var assignments: [Assignment]
        public var configs: [Config]
        public var taggedFields: TaggedFields

        public init(
            name: String, numPartitions: Int32 = -1, replicationFactor: Int16 = -1, assignments: [Assignment] = [], configs: [Config] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
            self.taggedFields = taggedFields
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    public var validateOnly: Bool
    public var taggedFields: TaggedFields

    public init(topics: [Topic], timeoutMs: Int32 = 60_000, validateOnly: Bool = false, taggedFields: TaggedFields = .init()) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 10 : 16) { buffer in
            var topic = Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                numPartitions: try buffer.readKafkaInt32("num_partitions"),
                replicationFactor: try buffer.readKafkaInt16("replication_factor")
            )
            topic.assignments = try buffer.readKafkaArray("assignments", flexible: flexible, minimumElementSize: flexible ? 6 : 8) { buffer in
                Assignment(
                    partitionIndex: try buffer.readKafkaInt32("partition_index"),
                    brokerIDs: try buffer.readKafkaInt32Array("broker_ids", flexible: flexible),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
            topic.configs = try buffer.readKafkaArray("configs", flexible: flexible, minimumElementSize: flexible ? 3 : 4) { buffer in
                Config(
                    name: try buffer.readKafkaString("name", flexible: flexible),
                    value: try buffer.readKafkaNullableString("value", flexible: flexible),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
            topic.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return topic
        }
        timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        validateOnly = try buffer.readKafkaBool("validate_only")
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeInteger(topic.numPartitions)
            buffer.writeInteger(topic.replicationFactor)
            buffer.writeKafkaArray(topic.assignments, flexible: flexible) { buffer, assignment in
                buffer.writeInteger(assignment.partitionIndex)
                buffer.writeKafkaInt32Array(assignment.brokerIDs, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, assignment.taggedFields)
            }
            buffer.writeKafkaArray(topic.configs, flexible: flexible) { buffer, config in
                buffer.writeKafkaString(config.name, flexible: flexible)
                buffer.writeKafkaNullableString(config.value, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, config.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaBool(validateOnly)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct CreateTopicsResponse: KafkaResponseMessage, Hashable {
    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var readOnly: Bool
        /// DescribeConfigs' source codes; −1 when unknown.
        public var configSource: Int8
        public var isSensitive: Bool
        public var taggedFields: TaggedFields

        public init(name: String, value: String?, readOnly: Bool = false, configSource: Int8 = -1, isSensitive: Bool = false, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        /// v7+
        public var topicID: TopicID
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        /// v5+, tag 0; written only when not NONE.
        public var topicConfigErrorCode: KafkaErrorCode
        /// v5+
        public var numPartitions: Int32
        /// v5+
        public var replicationFactor: Int16
        /// v5+
        public var configs: [Config]?
        public var taggedFields: TaggedFields

        public init(
            name: String, topicID: TopicID = .zero, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil,
            topicConfigErrorCode: KafkaErrorCode = .none, numPartitions: Int32 = -1, replicationFactor: Int16 = -1,
            configs: [Config]? = nil, taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.topicConfigErrorCode = topicConfigErrorCode
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.configs = configs
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, topics: [Topic], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 11 : 6) { buffer in
            var topic = Topic(name: try buffer.readKafkaString("name", flexible: flexible))
            if version >= 7 { topic.topicID = try buffer.readKafkaUUID("topic_id") }
            topic.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
            topic.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            if version >= 5 {
                topic.numPartitions = try buffer.readKafkaInt32("num_partitions")
                topic.replicationFactor = try buffer.readKafkaInt16("replication_factor")
                topic.configs = try buffer.readKafkaNullableArray("configs", flexible: flexible, minimumElementSize: 6) { buffer in
                    Config(
                        name: try buffer.readKafkaString("name", flexible: flexible),
                        value: try buffer.readKafkaNullableString("value", flexible: flexible),
                        readOnly: try buffer.readKafkaBool("read_only"),
                        configSource: try buffer.readKafkaInt8("config_source"),
                        isSensitive: try buffer.readKafkaBool("is_sensitive"),
                        taggedFields: try buffer.readTaggedFieldsIf(flexible)
                    )
                }
            }
            if flexible {
                var tags = try buffer.readTaggedFields()
                if let code = try tags.takeKnown(0, "topic_config_error_code", { try $0.readKafkaInt16("topic_config_error_code") }) {
                    topic.topicConfigErrorCode = KafkaErrorCode(rawValue: code)
                }
                topic.taggedFields = tags
            }
            return topic
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            if version >= 7 { buffer.writeKafkaUUID(topic.topicID) }
            buffer.writeInteger(topic.errorCode.rawValue)
            buffer.writeKafkaNullableString(topic.errorMessage, flexible: flexible)
            if version >= 5 {
                buffer.writeInteger(topic.numPartitions)
                buffer.writeInteger(topic.replicationFactor)
                buffer.writeKafkaNullableArray(topic.configs, flexible: flexible) { buffer, config in
                    buffer.writeKafkaString(config.name, flexible: flexible)
                    buffer.writeKafkaNullableString(config.value, flexible: flexible)
                    buffer.writeKafkaBool(config.readOnly)
                    buffer.writeInteger(config.configSource)
                    buffer.writeKafkaBool(config.isSensitive)
                    buffer.writeTaggedFieldsIf(flexible, config.taggedFields)
                }
            }
            if flexible {
                var tags = topic.taggedFields
                if topic.topicConfigErrorCode != .none { tags.setKnown(0) { $0.writeInteger(topic.topicConfigErrorCode.rawValue) } }
                buffer.writeTaggedFields(tags)
            }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
