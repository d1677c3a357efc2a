// generated from schema/DeleteTopics.schema by make generate; do not edit
import KafkaModel
import NIOCore

public struct DeleteTopicsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DeleteTopicsResponse
    public static let apiKey = ApiKey.deleteTopics
    public static let versions: ClosedRange<Int16> = 0...6
    public static let firstFlexibleVersion: Int16? = 4

    /// v6+: each topic named or given by id (KIP-516); replaces topic_names.
    public struct Topic: Hashable, Sendable {
        /// Null when the topic is given by id.
        public var name: String?
        /// Zero when the topic is given by name.
        public var topicID: TopicID
        public var taggedFields: TaggedFields

        public init(
            name: String? = nil,
            topicID: TopicID = TopicID.zero,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.topicID = topicID
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.name = try buffer.readKafkaNullableString("name", flexible: flexible)
            self.topicID = try buffer.readKafkaUUID("topic_id")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaNullableString(name, flexible: flexible)
            buffer.writeKafkaUUID(topicID)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v6+: each topic named or given by id (KIP-516); replaces topic_names.
    public var topics: [Topic]
    /// v0-5
    public var topicNames: [String]
    public var timeoutMs: Int32
    public var taggedFields: TaggedFields

    public init(
        topics: [Topic] = [],
        topicNames: [String] = [],
        timeoutMs: Int32 = 0,
        taggedFields: TaggedFields = .init()
    ) {
        self.topics = topics
        self.topicNames = topicNames
        self.timeoutMs = timeoutMs
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        if version >= 6 {
            self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: 18) { buffer in try Topic(from: &buffer, version: version) }
        } else {
            self.topics = []
        }
        if version <= 5 {
            self.topicNames = try buffer.readKafkaNonNullArray("topic_names", flexible: flexible, minimumElementSize: (version >= 4 ? 1 : 2)) { buffer in try buffer.readKafkaString("topic_names", flexible: flexible) }
        } else {
            self.topicNames = []
        }
        self.timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 6 {
            buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        if version <= 5 {
            buffer.writeKafkaArray(topicNames, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DeleteTopicsResponse: KafkaResponseMessage, Hashable {
    public struct Result: Hashable, Sendable {
        /// null only in v6+
        /// Null (v6+) for an unknown topic given by id.
        public var name: String?
        /// v6+
        public var topicID: TopicID
        public var errorCode: KafkaErrorCode
        /// v5+
        public var errorMessage: String?
        public var taggedFields: TaggedFields

        public init(
            name: String? = nil,
            topicID: TopicID = TopicID.zero,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            if version >= 6 {
                self.name = try buffer.readKafkaNullableString("name", flexible: flexible)
            } else {
                self.name = try buffer.readKafkaString("name", flexible: flexible)
            }
            if version >= 6 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            if version >= 5 {
                self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            } else {
                self.errorMessage = nil
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            if version >= 6 {
                buffer.writeKafkaNullableString(name, flexible: flexible)
            } else {
                buffer.writeKafkaString((name ?? ""), flexible: flexible)
            }
            if version >= 6 {
                buffer.writeKafkaUUID(topicID)
            }
            buffer.writeInteger(errorCode.rawValue)
            if version >= 5 {
                buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    public var responses: [Result]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        responses: [Result] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.responses = try buffer.readKafkaNonNullArray("responses", flexible: flexible, minimumElementSize: (version >= 6 ? 21 : version >= 5 ? 5 : 4)) { buffer in try Result(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(responses, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
