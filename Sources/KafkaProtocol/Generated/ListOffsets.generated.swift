// generated from schema/ListOffsets.schema by make generate; do not edit
import KafkaModel
import NIOCore

public struct ListOffsetsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ListOffsetsResponse
    public static let apiKey = ApiKey.listOffsets
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 6

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
            let flexible = version >= 6
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 6 ? 17 : version >= 4 ? 16 : version >= 1 ? 12 : 16)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// v4+
        public var currentLeaderEpoch: Int32
        /// -1 latest, -2 earliest, -3 max timestamp (v7+), -4 local log start (v8+), -5 last tiered (v9+).
        public var timestamp: Int64
        /// v0 only: how many offsets to return; the broker answers at most one.
        public var maxNumOffsets: Int32
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            timestamp: Int64 = 0,
            maxNumOffsets: Int32 = 1,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
            self.maxNumOffsets = maxNumOffsets
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            if version >= 4 {
                self.currentLeaderEpoch = try buffer.readKafkaInt32("current_leader_epoch")
            } else {
                self.currentLeaderEpoch = -1
            }
            self.timestamp = try buffer.readKafkaInt64("timestamp")
            if version <= 0 {
                self.maxNumOffsets = try buffer.readKafkaInt32("max_num_offsets")
            } else {
                self.maxNumOffsets = 1
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeInteger(partitionIndex)
            if version >= 4 {
                buffer.writeInteger(currentLeaderEpoch)
            }
            buffer.writeInteger(timestamp)
            if version <= 0 {
                buffer.writeInteger(maxNumOffsets)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// -1 for consumers; a broker id only for follower fetches.
    public var replicaID: Int32
    /// v2+; 1 (read committed) stops answers at the last stable offset.
    public var isolationLevel: Int8
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        replicaID: Int32 = -1,
        isolationLevel: Int8 = 0,
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.replicaID = replicaID
        self.isolationLevel = isolationLevel
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        self.replicaID = try buffer.readKafkaInt32("replica_id")
        if version >= 2 {
            self.isolationLevel = try buffer.readKafkaInt8("isolation_level")
        } else {
            self.isolationLevel = 0
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 6 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeInteger(replicaID)
        if version >= 2 {
            buffer.writeInteger(isolationLevel)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ListOffsetsResponse: KafkaResponseMessage, Hashable {
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
            let flexible = version >= 6
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 6 ? 27 : version >= 4 ? 26 : version >= 1 ? 22 : 10)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        /// v0 only: the answer as a list of offsets instead of one timestamp/offset pair.
        public var oldStyleOffsets: [Int64]
        /// v1+
        public var timestamp: Int64
        /// v1+
        public var offset: Int64
        /// v4+
        public var leaderEpoch: Int32
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            oldStyleOffsets: [Int64] = [],
            timestamp: Int64 = -1,
            offset: Int64 = -1,
            leaderEpoch: Int32 = -1,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.oldStyleOffsets = oldStyleOffsets
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            if version <= 0 {
                self.oldStyleOffsets = try buffer.readKafkaNonNullArray("old_style_offsets", flexible: flexible, minimumElementSize: 8) { buffer in try buffer.readKafkaInt64("old_style_offsets") }
            } else {
                self.oldStyleOffsets = []
            }
            if version >= 1 {
                self.timestamp = try buffer.readKafkaInt64("timestamp")
            } else {
                self.timestamp = -1
            }
            if version >= 1 {
                self.offset = try buffer.readKafkaInt64("offset")
            } else {
                self.offset = -1
            }
            if version >= 4 {
                self.leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
            } else {
                self.leaderEpoch = -1
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            if version <= 0 {
                buffer.writeKafkaArray(oldStyleOffsets, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            }
            if version >= 1 {
                buffer.writeInteger(timestamp)
            }
            if version >= 1 {
                buffer.writeInteger(offset)
            }
            if version >= 4 {
                buffer.writeInteger(leaderEpoch)
            }
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
        let flexible = version >= 6
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 6 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
