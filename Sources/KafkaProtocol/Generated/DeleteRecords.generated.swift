// generated from schema/DeleteRecords.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Each partition answers with its new low watermark (the log start offset) or an error.
public struct DeleteRecordsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DeleteRecordsResponse
    public static let apiKey = ApiKey.deleteRecords
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

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
            let flexible = version >= 2
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 2 ? 13 : 12)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// Records below this offset go; -1 stands for the high watermark.
        public var offset: Int64
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            offset: Int64 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.offset = offset
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 2
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.offset = try buffer.readKafkaInt64("offset")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(offset)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    public var taggedFields: TaggedFields

    public init(
        topics: [Topic] = [],
        timeoutMs: Int32 = 0,
        taggedFields: TaggedFields = .init()
    ) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 2 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeInteger(timeoutMs)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DeleteRecordsResponse: KafkaResponseMessage, Hashable {
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
            let flexible = version >= 2
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 2 ? 15 : 14)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// -1 with an error.
        public var lowWatermark: Int64
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            lowWatermark: Int64 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.lowWatermark = lowWatermark
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 2
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.lowWatermark = try buffer.readKafkaInt64("low_watermark")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(lowWatermark)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

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
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 2 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
