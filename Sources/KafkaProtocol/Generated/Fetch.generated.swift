// generated from schema/Fetch.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Reads records from partitions. v4 brings isolation_level and record batch v2; v7 fetch sessions
/// (KIP-227); v13 names topics by ID instead of name (KIP-516); v15 moves replica_id into the tagged
/// replica_state (KIP-903). Earlier versions read legacy message sets.
public struct FetchRequest: KafkaRequestMessage, Hashable {
    public typealias Response = FetchResponse
    public static let apiKey = ApiKey.fetch
    public static let versions: ClosedRange<Int16> = 0...17
    public static let firstFlexibleVersion: Int16? = 12

    /// Who is fetching, for followers; consumers leave it out.
    public struct ReplicaState: Hashable, Sendable {
        public var replicaID: Int32
        public var replicaEpoch: Int64
        public var taggedFields: TaggedFields

        public init(
            replicaID: Int32 = -1,
            replicaEpoch: Int64 = -1,
            taggedFields: TaggedFields = .init()
        ) {
            self.replicaID = replicaID
            self.replicaEpoch = replicaEpoch
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            self.replicaID = try buffer.readKafkaInt32("replica_id")
            self.replicaEpoch = try buffer.readKafkaInt64("replica_epoch")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(replicaID)
            buffer.writeInteger(replicaEpoch)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Topic: Hashable, Sendable {
        /// v0-12
        public var topic: String
        /// v13+
        public var topicID: TopicID
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            topic: String = "",
            topicID: TopicID = TopicID.zero,
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.topic = topic
            self.topicID = topicID
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            if version <= 12 {
                self.topic = try buffer.readKafkaString("topic", flexible: flexible)
            } else {
                self.topic = ""
            }
            if version >= 13 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 12 ? 33 : version >= 9 ? 28 : version >= 5 ? 24 : 16)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version <= 12 {
                buffer.writeKafkaString(topic, flexible: flexible)
            }
            if version >= 13 {
                buffer.writeKafkaUUID(topicID)
            }
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partition: Int32
        /// v9+
        public var currentLeaderEpoch: Int32
        public var fetchOffset: Int64
        /// v12+
        public var lastFetchedEpoch: Int32
        /// v5+
        public var logStartOffset: Int64
        public var partitionMaxBytes: Int32
        /// v17+, tag 0
        public var replicaDirectoryID: TopicID
        public var taggedFields: TaggedFields

        public init(
            partition: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            fetchOffset: Int64 = 0,
            lastFetchedEpoch: Int32 = -1,
            logStartOffset: Int64 = -1,
            partitionMaxBytes: Int32 = 0,
            replicaDirectoryID: TopicID = TopicID.zero,
            taggedFields: TaggedFields = .init()
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
            self.replicaDirectoryID = replicaDirectoryID
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            self.partition = try buffer.readKafkaInt32("partition")
            if version >= 9 {
                self.currentLeaderEpoch = try buffer.readKafkaInt32("current_leader_epoch")
            } else {
                self.currentLeaderEpoch = -1
            }
            self.fetchOffset = try buffer.readKafkaInt64("fetch_offset")
            if version >= 12 {
                self.lastFetchedEpoch = try buffer.readKafkaInt32("last_fetched_epoch")
            } else {
                self.lastFetchedEpoch = -1
            }
            if version >= 5 {
                self.logStartOffset = try buffer.readKafkaInt64("log_start_offset")
            } else {
                self.logStartOffset = -1
            }
            self.partitionMaxBytes = try buffer.readKafkaInt32("partition_max_bytes")
            if flexible {
                var tags = try buffer.readTaggedFields()
                if version >= 17 {
                    self.replicaDirectoryID = try tags.takeKnown(0, "replica_directory_id") { buffer in try buffer.readKafkaUUID("replica_directory_id") } ?? TopicID.zero
                } else {
                    self.replicaDirectoryID = TopicID.zero
                }
                self.taggedFields = tags
            } else {
                self.replicaDirectoryID = TopicID.zero
                self.taggedFields = TaggedFields()
            }
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(partition)
            if version >= 9 {
                buffer.writeInteger(currentLeaderEpoch)
            }
            buffer.writeInteger(fetchOffset)
            if version >= 12 {
                buffer.writeInteger(lastFetchedEpoch)
            }
            if version >= 5 {
                buffer.writeInteger(logStartOffset)
            }
            buffer.writeInteger(partitionMaxBytes)
            if flexible {
                var tags = taggedFields
                if version >= 17, replicaDirectoryID != TopicID.zero { tags.setKnown(0) { buffer in buffer.writeKafkaUUID(replicaDirectoryID) } }
                buffer.writeTaggedFields(tags)
            }
        }
    }

