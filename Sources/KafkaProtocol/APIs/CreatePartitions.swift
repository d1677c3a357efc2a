// CreatePartitions, key 37, versions 0–3, flexible from v2.
//
// v1 is the same as v0. v2: flexible. v3: same layout, but may answer THROTTLING_QUOTA_EXCEEDED.
// Count is the new total number of partitions, not the number to add. Results come back per topic.
import KafkaModel
import NIOCore

public struct CreatePartitionsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = CreatePartitionsResponse
    public static let apiKey = ApiKey.createPartitions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2

    public struct Assignment: Hashable, Sendable {
        public var brokerIDs: [Int32]
        public var taggedFields: TaggedFields

        public init(brokerIDs: [Int32], taggedFields: TaggedFields = .init()) {
            self.brokerIDs = brokerIDs
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var count: Int32
        /// Replicas of each new partition; null lets the broker place them.
        public var assignments: [Assignment]?
        public var taggedFields: TaggedFields

        public init(name: String, count: Int32, assignments: [Assignment]? = nil, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.count = count
            self.assignments = assignments
            self.taggedFields = taggedFields
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    public var validateOnly: Bool
    public var taggedFields: TaggedFields

    public init(topics: [Topic], timeoutMs: Int32, validateOnly: Bool = false, taggedFields: TaggedFields = .init()) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 7 : 10) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                count: try buffer.readKafkaInt32("count"),
                assignments: try buffer.readKafkaNullableArray("assignments", flexible: flexible, minimumElementSize: flexible ? 2 : 4) { buffer in
                    Assignment(
                        brokerIDs: try buffer.readKafkaInt32Array("broker_ids", flexible: flexible),
                        taggedFields: try buffer.readTaggedFieldsIf(flexible)
                    )
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        validateOnly = try buffer.readKafkaBool("validate_only")
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeInteger(topic.count)
            buffer.writeKafkaNullableArray(topic.assignments, flexible: flexible) { buffer, assignment in
                buffer.writeKafkaInt32Array(assignment.brokerIDs, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, assignment.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaBool(validateOnly)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct CreatePartitionsResponse: KafkaResponseMessage, Hashable {
    public struct Result: Hashable, Sendable {
        public var name: String
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var taggedFields: TaggedFields

        public init(name: String, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, results: [Result], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        results = try buffer.readKafkaArray("results", flexible: flexible, minimumElementSize: flexible ? 5 : 6) { buffer in
            Result(
                name: try buffer.readKafkaString("name", flexible: flexible),
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                errorMessage: try buffer.readKafkaNullableString("error_message", flexible: flexible),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, result in
            buffer.writeKafkaString(result.name, flexible: flexible)
            buffer.writeInteger(result.errorCode.rawValue)
            buffer.writeKafkaNullableString(result.errorMessage, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, result.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
