// DeleteRecords, key 21, versions 0–2, flexible from v2.
//
// v1 only changes throttling behaviour; v2 is the flexible encoding of the same fields. An offset
// of −1 means "up to the high watermark". Each partition answers with the new low watermark (the
// log start offset) or an error code.
import KafkaModel
import NIOCore

public struct DeleteRecordsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DeleteRecordsResponse
    public static let apiKey = ApiKey.deleteRecords
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// Records below this offset go; −1 stands for the high watermark.
        public var offset: Int64
        public var taggedFields: TaggedFields

        public init(partitionIndex: Int32, offset: Int64, taggedFields: TaggedFields = .init()) {
            self.partitionIndex = partitionIndex
            self.offset = offset
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(name: String, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.name = name
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    public var topics: [Topic]
    public var timeoutMs: Int32
    public var taggedFields: TaggedFields

    public init(topics: [Topic], timeoutMs: Int32, taggedFields: TaggedFields = .init()) {
        self.topics = topics
        self.timeoutMs = timeoutMs
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                partitions: try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: flexible ? 13 : 12) { buffer in
                    Partition(
                        partitionIndex: try buffer.readKafkaInt32("partition_index"),
                        offset: try buffer.readKafkaInt64("offset"),
                        taggedFields: try buffer.readTaggedFieldsIf(flexible)
                    )
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.offset)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeInteger(timeoutMs)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DeleteRecordsResponse: KafkaResponseMessage, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// The partition's log start offset after the deletion; −1 with an error.
        public var lowWatermark: Int64
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(partitionIndex: Int32, lowWatermark: Int64, errorCode: KafkaErrorCode = .none, taggedFields: TaggedFields = .init()) {
            self.partitionIndex = partitionIndex
            self.lowWatermark = lowWatermark
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(name: String, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.name = name
            self.partitions = partitions
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
        let flexible = version >= 2
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                partitions: try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: flexible ? 15 : 14) { buffer in
                    Partition(
                        partitionIndex: try buffer.readKafkaInt32("partition_index"),
                        lowWatermark: try buffer.readKafkaInt64("low_watermark"),
                        errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                        taggedFields: try buffer.readTaggedFieldsIf(flexible)
                    )
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.lowWatermark)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