    /// Partitions to drop from an incremental fetch session.
    public struct ForgottenTopic: Hashable, Sendable {
        /// v7-12
        public var topic: String
        /// v13+
        public var topicID: TopicID
        public var partitions: [Int32]
        public var taggedFields: TaggedFields

        public init(
            topic: String = "",
            topicID: TopicID = TopicID.zero,
            partitions: [Int32] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.topic = topic
            self.topicID = topicID
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            if version <= 12 {
                self.topic = try buffer.readKafkaString("topic", flexible: flexible)
            } else {
                self.topic = ""
            }
            if version >= 13 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("partitions") }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version <= 12 {
                buffer.writeKafkaString(topic, flexible: flexible)
            }
            if version >= 13 {
                buffer.writeKafkaUUID(topicID)
            }
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v12+, tag 0
    public var clusterID: String?
    /// v0-14
    /// -1 for consumers.
    public var replicaID: Int32
    /// v15+, tag 1
    /// Who is fetching, for followers; consumers leave it out.
    public var replicaState: ReplicaState?
    public var maxWaitMs: Int32
    public var minBytes: Int32
    /// v3+
    public var maxBytes: Int32
    /// v4+
    /// 0 = read uncommitted, 1 = read committed.
    public var isolationLevel: Int8
    /// v7+
    public var sessionID: Int32
    /// v7+
    public var sessionEpoch: Int32
    public var topics: [Topic]
    /// v7+
    /// Partitions to drop from an incremental fetch session.
    public var forgottenTopicsData: [ForgottenTopic]
    /// v11+
    public var rackID: String
    public var taggedFields: TaggedFields

