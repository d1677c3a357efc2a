// generated from schema/CreateTopics.schema by make generate; do not edit
import KafkaModel
import NIOCore

public struct CreateTopicsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = CreateTopicsResponse
    public static let apiKey = ApiKey.createTopics
    public static let versions: ClosedRange<Int16> = 0...7
    public static let firstFlexibleVersion: Int16? = 5

    public struct Topic: Hashable, Sendable {
        public var name: String
        /// -1 (v4+) for the broker default; also -1 when assignments are given.
        public var numPartitions: Int32
        public var replicationFactor: Int16
        /// Explicit replica placement, one entry per partition.
        public var assignments: [Assignment]
        public var configs: [Config]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            numPartitions: Int32 = -1,
            replicationFactor: Int16 = -1,
            assignments: [Assignment] = [],
            configs: [Config] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.numPartitions = numPartitions
            self.replicationFactor = replicationFactor
            self.assignments = assignments
            self.configs = configs
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.numPartitions = try buffer.readKafkaInt32("num_partitions")
            self.replicationFactor = try buffer.readKafkaInt16("replication_factor")
            self.assignments = try buffer.readKafkaNonNullArray("assignments", flexible: flexible, minimumElementSize: (version >= 5 ? 6 : 8)) { buffer in try Assignment(from: &buffer, version: version) }
            self.configs = try buffer.readKafkaNonNullArray("configs", flexible: flexible, minimumElementSize: (version >= 5 ? 3 : 4)) { buffer in try Config(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeInteger(numPartitions)
            buffer.writeInteger(replicationFactor)
            buffer.writeKafkaArray(assignments, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeKafkaArray(configs, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// Explicit replica placement, one entry per partition.
    public struct Assignment: Hashable, Sendable {
        public var partitionIndex: Int32
        public var brokerIDs: [Int32]
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            brokerIDs: [Int32] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.brokerIDs = brokerIDs
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.brokerIDs = try buffer.readKafkaNonNullArray("broker_ids", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("broker_ids") }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeInteger(partitionIndex)
            buffer.writeKafkaArray(brokerIDs, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            value: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.value = value
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.value = try buffer.readKafkaNullableString("value", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaNullableString(value, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    /// v1+: check everything, create nothing.
    public var validateOnly: Bool
    public var taggedFields: TaggedFields

    public init(
        topics: [Topic] = [],
        timeoutMs: Int32 = 60000,
        validateOnly: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 5 ? 10 : 16)) { buffer in try Topic(from: &buffer, version: version) }
        self.timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        if version >= 1 {
            self.validateOnly = try buffer.readKafkaBool("validate_only")
        } else {
            self.validateOnly = false
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeInteger(timeoutMs)
        if version >= 1 {
            buffer.writeKafkaBool(validateOnly)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct CreateTopicsResponse: KafkaResponseMessage, Hashable {
    public struct Topic: Hashable, Sendable {
        public var name: String
        /// v7+
        public var topicID: TopicID
        public var errorCode: KafkaErrorCode
        /// v1+
        public var errorMessage: String?
        /// v5+, tag 0
        /// v5+: set when the topic was created but its configs cannot be described (KIP-525).
        public var topicConfigErrorCode: KafkaErrorCode
        /// v5+
        public var numPartitions: Int32
        /// v5+
        public var replicationFactor: Int16
        /// v5+: the resulting configs, so the client needs no DescribeConfigs round trip.
        public var configs: [Config]?
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            topicID: TopicID = TopicID.zero,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            topicConfigErrorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            numPartitions: Int32 = -1,
            replicationFactor: Int16 = -1,
            configs: [Config]? = nil,
            taggedFields: TaggedFields = .init()
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

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            if version >= 7 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            if version >= 1 {
                self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            } else {
                self.errorMessage = nil
            }
            if version >= 5 {
                self.numPartitions = try buffer.readKafkaInt32("num_partitions")
            } else {
                self.numPartitions = -1
            }
            if version >= 5 {
                self.replicationFactor = try buffer.readKafkaInt16("replication_factor")
            } else {
                self.replicationFactor = -1
            }
            if version >= 5 {
                self.configs = try buffer.readKafkaNullableArray("configs", flexible: flexible, minimumElementSize: 6) { buffer in try Config(from: &buffer, version: version) }
            } else {
                self.configs = nil
            }
            if flexible {
                var tags = try buffer.readTaggedFields()
                self.topicConfigErrorCode = try tags.takeKnown(0, "topic_config_error_code") { buffer in try KafkaErrorCode(rawValue: buffer.readKafkaInt16("topic_config_error_code")) } ?? KafkaErrorCode(rawValue: 0)
                self.taggedFields = tags
            } else {
                self.topicConfigErrorCode = KafkaErrorCode(rawValue: 0)
                self.taggedFields = TaggedFields()
            }
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(name, flexible: flexible)
            if version >= 7 {
                buffer.writeKafkaUUID(topicID)
            }
            buffer.writeInteger(errorCode.rawValue)
            if version >= 1 {
                buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            }
            if version >= 5 {
                buffer.writeInteger(numPartitions)
            }
            if version >= 5 {
                buffer.writeInteger(replicationFactor)
            }
            if version >= 5 {
                buffer.writeKafkaNullableArray(configs, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            }
            if flexible {
                var tags = taggedFields
                if topicConfigErrorCode != KafkaErrorCode(rawValue: 0) { tags.setKnown(0) { buffer in buffer.writeInteger(topicConfigErrorCode.rawValue) } }
                buffer.writeTaggedFields(tags)
            }
        }
    }

    /// v5+: the resulting configs, so the client needs no DescribeConfigs round trip.
    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var readOnly: Bool
        /// DescribeConfigs' source codes; -1 when unknown.
        public var configSource: Int8
        public var isSensitive: Bool
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            value: String? = nil,
            readOnly: Bool = false,
            configSource: Int8 = -1,
            isSensitive: Bool = false,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.value = try buffer.readKafkaNullableString("value", flexible: flexible)
            self.readOnly = try buffer.readKafkaBool("read_only")
            self.configSource = try buffer.readKafkaInt8("config_source")
            self.isSensitive = try buffer.readKafkaBool("is_sensitive")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaNullableString(value, flexible: flexible)
            buffer.writeKafkaBool(readOnly)
            buffer.writeInteger(configSource)
            buffer.writeKafkaBool(isSensitive)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v2+
    public var throttleTimeMs: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 7 ? 28 : version >= 5 ? 12 : version >= 1 ? 6 : 4)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
