// Produce, key 0, versions 0–11, flexible from v9.
//
// v0–2 carry legacy message sets; v3+ carry RecordBatch v2 only and add TransactionalId. Kafka 4 rejects
// v0–2 yet still advertises v0, because old librdkafka turns compression off without it (pitfall 2).
// Here all of 0–11 decode and encode; which versions are accepted is the broker's decision.
// Response: v1 ThrottleTimeMs, placed after the topic array; v2 LogAppendTimeMs; v5 LogStartOffset;
// v8 RecordErrors and ErrorMessage; v10 tagged CurrentLeader (partition, tag 0) and NodeEndpoints
// (top level, tag 0), KIP-951. acks=0 requests get no response at all.
import KafkaModel
import NIOCore

public struct ProduceRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ProduceResponse
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 0...11
    public static let firstFlexibleVersion: Int16? = 9

    public struct PartitionData: Hashable, Sendable {
        public var index: Int32
        /// A slice of the request frame: batches are validated and written to the log without a copy.
        public var records: ByteBuffer?
        public var taggedFields: TaggedFields

        public init(index: Int32, records: ByteBuffer?, taggedFields: TaggedFields = .init()) {
            self.index = index
            self.records = records
            self.taggedFields = taggedFields
        }
    }

    public struct TopicData: Hashable, Sendable {
        public var name: String
        public var partitionData: [PartitionData]
        public var taggedFields: TaggedFields

        public init(name: String, partitionData: [PartitionData], taggedFields: TaggedFields = .init()) {
            self.name = name
            self.partitionData = partitionData
            self.taggedFields = taggedFields
        }
    }

    /// v3+
    public var transactionalID: String?
    public var acks: Int16
    public var timeoutMs: Int32
    public var topicData: [TopicData]
    public var taggedFields: TaggedFields

    public init(transactionalID: String? = nil, acks: Int16, timeoutMs: Int32, topicData: [TopicData], taggedFields: TaggedFields = .init()) {
        self.transactionalID = transactionalID
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topicData = topicData
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        transactionalID = version >= 3 ? try buffer.readKafkaNullableString("transactional_id", flexible: flexible) : nil
        acks = try buffer.readKafkaInt16("acks")
        timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        topicData = try buffer.readKafkaArray("topic_data", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            let name = try buffer.readKafkaString("name", flexible: flexible)
            let partitions = try buffer.readKafkaArray("partition_data", flexible: flexible, minimumElementSize: flexible ? 6 : 8) { buffer in
                PartitionData(
                    index: try buffer.readKafkaInt32("index"),
                    records: try buffer.readKafkaNullableBytes("records", flexible: flexible),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
            return TopicData(name: name, partitionData: partitions, taggedFields: try buffer.readTaggedFieldsIf(flexible))
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version >= 3 { buffer.writeKafkaNullableString(transactionalID, flexible: flexible) }
        buffer.writeInteger(acks)
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaArray(topicData, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitionData, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.index)
                buffer.writeKafkaNullableBytes(partition.records, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ProduceResponse: KafkaResponseMessage, Hashable {
    public struct RecordError: Hashable, Sendable {
        public var batchIndex: Int32
        public var batchIndexErrorMessage: String?
        public var taggedFields: TaggedFields

        public init(batchIndex: Int32, batchIndexErrorMessage: String? = nil, taggedFields: TaggedFields = .init()) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
            self.taggedFields = taggedFields
        }
    }

    public struct PartitionResponse: Hashable, Sendable {
        public var index: Int32
        public var errorCode: KafkaErrorCode
        public var baseOffset: Int64
        /// v2+; −1 unless the topic uses LogAppendTime.
        public var logAppendTimeMs: Int64
        /// v5+
        public var logStartOffset: Int64
        /// v8+
        public var recordErrors: [RecordError]
        /// v8+
        public var errorMessage: String?
        /// v10+, tag 0: sent with NOT_LEADER_OR_FOLLOWER.
        public var currentLeader: LeaderIdAndEpoch?
        public var taggedFields: TaggedFields

        public init(
            index: Int32, errorCode: KafkaErrorCode = .none, baseOffset: Int64, logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1, recordErrors: [RecordError] = [], errorMessage: String? = nil,
            currentLeader: LeaderIdAndEpoch? = nil, taggedFields: TaggedFields = .init()
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
            self.recordErrors = recordErrors
            self.errorMessage = errorMessage
            self.currentLeader = currentLeader
            self.taggedFields = taggedFields
        }
    }

    public struct TopicResponse: Hashable, Sendable {
        public var name: String
        public var partitionResponses: [PartitionResponse]
        public var taggedFields: TaggedFields

        public init(name: String, partitionResponses: [PartitionResponse], taggedFields: TaggedFields = .init()) {
            self.name = name
            self.partitionResponses = partitionResponses
            self.taggedFields = taggedFields
        }
    }

    public var responses: [TopicResponse]
    /// v1+
    public var throttleTimeMs: Int32
    /// v10+, tag 0: addresses of the leaders named in `currentLeader`.
    public var nodeEndpoints: [NodeEndpoint]
    public var taggedFields: TaggedFields

    public init(responses: [TopicResponse], throttleTimeMs: Int32 = 0, nodeEndpoints: [NodeEndpoint] = [], taggedFields: TaggedFields = .init()) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
        self.nodeEndpoints = nodeEndpoints
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        responses = try buffer.readKafkaArray("responses", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            let name = try buffer.readKafkaString("name", flexible: flexible)
            let partitions = try buffer.readKafkaArray("partition_responses", flexible: flexible, minimumElementSize: 14) { buffer in
                var partition = PartitionResponse(
                    index: try buffer.readKafkaInt32("index"),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    baseOffset: try buffer.readKafkaInt64("base_offset")
                )
                if version >= 2 { partition.logAppendTimeMs = try buffer.readKafkaInt64("log_append_time_ms") }
                if version >= 5 { partition.logStartOffset = try buffer.readKafkaInt64("log_start_offset") }
                if version >= 8 {
                    partition.recordErrors = try buffer.readKafkaArray("record_errors", flexible: flexible, minimumElementSize: 5) { buffer in
                        RecordError(
                            batchIndex: try buffer.readKafkaInt32("batch_index"),
                            batchIndexErrorMessage: try buffer.readKafkaNullableString("batch_index_error_message", flexible: flexible),
                            taggedFields: try buffer.readTaggedFieldsIf(flexible)
                        )
                    }
                    partition.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
                }
                if flexible {
                    var tags = try buffer.readTaggedFields()
                    if version >= 10 {
                        partition.currentLeader = try tags.takeKnown(0, "current_leader") { try LeaderIdAndEpoch(from: &$0) }
                    }
                    partition.taggedFields = tags
                }
                return partition
            }
            return TopicResponse(name: name, partitionResponses: partitions, taggedFields: try buffer.readTaggedFieldsIf(flexible))
        }
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInt32("throttle_time_ms") : 0
        nodeEndpoints = []
        taggedFields = TaggedFields()
        if flexible {
            var tags = try buffer.readTaggedFields()
            if version >= 10 { nodeEndpoints = try tags.takeKnown(0, "node_endpoints") { try NodeEndpoint.readArray(from: &$0) } ?? [] }
            taggedFields = tags
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        buffer.writeKafkaArray(responses, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitionResponses, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.index)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.baseOffset)
                if version >= 2 { buffer.writeInteger(partition.logAppendTimeMs) }
                if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
                if version >= 8 {
                    buffer.writeKafkaArray(partition.recordErrors, flexible: flexible) { buffer, error in
                        buffer.writeInteger(error.batchIndex)
                        buffer.writeKafkaNullableString(error.batchIndexErrorMessage, flexible: flexible)
                        buffer.writeTaggedFieldsIf(flexible, error.taggedFields)
                    }
                    buffer.writeKafkaNullableString(partition.errorMessage, flexible: flexible)
                }
                if flexible {
                    var tags = partition.taggedFields
                    if version >= 10, let leader = partition.currentLeader { tags.setKnown(0) { leader.encode(into: &$0) } }
                    buffer.writeTaggedFields(tags)
                }
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        if flexible {
            var tags = taggedFields
            if version >= 10, !nodeEndpoints.isEmpty { tags.setKnown(0) { NodeEndpoint.writeArray(nodeEndpoints, into: &$0) } }
            buffer.writeTaggedFields(tags)
        }
    }
}
