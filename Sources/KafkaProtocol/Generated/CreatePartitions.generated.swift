// generated from schema/CreatePartitions.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Count is the new total number of partitions, not the number to add.
public struct CreatePartitionsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = CreatePartitionsResponse
    public static let apiKey = ApiKey.createPartitions
    public static let versions: ClosedRange<Int16> = 0...3
    public static let firstFlexibleVersion: Int16? = 2

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var count: Int32
        /// Replicas of each new partition; null lets the broker place them.
        public var assignments: [Assignment]?
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            count: Int32 = 0,
            assignments: [Assignment]? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.count = count
            self.assignments = assignments
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 2
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.count = try buffer.readKafkaInt32("count")
            self.assignments = try buffer.readKafkaNullableArray("assignments", flexible: flexible, minimumElementSize: (version >= 2 ? 2 : 4)) { buffer in try Assignment(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeInteger(count)
            buffer.writeKafkaNullableArray(assignments, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// Replicas of each new partition; null lets the broker place them.
    public struct Assignment: Hashable, Sendable {
        public var brokerIDs: [Int32]
        public var taggedFields: TaggedFields

        public init(
            brokerIDs: [Int32] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.brokerIDs = brokerIDs
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 2
            self.brokerIDs = try buffer.readKafkaNonNullArray("broker_ids", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("broker_ids") }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaArray(brokerIDs, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    public var validateOnly: Bool
    public var taggedFields: TaggedFields

    public init(
        topics: [Topic] = [],
        timeoutMs: Int32 = 0,
        validateOnly: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.validateOnly = validateOnly
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 2 ? 7 : 10)) { buffer in try Topic(from: &buffer, version: version) }
        self.timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        self.validateOnly = try buffer.readKafkaBool("validate_only")
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
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

        public init(
            name: String = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 2
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        results: [Result] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.results = try buffer.readKafkaNonNullArray("results", flexible: flexible, minimumElementSize: (version >= 2 ? 5 : 6)) { buffer in try Result(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
