// FetchResponse, hand-tuned: the schema's layout (schema/Fetch.schema, generated as FetchResponseLayout)
// with each partition's records as `FetchRecords`, so that the broker can leave them on disk.
// `FetchRecords.external` stands for bytes the broker sends with sendfile, and `encodeChunks` leaves a hole
// for each of them after writing its length prefix. HandTunedCodecTests checks this codec against the
// generated one, byte for byte, in every version.
import KafkaModel
import NIOCore

/// The records of one fetched partition: bytes in memory, or a file region identified by the caller's token.
public enum FetchRecords: Hashable, Sendable {
    case bytes(ByteBuffer?)
    case external(length: Int, token: Int)
}

/// One piece of an encoded fetch response, to be written to the socket in order.
public enum FetchResponseChunk: Hashable, Sendable {
    case bytes(ByteBuffer)
    case external(length: Int, token: Int)

    public var byteCount: Int {
        switch self {
        case .bytes(let buffer): buffer.readableBytes
        case .external(let length, _): length
        }
    }
}

public struct FetchResponse: KafkaResponseMessage, Hashable {
    public typealias EpochEndOffset = FetchResponseLayout.EpochEndOffset
    public typealias SnapshotID = FetchResponseLayout.SnapshotID
    public typealias AbortedTransaction = FetchResponseLayout.AbortedTransaction
    public typealias LeaderIdAndEpoch = FetchResponseLayout.LeaderIdAndEpoch
    public typealias NodeEndpoint = FetchResponseLayout.NodeEndpoint

