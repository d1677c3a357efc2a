// generated from schema/Produce.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Appends record batches. v0-2 carry legacy message sets (magic 0 and 1); v3+ carry record batch v2
/// only and add transactional_id. A request with acks=0 gets no response at all.
public struct ProduceRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ProduceResponse
    public static let apiKey = ApiKey.produce
    public static let versions: ClosedRange<Int16> = 0...11
    public static let firstFlexibleVersion: Int16? = 9

    public struct TopicData: Hashable, Sendable {
        public var name: String
        public var partitionData: [PartitionData]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitionData: [PartitionData] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitionData = partitionData
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitionData = try buffer.readKafkaNonNullArray("partition_data", flexible: flexible, minimumElementSize: (version >= 9 ? 6 : 8)) { buffer in try PartitionData(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitionData, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct PartitionData: Hashable, Sendable {
        public var index: Int32
        /// A slice of the request frame: batches are validated and written to the log without a copy.
        public var records: ByteBuffer?
        public var taggedFields: TaggedFields

        public init(
            index: Int32 = 0,
            records: ByteBuffer? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.index = index
            self.records = records
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.index = try buffer.readKafkaInt32("index")
            self.records = try buffer.readKafkaNullableBytes("records", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(index)
            buffer.writeKafkaNullableBytes(records, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v3+
    public var transactionalID: String?
    public var acks: Int16
    public var timeoutMs: Int32
    public var topicData: [TopicData]
    public var taggedFields: TaggedFields

    public init(
        transactionalID: String? = nil,
        acks: Int16 = 0,
        timeoutMs: Int32 = 0,
        topicData: [TopicData] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.transactionalID = transactionalID
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topicData = topicData
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        if version >= 3 {
            self.transactionalID = try buffer.readKafkaNullableString("transactional_id", flexible: flexible)
        } else {
            self.transactionalID = nil
        }
        self.acks = try buffer.readKafkaInt16("acks")
        self.timeoutMs = try buffer.readKafkaInt32("timeout_ms")
        self.topicData = try buffer.readKafkaNonNullArray("topic_data", flexible: flexible, minimumElementSize: (version >= 9 ? 3 : 6)) { buffer in try TopicData(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        if version >= 3 {
            buffer.writeKafkaNullableString(transactionalID, flexible: flexible)
        }
        buffer.writeInteger(acks)
        buffer.writeInteger(timeoutMs)
        buffer.writeKafkaArray(topicData, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ProduceResponse: KafkaResponseMessage, Hashable {
    public struct TopicResponse: Hashable, Sendable {
        public var name: String
        public var partitionResponses: [PartitionResponse]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitionResponses: [PartitionResponse] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitionResponses = partitionResponses
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitionResponses = try buffer.readKafkaNonNullArray("partition_responses", flexible: flexible, minimumElementSize: (version >= 9 ? 33 : version >= 8 ? 36 : version >= 5 ? 30 : version >= 2 ? 22 : 14)) { buffer in try PartitionResponse(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitionResponses, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct PartitionResponse: Hashable, Sendable {
        public var index: Int32
        public var errorCode: KafkaErrorCode
        public var baseOffset: Int64
        /// v2+
        /// -1 unless the topic uses LogAppendTime.
        public var logAppendTimeMs: Int64
        /// v5+
        public var logStartOffset: Int64
        /// v8+
        /// KIP-467: which batches of the request were rejected, and why.
        public var recordErrors: [RecordError]
        /// v8+
        public var errorMessage: String?
        /// v10+, tag 0
        /// Sent with NOT_LEADER_OR_FOLLOWER so the client can go to the new leader (KIP-951).
        public var currentLeader: LeaderIdAndEpoch?
        public var taggedFields: TaggedFields

        public init(
            index: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            baseOffset: Int64 = 0,
            logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1,
            recordErrors: [RecordError] = [],
            errorMessage: String? = nil,
            currentLeader: LeaderIdAndEpoch? = nil,
            taggedFields: TaggedFields = .init()
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

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.index = try buffer.readKafkaInt32("index")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.baseOffset = try buffer.readKafkaInt64("base_offset")
            if version >= 2 {
                self.logAppendTimeMs = try buffer.readKafkaInt64("log_append_time_ms")
            } else {
                self.logAppendTimeMs = -1
            }
            if version >= 5 {
                self.logStartOffset = try buffer.readKafkaInt64("log_start_offset")
            } else {
                self.logStartOffset = -1
            }
            if version >= 8 {
                self.recordErrors = try buffer.readKafkaNonNullArray("record_errors", flexible: flexible, minimumElementSize: 6) { buffer in try RecordError(from: &buffer, version: version) }
            } else {
                self.recordErrors = []
            }
            if version >= 8 {
                self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            } else {
                self.errorMessage = nil
            }
            if flexible {
                var tags = try buffer.readTaggedFields()
                if version >= 10 {
                    self.currentLeader = try tags.takeKnown(0, "current_leader") { buffer in try LeaderIdAndEpoch(from: &buffer, version: version) }
                } else {
                    self.currentLeader = nil
                }
                self.taggedFields = tags
            } else {
                self.currentLeader = nil
                self.taggedFields = TaggedFields()
            }
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(index)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(baseOffset)
            if version >= 2 {
                buffer.writeInteger(logAppendTimeMs)
            }
            if version >= 5 {
                buffer.writeInteger(logStartOffset)
            }
            if version >= 8 {
                buffer.writeKafkaArray(recordErrors, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            }
            if version >= 8 {
                buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            }
            if flexible {
                var tags = taggedFields
                if version >= 10, let currentLeader { tags.setKnown(0) { buffer in currentLeader.encode(into: &buffer, version: version) } }
                buffer.writeTaggedFields(tags)
            }
        }
    }

    /// KIP-467: which batches of the request were rejected, and why.
    public struct RecordError: Hashable, Sendable {
        public var batchIndex: Int32
        public var batchIndexErrorMessage: String?
        public var taggedFields: TaggedFields

        public init(
            batchIndex: Int32 = 0,
            batchIndexErrorMessage: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.batchIndex = batchIndex
            self.batchIndexErrorMessage = batchIndexErrorMessage
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.batchIndex = try buffer.readKafkaInt32("batch_index")
            self.batchIndexErrorMessage = try buffer.readKafkaNullableString("batch_index_error_message", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(batchIndex)
            buffer.writeKafkaNullableString(batchIndexErrorMessage, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// Sent with NOT_LEADER_OR_FOLLOWER so the client can go to the new leader (KIP-951).
    public struct LeaderIdAndEpoch: Hashable, Sendable {
        public var leaderID: Int32
        public var leaderEpoch: Int32
        public var taggedFields: TaggedFields

        public init(
            leaderID: Int32 = -1,
            leaderEpoch: Int32 = -1,
            taggedFields: TaggedFields = .init()
        ) {
            self.leaderID = leaderID
            self.leaderEpoch = leaderEpoch
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.leaderID = try buffer.readKafkaInt32("leader_id")
            self.leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(leaderID)
            buffer.writeInteger(leaderEpoch)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// Addresses of the leaders named in current_leader (KIP-951).
    public struct NodeEndpoint: Hashable, Sendable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var rack: String?
        public var taggedFields: TaggedFields

        public init(
            nodeID: Int32 = 0,
            host: String = "",
            port: Int32 = 0,
            rack: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.rack = rack
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 9
            self.nodeID = try buffer.readKafkaInt32("node_id")
            self.host = try buffer.readKafkaString("host", flexible: flexible)
            self.port = try buffer.readKafkaInt32("port")
            self.rack = try buffer.readKafkaNullableString("rack", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 9
            buffer.writeInteger(nodeID)
            buffer.writeKafkaString(host, flexible: flexible)
            buffer.writeInteger(port)
            buffer.writeKafkaNullableString(rack, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var responses: [TopicResponse]
    /// v1+
    /// Placed after the topics, unlike in most responses.
    public var throttleTimeMs: Int32
    /// v10+, tag 0
    /// Addresses of the leaders named in current_leader (KIP-951).
    public var nodeEndpoints: [NodeEndpoint]
    public var taggedFields: TaggedFields

    public init(
        responses: [TopicResponse] = [],
        throttleTimeMs: Int32 = 0,
        nodeEndpoints: [NodeEndpoint] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.responses = responses
        self.throttleTimeMs = throttleTimeMs
        self.nodeEndpoints = nodeEndpoints
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 9
        self.responses = try buffer.readKafkaNonNullArray("responses", flexible: flexible, minimumElementSize: (version >= 9 ? 3 : 6)) { buffer in try TopicResponse(from: &buffer, version: version) }
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        if flexible {
            var tags = try buffer.readTaggedFields()
            if version >= 10 {
                self.nodeEndpoints = try tags.takeKnown(0, "node_endpoints") { buffer in try buffer.readKafkaNonNullArray("node_endpoints", flexible: flexible, minimumElementSize: 11) { buffer in try NodeEndpoint(from: &buffer, version: version) } } ?? []
            } else {
                self.nodeEndpoints = []
            }
            self.taggedFields = tags
        } else {
            self.nodeEndpoints = []
            self.taggedFields = TaggedFields()
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 9
        buffer.writeKafkaArray(responses, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        if flexible {
            var tags = taggedFields
            if version >= 10, !nodeEndpoints.isEmpty { tags.setKnown(0) { buffer in buffer.writeKafkaArray(nodeEndpoints, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) } } }
            buffer.writeTaggedFields(tags)
        }
    }
}
