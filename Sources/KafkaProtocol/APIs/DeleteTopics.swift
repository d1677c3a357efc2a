// DeleteTopics, key 20, versions 1–6, flexible from v4.
//
// v0 was removed in Kafka 4 and is not implemented. v1: ThrottleTimeMs. v5: per-topic ErrorMessage.
// v6: topics may be named or identified by ID (KIP-516): the request's TopicNames (v0–5) becomes Topics
//     [{Name nullable, TopicId}], and the response carries TopicId with a nullable Name.
import KafkaModel
import NIOCore

public struct DeleteTopicsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DeleteTopicsResponse
    public static let apiKey = ApiKey.deleteTopics
    public static let versions: ClosedRange<Int16> = 1...6
    public static let firstFlexibleVersion: Int16? = 4

    public struct Topic: Hashable, Sendable {
        /// Null when the topic is given by ID.
        public var name: String?
        /// Zero when the topic is given by name.
        public var topicID: TopicID
        public var taggedFields: TaggedFields

        public init(name: String?, topicID: TopicID = .zero, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.topicID = topicID
            self.taggedFields = taggedFields
        }
    }

    /// v6+
    public var topics: [Topic]
    /// v1–5
    public var topicNames: [String]
    public var timeoutMs: Int32
    public var taggedFields: TaggedFields

    public init(topics: [Topic] = [], topicNames: [String] = [], timeoutMs: Int32, taggedFields: TaggedFields = .init()) {
        self.topics = topics
        self.topicNames = topicNames
        self.timeoutMs = timeoutMs
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(timeoutMs: 0)
        if version >= 6 {
            topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: 18) { buffer in
                Topic(
                    name: try buffer.readKafkaNullableString("name", flexible: flexible),
                    topicID: try buffer.readKafkaUUID("topic_id"),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
        } else {
            topicNames = try buffer.readKafkaStringArray("topic_names", flexible: flexible)
        }
        timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version >= 6 {
            buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
                buffer.writeKafkaNullableString(topic.name, flexible: flexible)
                buffer.writeKafkaUUID(topic.topicID)
                buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
            }
        } else {
            buffer.writeKafkaStringArray(topicNames, flexible: flexible)
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DeleteTopicsResponse: KafkaResponseMessage, Hashable {
    public struct Result: Hashable, Sendable {
        /// Nullable in v6+, for an unknown topic given by ID.
        public var name: String?
        /// v6+
        public var topicID: TopicID
        public var errorCode: KafkaErrorCode
        /// v5+
        public var errorMessage: String?
        public var taggedFields: TaggedFields

        public init(name: String?, topicID: TopicID = .zero, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.topicID = topicID
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    public var responses: [Result]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, responses: [Result], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        responses = try buffer.readKafkaArray("responses", flexible: flexible, minimumElementSize: flexible ? 4 : 4) { buffer in
            var result = Result(name: try buffer.readKafkaNullableString("name", flexible: flexible))
            if version >= 6 { result.topicID = try buffer.readKafkaUUID("topic_id") }
            result.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
            if version >= 5 { result.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible) }
            result.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return result
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(responses, flexible: flexible) { buffer, result in
            buffer.writeKafkaNullableString(result.name, flexible: flexible)
            if version >= 6 { buffer.writeKafkaUUID(result.topicID) }
            buffer.writeInteger(result.errorCode.rawValue)
            if version >= 5 { buffer.writeKafkaNullableString(result.errorMessage, flexible: flexible) }
            buffer.writeTaggedFieldsIf(flexible, result.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
