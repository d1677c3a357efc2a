// OffsetDelete, key 47, version 0 only, never flexible (so no tagged fields anywhere).
//
// Removes a group's committed offsets for some partitions (KIP-496). Allowed while the group is Empty, or when
// no member is subscribed to the topic; GROUP_SUBSCRIBED_TO_TOPIC otherwise, reported per partition.
// The response puts ErrorCode before ThrottleTimeMs, unlike most APIs.
import KafkaModel
import NIOCore

public struct OffsetDeleteRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetDeleteResponse
    public static let apiKey = ApiKey.offsetDelete
    public static let versions: ClosedRange<Int16> = 0...0
    public static let firstFlexibleVersion: Int16? = nil

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]

        public init(name: String, partitionIndexes: [Int32]) {
            self.name = name
            self.partitionIndexes = partitionIndexes
        }
    }

    public var groupID: String
    public var topics: [Topic]

    public init(groupID: String, topics: [Topic] = []) {
        self.groupID = groupID
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        self.init(groupID: try buffer.readKafkaString("group_id", flexible: false))
        topics = try buffer.readKafkaArray("topics", flexible: false, minimumElementSize: 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: false),
                // Each partition is a struct of one int32 on the wire.
                partitionIndexes: try buffer.readKafkaInt32Array("partitions", flexible: false)
            )
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeKafkaString(groupID, flexible: false)
        buffer.writeKafkaArray(topics, flexible: false) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: false)
            buffer.writeKafkaInt32Array(topic.partitionIndexes, flexible: false)
        }
    }
}

public struct OffsetDeleteResponse: KafkaResponseMessage, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode

        public init(partitionIndex: Int32, errorCode: KafkaErrorCode = .none) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]

        public init(name: String, partitions: [Partition]) {
            self.name = name
            self.partitions = partitions
        }
    }

    /// Group-level failures (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP, coordinator errors); the topics are then empty.
    public var errorCode: KafkaErrorCode
    public var throttleTimeMs: Int32
    public var topics: [Topic]

    public init(errorCode: KafkaErrorCode = .none, throttleTimeMs: Int32 = 0, topics: [Topic] = []) {
        self.errorCode = errorCode
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        self.init(errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")), throttleTimeMs: try buffer.readKafkaInt32("throttle_time_ms"))
        topics = try buffer.readKafkaArray("topics", flexible: false, minimumElementSize: 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: false),
                partitions: try buffer.readKafkaArray("partitions", flexible: false, minimumElementSize: 6) { buffer in
                    Partition(
                        partitionIndex: try buffer.readKafkaInt32("partition_index"),
                        errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
                    )
                }
            )
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, flexible: false) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: false)
            buffer.writeKafkaArray(topic.partitions, flexible: false) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
            }
        }
    }
}