    /// `FetchResponseLayout.Partition` with `records` that may stay in a file.
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var highWatermark: Int64
        /// v4+. Equal to the high watermark when there are no open transactions.
        public var lastStableOffset: Int64
        /// v5+
        public var logStartOffset: Int64
        /// v12+, tag 0.
        public var divergingEpoch: EpochEndOffset?
        /// v12+, tag 1.
        public var currentLeader: LeaderIdAndEpoch?
        /// v12+, tag 2.
        public var snapshotID: SnapshotID?
        /// v4+. Null (or empty) without transactions.
        public var abortedTransactions: [AbortedTransaction]?
        /// v11+; must be −1, or clients go looking for "node 0" (docs/protocol.md, "Fields with traps").
        public var preferredReadReplica: Int32
        public var records: FetchRecords
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32, errorCode: KafkaErrorCode = .none, highWatermark: Int64, lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1, divergingEpoch: EpochEndOffset? = nil, currentLeader: LeaderIdAndEpoch? = nil,
            snapshotID: SnapshotID? = nil, abortedTransactions: [AbortedTransaction]? = nil, preferredReadReplica: Int32 = -1,
            records: FetchRecords = .bytes(nil), taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.divergingEpoch = divergingEpoch
            self.currentLeader = currentLeader
            self.snapshotID = snapshotID
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        /// v0–12
        public var topic: String
        /// v13+
        public var topicID: TopicID
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(topic: String = "", topicID: TopicID = .zero, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.topic = topic
            self.topicID = topicID
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    /// v7+: a session-level error; per-partition outcomes go in each partition.
    public var errorCode: KafkaErrorCode
    /// v7+; 0 when fetch sessions are not in use.
    public var sessionID: Int32
    public var responses: [Topic]
    /// v16+, tag 0.
    public var nodeEndpoints: [NodeEndpoint]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, sessionID: Int32 = 0, responses: [Topic],
        nodeEndpoints: [NodeEndpoint] = [], taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionID = sessionID
        self.responses = responses
        self.nodeEndpoints = nodeEndpoints
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 12
        self.init(responses: [])
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        if version >= 7 {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
            sessionID = try buffer.readKafkaInt32("session_id")
        }
        responses = try buffer.readKafkaArray("responses", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            var topic = Topic(partitions: [])
            if version >= 13 { topic.topicID = try buffer.readKafkaUUID("topic_id") } else { topic.topic = try buffer.readKafkaString("topic", flexible: flexible) }
            topic.partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: 18) { buffer in
                try Self.readPartition(from: &buffer, version: version, flexible: flexible)
            }
            topic.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return topic
        }
        if flexible {
            var tags = try buffer.readTaggedFields()
            if version >= 16 {
                nodeEndpoints = try tags.takeKnown(0, "node_endpoints") { buffer in
                    try buffer.readKafkaArray("node_endpoints", flexible: true, minimumElementSize: 11) { try NodeEndpoint(from: &$0, version: version) }
                } ?? []
            }
            taggedFields = tags
        }
    }

    private static func readPartition(from buffer: inout ByteBuffer, version: Int16, flexible: Bool) throws -> Partition {
        var partition = Partition(
            partitionIndex: try buffer.readKafkaInt32("partition_index"),
            errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
            highWatermark: try buffer.readKafkaInt64("high_watermark")
        )
        if version >= 4 { partition.lastStableOffset = try buffer.readKafkaInt64("last_stable_offset") }
        if version >= 5 { partition.logStartOffset = try buffer.readKafkaInt64("log_start_offset") }
        if version >= 4 {
            partition.abortedTransactions = try buffer.readKafkaNullableArray("aborted_transactions", flexible: flexible, minimumElementSize: 16) {
                try AbortedTransaction(from: &$0, version: version)
            }
        }
        if version >= 11 { partition.preferredReadReplica = try buffer.readKafkaInt32("preferred_read_replica") }
        partition.records = .bytes(try buffer.readKafkaNullableBytes("records", flexible: flexible))
        if flexible {
            var tags = try buffer.readTaggedFields()
            partition.divergingEpoch = try tags.takeKnown(0, "diverging_epoch") { try EpochEndOffset(from: &$0, version: version) }
            partition.currentLeader = try tags.takeKnown(1, "current_leader") { try LeaderIdAndEpoch(from: &$0, version: version) }
            partition.snapshotID = try tags.takeKnown(2, "snapshot_id") { try SnapshotID(from: &$0, version: version) }
            partition.taggedFields = tags
        }
        return partition
    }

    /// For tests and the client: every partition's records must be `.bytes`.
    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        encode(into: &buffer, version: version) { buffer, records in
            switch records {
            case .bytes(let bytes): buffer.writeKafkaNullableBytes(bytes, flexible: version >= 12)
            case .external: preconditionFailure("FetchResponse.encode(into:) cannot write external records; use encodeChunks")
            }
        }
    }

    /// Encodes into byte chunks with a hole for each `.external` record set. The hole's length prefix is in the
    /// chunk before it, so the chunks written in order, holes filled from the file, are the whole response body.
    public func encodeChunks(version: Int16, allocator: ByteBufferAllocator) -> [FetchResponseChunk] {
        encodeChunks(startingWith: allocator.buffer(capacity: 512), version: version)
    }

    /// The whole response frame as chunks: the int32 size prefix and the response header lead the first chunk,
    /// so the broker can write the chunks as they are.
    public func encodeFrameChunks(correlationID: Int32, version: Int16, allocator: ByteBufferAllocator) -> [FetchResponseChunk] {
        var buffer = allocator.buffer(capacity: 512)
        buffer.writeInteger(Int32(0))
        ResponseHeader(correlationID: correlationID).encode(into: &buffer, flexible: version >= 12)
        let externals = encodeAroundExternals(into: &buffer, version: version)
        let size = buffer.readableBytes - 4 + externals.reduce(0) { $0 + $1.length }
        buffer.setInteger(Int32(size), at: buffer.readerIndex)
        return Self.chunks(of: buffer, cutAt: externals)
    }

    /// Everything is written into one buffer; the chunks are slices of it between the external record
    /// sets, so a fetch over many partitions costs one allocation, not one per partition.
    private func encodeChunks(startingWith first: ByteBuffer, version: Int16) -> [FetchResponseChunk] {
        var buffer = first
        let externals = encodeAroundExternals(into: &buffer, version: version)
        return Self.chunks(of: buffer, cutAt: externals)
    }

    private typealias ExternalCut = (index: Int, length: Int, token: Int)

    private func encodeAroundExternals(into buffer: inout ByteBuffer, version: Int16) -> [ExternalCut] {
        var cuts: [ExternalCut] = []
        encode(into: &buffer, version: version) { buffer, records in
            switch records {
            case .bytes(let bytes):
                buffer.writeKafkaNullableBytes(bytes, flexible: version >= 12)
            case .external(let length, let token):
                if version >= 12 { buffer.writeUnsignedVarint(UInt32(length + 1)) } else { buffer.writeInteger(Int32(length)) }
                cuts.append((buffer.writerIndex, length, token))
            }
        }
        return cuts
    }

    private static func chunks(of buffer: ByteBuffer, cutAt cuts: [ExternalCut]) -> [FetchResponseChunk] {
        var chunks: [FetchResponseChunk] = []
        chunks.reserveCapacity(cuts.count * 2 + 1)
        var start = buffer.readerIndex
        for cut in cuts {
            chunks.append(.bytes(buffer.getSlice(at: start, length: cut.index - start)!))
            chunks.append(.external(length: cut.length, token: cut.token))
            start = cut.index
        }
        chunks.append(.bytes(buffer.getSlice(at: start, length: buffer.writerIndex - start)!))
        return chunks
    }

    private func encode(into buffer: inout ByteBuffer, version: Int16, records writeRecords: (inout ByteBuffer, FetchRecords) -> Void) {
        let flexible = version >= 12
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        if version >= 7 {
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(sessionID)
        }
        buffer.writeKafkaArrayCount(responses.count, flexible: flexible)
        for topic in responses {
            if version >= 13 { buffer.writeKafkaUUID(topic.topicID) } else { buffer.writeKafkaString(topic.topic, flexible: flexible) }
            buffer.writeKafkaArrayCount(topic.partitions.count, flexible: flexible)
            for partition in topic.partitions {
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.highWatermark)
                if version >= 4 { buffer.writeInteger(partition.lastStableOffset) }
                if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
                if version >= 4 {
                    buffer.writeKafkaNullableArray(partition.abortedTransactions, flexible: flexible) { buffer, aborted in
                        aborted.encode(into: &buffer, version: version)
                    }
                }
                if version >= 11 { buffer.writeInteger(partition.preferredReadReplica) }
                writeRecords(&buffer, partition.records)
                if flexible { buffer.writeTaggedFields(Self.partitionTags(partition, version: version)) }
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        if flexible {
            var tags = taggedFields
            if version >= 16, !nodeEndpoints.isEmpty {
                tags.setKnown(0) { buffer in
                    buffer.writeKafkaArray(nodeEndpoints, flexible: true) { $1.encode(into: &$0, version: version) }
                }
            }
            buffer.writeTaggedFields(tags)
        }
    }

    private static func partitionTags(_ partition: Partition, version: Int16) -> TaggedFields {
        // The common case, no known tag set, costs no allocation.
        guard partition.divergingEpoch != nil || partition.currentLeader != nil || partition.snapshotID != nil else {
            return partition.taggedFields
        }
        var tags = partition.taggedFields
        if let diverging = partition.divergingEpoch { tags.setKnown(0) { diverging.encode(into: &$0, version: version) } }
        if let leader = partition.currentLeader { tags.setKnown(1) { leader.encode(into: &$0, version: version) } }
        if let snapshot = partition.snapshotID { tags.setKnown(2) { snapshot.encode(into: &$0, version: version) } }
        return tags
    }
}
