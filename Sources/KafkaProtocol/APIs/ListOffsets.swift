// ListOffsets, key 2, versions 1–7, flexible from v6.
//
// v0 (a list of old-style offsets per partition) is not implemented; Kafka 4 dropped it too.
// v2: IsolationLevel in the request, ThrottleTimeMs in the response. v4: CurrentLeaderEpoch in the request,
// LeaderEpoch in the response. v6: flexible. v7: timestamp −3 asks for the record with the largest timestamp (KIP-734).
import KafkaModel
import NIOCore

public struct ListOffsetsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ListOffsetsResponse
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 1...7
    public static let firstFlexibleVersion: Int16? = 6

    /// Special timestamps: the offset after the last record.
    public static let latestTimestamp: Int64 = -1
    /// The log start offset.
    public static let earliestTimestamp: Int64 = -2
    /// v7+: the record with the largest timestamp.
    public static let maxTimestamp: Int64 = -3

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// v4+
        public var currentLeaderEpoch: Int32
        public var timestamp: Int64
        public var taggedFields: TaggedFields

        public init(partitionIndex: Int32, currentLeaderEpoch: Int32 = -1, timestamp: Int64, taggedFields: TaggedFields = .init()) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
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

    /// −1 for consumers.
    public var replicaID: Int32
    /// v2+; 1 = read committed (answers stop at the last stable offset).
    public var isolationLevel: Int8
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(replicaID: Int32 = -1, isolationLevel: Int8 = 0, topics: [Topic], taggedFields: TaggedFields = .init()) {
        self.replicaID = replicaID
        self.isolationLevel = isolationLevel
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        replicaID = try buffer.readKafkaInt32("replica_id")
        isolationLevel = version >= 2 ? try buffer.readKafkaInt8("isolation_level") : 0
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            let name = try buffer.readKafkaString("name", flexible: flexible)
            let partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: 12) { buffer in
                var partition = Partition(partitionIndex: try buffer.readKafkaInt32("partition_index"), timestamp: 0)
                if version >= 4 { partition.currentLeaderEpoch = try buffer.readKafkaInt32("current_leader_epoch") }
                partition.timestamp = try buffer.readKafkaInt64("timestamp")
                partition.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                return partition
            }
            return Topic(name: name, partitions: partitions, taggedFields: try buffer.readTaggedFieldsIf(flexible))
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeInteger(replicaID)
        if version >= 2 { buffer.writeInteger(isolationLevel) }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                if version >= 4 { buffer.writeInteger(partition.currentLeaderEpoch) }
                buffer.writeInteger(partition.timestamp)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ListOffsetsResponse: KafkaResponseMessage, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var timestamp: Int64
        public var offset: Int64
        /// v4+
        public var leaderEpoch: Int32
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32, errorCode: KafkaErrorCode = .none, timestamp: Int64 = -1, offset: Int64 = -1,
            leaderEpoch: Int32 = -1, taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
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

    /// v2+
    public var throttleTimeMs: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, topics: [Topic], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        throttleTimeMs = version >= 2 ? try buffer.readKafkaInt32("throttle_time_ms") : 0
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            let name = try buffer.readKafkaString("name", flexible: flexible)
            let partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: 22) { buffer in
                var partition = Partition(
                    partitionIndex: try buffer.readKafkaInt32("partition_index"),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    timestamp: try buffer.readKafkaInt64("timestamp"),
                    offset: try buffer.readKafkaInt64("offset")
                )
                if version >= 4 { partition.leaderEpoch = try buffer.readKafkaInt32("leader_epoch") }
                partition.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                return partition
            }
            return Topic(name: name, partitions: partitions, taggedFields: try buffer.readTaggedFieldsIf(flexible))
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.timestamp)
                buffer.writeInteger(partition.offset)
                if version >= 4 { buffer.writeInteger(partition.leaderEpoch) }
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
