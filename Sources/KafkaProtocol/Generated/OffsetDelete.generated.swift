// generated from schema/OffsetDelete.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Allowed while the group is Empty or no member subscribes to the topic; GROUP_SUBSCRIBED_TO_TOPIC otherwise.
public struct OffsetDeleteRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetDeleteResponse
    public static let apiKey = ApiKey.offsetDelete
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = nil

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = false
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: 4) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = TaggedFields()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = false
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.taggedFields = TaggedFields()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
        }
    }

    public var groupID: String
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = false
        self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: 6) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = TaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = false
        buffer.writeKafkaString(groupID, flexible: flexible)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
    }
}

public struct OffsetDeleteResponse: KafkaResponseMessage, Hashable {
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = false
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: 6) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = TaggedFields()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = false
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = TaggedFields()
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
        }
    }

    /// Before throttle_time_ms, unlike most APIs. Group-level failures leave topics empty.
    public var errorCode: KafkaErrorCode
    public var throttleTimeMs: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.errorCode = errorCode
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = false
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: 6) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = TaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = false
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
    }
}