    public init(
        clusterID: String? = nil,
        replicaID: Int32 = -1,
        replicaState: ReplicaState? = nil,
        maxWaitMs: Int32 = 0,
        minBytes: Int32 = 0,
        maxBytes: Int32 = 0x7fffffff,
        isolationLevel: Int8 = 0,
        sessionID: Int32 = 0,
        sessionEpoch: Int32 = -1,
        topics: [Topic] = [],
        forgottenTopicsData: [ForgottenTopic] = [],
        rackID: String = "",
        taggedFields: TaggedFields = .init()
    ) {
        self.clusterID = clusterID
        self.replicaID = replicaID
        self.replicaState = replicaState
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionID = sessionID
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopicsData = forgottenTopicsData
        self.rackID = rackID
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 12
        if version <= 14 {
            self.replicaID = try buffer.readKafkaInt32("replica_id")
        } else {
            self.replicaID = -1
        }
        self.maxWaitMs = try buffer.readKafkaInt32("max_wait_ms")
        self.minBytes = try buffer.readKafkaInt32("min_bytes")
        if version >= 3 {
            self.maxBytes = try buffer.readKafkaInt32("max_bytes")
        } else {
            self.maxBytes = 0x7fffffff
        }
        if version >= 4 {
            self.isolationLevel = try buffer.readKafkaInt8("isolation_level")
        } else {
            self.isolationLevel = 0
        }
        if version >= 7 {
            self.sessionID = try buffer.readKafkaInt32("session_id")
        } else {
            self.sessionID = 0
        }
        if version >= 7 {
            self.sessionEpoch = try buffer.readKafkaInt32("session_epoch")
        } else {
            self.sessionEpoch = -1
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 13 ? 18 : version >= 12 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        if version >= 7 {
            self.forgottenTopicsData = try buffer.readKafkaNonNullArray("forgotten_topics_data", flexible: flexible, minimumElementSize: (version >= 13 ? 18 : version >= 12 ? 3 : 6)) { buffer in try ForgottenTopic(from: &buffer, version: version) }
        } else {
            self.forgottenTopicsData = []
        }
        if version >= 11 {
            self.rackID = try buffer.readKafkaString("rack_id", flexible: flexible)
        } else {
            self.rackID = ""
        }
        if flexible {
            var tags = try buffer.readTaggedFields()
            self.clusterID = try tags.takeKnown(0, "cluster_id") { buffer in try buffer.readKafkaNullableString("cluster_id", flexible: flexible) } ?? nil
            if version >= 15 {
                self.replicaState = try tags.takeKnown(1, "replica_state") { buffer in try ReplicaState(from: &buffer, version: version) }
            } else {
                self.replicaState = nil
            }
            self.taggedFields = tags
        } else {
            self.clusterID = nil
            self.replicaState = nil
            self.taggedFields = TaggedFields()
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 12
        if version <= 14 {
            buffer.writeInteger(replicaID)
        }
        buffer.writeInteger(maxWaitMs)
        buffer.writeInteger(minBytes)
        if version >= 3 {
            buffer.writeInteger(maxBytes)
        }
        if version >= 4 {
            buffer.writeInteger(isolationLevel)
        }
        if version >= 7 {
            buffer.writeInteger(sessionID)
        }
        if version >= 7 {
            buffer.writeInteger(sessionEpoch)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 7 {
            buffer.writeKafkaArray(forgottenTopicsData, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        if version >= 11 {
            buffer.writeKafkaString(rackID, flexible: flexible)
        }
        if flexible {
            var tags = taggedFields
            if let clusterID { tags.setKnown(0) { buffer in buffer.writeKafkaNullableString(clusterID, flexible: flexible) } }
            if version >= 15, let replicaState { tags.setKnown(1) { buffer in replicaState.encode(into: &buffer, version: version) } }
            buffer.writeTaggedFields(tags)
        }
    }
}

/// The broker writes this response with FetchResponse.encodeFrameChunks (APIs/FetchResponse.swift) so
/// that record sets can go from the file to the socket without a copy.
/// The schema's layout of `FetchResponse`, which is hand-tuned in APIs/; tests check that both
/// encode and decode the same bytes in every version.
public struct FetchResponseLayout: KafkaResponseMessage, Hashable {
    public struct Topic: Hashable, Sendable {
        /// v0-12
        public var topic: String
        /// v13+
        public var topicID: TopicID
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            topic: String = "",
            topicID: TopicID = TopicID.zero,
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.topic = topic
            self.topicID = topicID
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            if version <= 12 {
                self.topic = try buffer.readKafkaString("topic", flexible: flexible)
            } else {
                self.topic = ""
            }
            if version >= 13 {
                self.topicID = try buffer.readKafkaUUID("topic_id")
            } else {
                self.topicID = TopicID.zero
            }
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 12 ? 37 : version >= 11 ? 42 : version >= 5 ? 38 : version >= 4 ? 30 : 18)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            if version <= 12 {
                buffer.writeKafkaString(topic, flexible: flexible)
            }
            if version >= 13 {
                buffer.writeKafkaUUID(topicID)
            }
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var highWatermark: Int64
        /// v4+
        /// Equal to the high watermark when no transaction is open.
        public var lastStableOffset: Int64
        /// v5+
        public var logStartOffset: Int64
        /// v12+, tag 0
        public var divergingEpoch: EpochEndOffset?
        /// v12+, tag 1
        public var currentLeader: LeaderIdAndEpoch?
        /// v12+, tag 2
        public var snapshotID: SnapshotID?
        /// v4+
        /// Null (or empty) without transactions.
        public var abortedTransactions: [AbortedTransaction]?
        /// v11+
        /// Must be -1: clients that see 0 go looking for a node 0.
        public var preferredReadReplica: Int32
        public var records: ByteBuffer?
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            highWatermark: Int64 = 0,
            lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1,
            divergingEpoch: EpochEndOffset? = nil,
            currentLeader: LeaderIdAndEpoch? = nil,
            snapshotID: SnapshotID? = nil,
            abortedTransactions: [AbortedTransaction]? = nil,
            preferredReadReplica: Int32 = -1,
            records: ByteBuffer? = nil,
            taggedFields: TaggedFields = .init()
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

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.highWatermark = try buffer.readKafkaInt64("high_watermark")
            if version >= 4 {
                self.lastStableOffset = try buffer.readKafkaInt64("last_stable_offset")
            } else {
                self.lastStableOffset = -1
            }
            if version >= 5 {
                self.logStartOffset = try buffer.readKafkaInt64("log_start_offset")
            } else {
                self.logStartOffset = -1
            }
            if version >= 4 {
                self.abortedTransactions = try buffer.readKafkaNullableArray("aborted_transactions", flexible: flexible, minimumElementSize: (version >= 12 ? 17 : 16)) { buffer in try AbortedTransaction(from: &buffer, version: version) }
            } else {
                self.abortedTransactions = nil
            }
            if version >= 11 {
                self.preferredReadReplica = try buffer.readKafkaInt32("preferred_read_replica")
            } else {
                self.preferredReadReplica = -1
            }
            self.records = try buffer.readKafkaNullableBytes("records", flexible: flexible)
            if flexible {
                var tags = try buffer.readTaggedFields()
                self.divergingEpoch = try tags.takeKnown(0, "diverging_epoch") { buffer in try EpochEndOffset(from: &buffer, version: version) }
                self.currentLeader = try tags.takeKnown(1, "current_leader") { buffer in try LeaderIdAndEpoch(from: &buffer, version: version) }
                self.snapshotID = try tags.takeKnown(2, "snapshot_id") { buffer in try SnapshotID(from: &buffer, version: version) }
                self.taggedFields = tags
            } else {
                self.divergingEpoch = nil
                self.currentLeader = nil
                self.snapshotID = nil
                self.taggedFields = TaggedFields()
            }
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(highWatermark)
            if version >= 4 {
                buffer.writeInteger(lastStableOffset)
            }
            if version >= 5 {
                buffer.writeInteger(logStartOffset)
            }
            if version >= 4 {
                buffer.writeKafkaNullableArray(abortedTransactions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            }
            if version >= 11 {
                buffer.writeInteger(preferredReadReplica)
            }
            buffer.writeKafkaNullableBytes(records, flexible: flexible)
            if flexible {
                var tags = taggedFields
                if let divergingEpoch { tags.setKnown(0) { buffer in divergingEpoch.encode(into: &buffer, version: version) } }
                if let currentLeader { tags.setKnown(1) { buffer in currentLeader.encode(into: &buffer, version: version) } }
                if let snapshotID { tags.setKnown(2) { buffer in snapshotID.encode(into: &buffer, version: version) } }
                buffer.writeTaggedFields(tags)
            }
        }
    }

    public struct EpochEndOffset: Hashable, Sendable {
        public var epoch: Int32
        public var endOffset: Int64
        public var taggedFields: TaggedFields

        public init(
            epoch: Int32 = -1,
            endOffset: Int64 = -1,
            taggedFields: TaggedFields = .init()
        ) {
            self.epoch = epoch
            self.endOffset = endOffset
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            self.epoch = try buffer.readKafkaInt32("epoch")
            self.endOffset = try buffer.readKafkaInt64("end_offset")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(epoch)
            buffer.writeInteger(endOffset)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

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
            let flexible = version >= 12
            self.leaderID = try buffer.readKafkaInt32("leader_id")
            self.leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(leaderID)
            buffer.writeInteger(leaderEpoch)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct SnapshotID: Hashable, Sendable {
        public var endOffset: Int64
        public var epoch: Int32
        public var taggedFields: TaggedFields

        public init(
            endOffset: Int64 = -1,
            epoch: Int32 = -1,
            taggedFields: TaggedFields = .init()
        ) {
            self.endOffset = endOffset
            self.epoch = epoch
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            self.endOffset = try buffer.readKafkaInt64("end_offset")
            self.epoch = try buffer.readKafkaInt32("epoch")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(endOffset)
            buffer.writeInteger(epoch)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// Null (or empty) without transactions.
    public struct AbortedTransaction: Hashable, Sendable {
        public var producerID: Int64
        public var firstOffset: Int64
        public var taggedFields: TaggedFields

        public init(
            producerID: Int64 = 0,
            firstOffset: Int64 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.producerID = producerID
            self.firstOffset = firstOffset
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 12
            self.producerID = try buffer.readKafkaInt64("producer_id")
            self.firstOffset = try buffer.readKafkaInt64("first_offset")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(producerID)
            buffer.writeInteger(firstOffset)
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
            let flexible = version >= 12
            self.nodeID = try buffer.readKafkaInt32("node_id")
            self.host = try buffer.readKafkaString("host", flexible: flexible)
            self.port = try buffer.readKafkaInt32("port")
            self.rack = try buffer.readKafkaNullableString("rack", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 12
            buffer.writeInteger(nodeID)
            buffer.writeKafkaString(host, flexible: flexible)
            buffer.writeInteger(port)
            buffer.writeKafkaNullableString(rack, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    /// v7+
    /// A session-level error; per-partition outcomes are in each partition.
    public var errorCode: KafkaErrorCode
    /// v7+
    /// 0 when fetch sessions are not in use.
    public var sessionID: Int32
    public var responses: [Topic]
    /// v16+, tag 0
    /// Addresses of the leaders named in current_leader (KIP-951).
    public var nodeEndpoints: [NodeEndpoint]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        sessionID: Int32 = 0,
        responses: [Topic] = [],
        nodeEndpoints: [NodeEndpoint] = [],
        taggedFields: TaggedFields = .init()
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
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        if version >= 7 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        } else {
            self.errorCode = KafkaErrorCode(rawValue: 0)
        }
        if version >= 7 {
            self.sessionID = try buffer.readKafkaInt32("session_id")
        } else {
            self.sessionID = 0
        }
        self.responses = try buffer.readKafkaNonNullArray("responses", flexible: flexible, minimumElementSize: (version >= 13 ? 18 : version >= 12 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        if flexible {
            var tags = try buffer.readTaggedFields()
            if version >= 16 {
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
        let flexible = version >= 12
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        if version >= 7 {
            buffer.writeInteger(errorCode.rawValue)
        }
        if version >= 7 {
            buffer.writeInteger(sessionID)
        }
        buffer.writeKafkaArray(responses, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if flexible {
            var tags = taggedFields
            if version >= 16, !nodeEndpoints.isEmpty { tags.setKnown(0) { buffer in buffer.writeKafkaArray(nodeEndpoints, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) } } }
            buffer.writeTaggedFields(tags)
        }
    }
}
