// generated from schema/*.schema by make generate; do not edit
import KafkaModel
import KafkaProtocol
import NIOCore

extension ProduceRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            transactionalID: version >= 3 && version <= 11 ? "transactional_id-364" : nil,
            acks: version >= 0 && version <= 11 ? 18249 : 0,
            timeoutMs: version >= 0 && version <= 11 ? 1139148525 : 0,
            topicData: version >= 0 && version <= 11 ? [ProduceRequest.TopicData.sample(version: version), ProduceRequest.TopicData.sample(version: version)] : [],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            responses: version >= 0 && version <= 11 ? [ProduceResponse.TopicResponse.sample(version: version), ProduceResponse.TopicResponse.sample(version: version)] : [],
            throttleTimeMs: version >= 1 && version <= 11 ? 253447562 : 0,
            nodeEndpoints: version >= 10 && version <= 11 ? [ProduceResponse.NodeEndpoint.sample(version: version), ProduceResponse.NodeEndpoint.sample(version: version)] : [],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceRequest.TopicData {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 0 && version <= 11 ? "name-302" : "",
            partitionData: version >= 0 && version <= 11 ? [ProduceRequest.PartitionData.sample(version: version), ProduceRequest.PartitionData.sample(version: version)] : [],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceRequest.PartitionData {
    static func sample(version: Int16) -> Self {
        Self(
            index: version >= 0 && version <= 11 ? 716136863 : 0,
            records: version >= 0 && version <= 11 ? ByteBuffer(bytes: [0x17, 0x01, 0x02]) : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.TopicResponse {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 0 && version <= 11 ? "name-302" : "",
            partitionResponses: version >= 0 && version <= 11 ? [ProduceResponse.PartitionResponse.sample(version: version), ProduceResponse.PartitionResponse.sample(version: version)] : [],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.PartitionResponse {
    static func sample(version: Int16) -> Self {
        Self(
            index: version >= 0 && version <= 11 ? 716136863 : 0,
            errorCode: version >= 0 && version <= 11 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            baseOffset: version >= 0 && version <= 11 ? 4941585267368 : 0,
            logAppendTimeMs: version >= 2 && version <= 11 ? 1495857652141 : -1,
            logStartOffset: version >= 5 && version <= 11 ? 42913039196 : -1,
            recordErrors: version >= 8 && version <= 11 ? [ProduceResponse.RecordError.sample(version: version), ProduceResponse.RecordError.sample(version: version)] : [],
            errorMessage: version >= 8 && version <= 11 ? "error_message-803" : nil,
            currentLeader: version >= 10 && version <= 11 ? ProduceResponse.LeaderIdAndEpoch.sample(version: version) : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.RecordError {
    static func sample(version: Int16) -> Self {
        Self(
            batchIndex: version >= 8 && version <= 11 ? 1757874016 : 0,
            batchIndexErrorMessage: version >= 8 && version <= 11 ? "batch_index_error_message-867" : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.LeaderIdAndEpoch {
    static func sample(version: Int16) -> Self {
        Self(
            leaderID: version >= 10 && version <= 11 ? 1470333952 : -1,
            leaderEpoch: version >= 10 && version <= 11 ? 544887586 : -1,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.NodeEndpoint {
    static func sample(version: Int16) -> Self {
        Self(
            nodeID: version >= 10 && version <= 11 ? 369493209 : 0,
            host: version >= 10 && version <= 11 ? "host-139" : "",
            port: version >= 10 && version <= 11 ? 385590604 : 0,
            rack: version >= 10 && version <= 11 ? "rack-726" : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            clusterID: version >= 12 && version <= 17 ? "cluster_id-635" : nil,
            replicaID: version >= 0 && version <= 14 ? 1174634483 : -1,
            replicaState: version >= 15 && version <= 17 ? FetchRequest.ReplicaState.sample(version: version) : nil,
            maxWaitMs: version >= 0 && version <= 17 ? 1206984768 : 0,
            minBytes: version >= 0 && version <= 17 ? 942847281 : 0,
            maxBytes: version >= 3 && version <= 17 ? 909983155 : 0x7fffffff,
            isolationLevel: version >= 4 && version <= 17 ? 80 : 0,
            sessionID: version >= 7 && version <= 17 ? 1569339383 : 0,
            sessionEpoch: version >= 7 && version <= 17 ? 1688884153 : -1,
            topics: version >= 0 && version <= 17 ? [FetchRequest.Topic.sample(version: version), FetchRequest.Topic.sample(version: version)] : [],
            forgottenTopicsData: version >= 7 && version <= 17 ? [FetchRequest.ForgottenTopic.sample(version: version), FetchRequest.ForgottenTopic.sample(version: version)] : [],
            rackID: version >= 11 && version <= 17 ? "rack_id-282" : "",
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 && version <= 17 ? 253447562 : 0,
            errorCode: version >= 7 && version <= 17 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            sessionID: version >= 7 && version <= 17 ? 1569339383 : 0,
            responses: version >= 0 && version <= 17 ? [FetchResponseLayout.Topic.sample(version: version), FetchResponseLayout.Topic.sample(version: version)] : [],
            nodeEndpoints: version >= 16 && version <= 17 ? [FetchResponseLayout.NodeEndpoint.sample(version: version), FetchResponseLayout.NodeEndpoint.sample(version: version)] : [],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.ReplicaState {
    static func sample(version: Int16) -> Self {
        Self(
            replicaID: version >= 15 && version <= 17 ? 1174634483 : -1,
            replicaEpoch: version >= 15 && version <= 17 ? 1299178892853 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: version >= 0 && version <= 12 ? "topic-108" : "",
            topicID: version >= 13 && version <= 17 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            partitions: version >= 0 && version <= 17 ? [FetchRequest.Partition.sample(version: version), FetchRequest.Partition.sample(version: version)] : [],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partition: version >= 0 && version <= 17 ? 1216983425 : 0,
            currentLeaderEpoch: version >= 9 && version <= 17 ? 1721701636 : -1,
            fetchOffset: version >= 0 && version <= 17 ? 3007201980343 : 0,
            lastFetchedEpoch: version >= 12 && version <= 17 ? 714286011 : -1,
            logStartOffset: version >= 5 && version <= 17 ? 42913039196 : -1,
            partitionMaxBytes: version >= 0 && version <= 17 ? 1227224716 : 0,
            replicaDirectoryID: version >= 17 && version <= 17 ? TopicID(high: 17446225284717575237, low: 5877405688667835483) : TopicID.zero,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.ForgottenTopic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: version >= 7 && version <= 12 ? "topic-108" : "",
            topicID: version >= 13 && version <= 17 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            partitions: version >= 7 && version <= 17 ? [160453076, 160453076] : [],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: version >= 0 && version <= 12 ? "topic-108" : "",
            topicID: version >= 13 && version <= 17 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            partitions: version >= 0 && version <= 17 ? [FetchResponseLayout.Partition.sample(version: version), FetchResponseLayout.Partition.sample(version: version)] : [],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: version >= 0 && version <= 17 ? 258575864 : 0,
            errorCode: version >= 0 && version <= 17 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            highWatermark: version >= 0 && version <= 17 ? 7680565580532 : 0,
            lastStableOffset: version >= 4 && version <= 17 ? 4664699145051 : -1,
            logStartOffset: version >= 5 && version <= 17 ? 42913039196 : -1,
            divergingEpoch: version >= 12 && version <= 17 ? FetchResponseLayout.EpochEndOffset.sample(version: version) : nil,
            currentLeader: version >= 12 && version <= 17 ? FetchResponseLayout.LeaderIdAndEpoch.sample(version: version) : nil,
            snapshotID: version >= 12 && version <= 17 ? FetchResponseLayout.SnapshotID.sample(version: version) : nil,
            abortedTransactions: version >= 4 && version <= 17 ? [FetchResponseLayout.AbortedTransaction.sample(version: version), FetchResponseLayout.AbortedTransaction.sample(version: version)] : nil,
            preferredReadReplica: version >= 11 && version <= 17 ? 772229440 : -1,
            records: version >= 0 && version <= 17 ? ByteBuffer(bytes: [0x17, 0x01, 0x02]) : nil,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.EpochEndOffset {
    static func sample(version: Int16) -> Self {
        Self(
            epoch: version >= 12 && version <= 17 ? 711476950 : -1,
            endOffset: version >= 12 && version <= 17 ? 5173583145412 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.LeaderIdAndEpoch {
    static func sample(version: Int16) -> Self {
        Self(
            leaderID: version >= 12 && version <= 17 ? 1470333952 : -1,
            leaderEpoch: version >= 12 && version <= 17 ? 544887586 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.SnapshotID {
    static func sample(version: Int16) -> Self {
        Self(
            endOffset: version >= 12 && version <= 17 ? 5173583145412 : -1,
            epoch: version >= 12 && version <= 17 ? 711476950 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.AbortedTransaction {
    static func sample(version: Int16) -> Self {
        Self(
            producerID: version >= 4 && version <= 17 ? 402302781175 : 0,
            firstOffset: version >= 4 && version <= 17 ? 2514133441813 : 0,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.NodeEndpoint {
    static func sample(version: Int16) -> Self {
        Self(
            nodeID: version >= 16 && version <= 17 ? 369493209 : 0,
            host: version >= 16 && version <= 17 ? "host-139" : "",
            port: version >= 16 && version <= 17 ? 385590604 : 0,
            rack: version >= 16 && version <= 17 ? "rack-726" : nil,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: version >= 0 && version <= 9 ? "group_id-262" : "",
            sessionTimeoutMs: version >= 0 && version <= 9 ? 1353056688 : 0,
            rebalanceTimeoutMs: version >= 1 && version <= 9 ? 96106121 : -1,
            memberID: version >= 0 && version <= 9 ? "member_id-33" : "",
            groupInstanceID: version >= 5 && version <= 9 ? "group_instance_id-282" : nil,
            protocolType: version >= 0 && version <= 9 ? "protocol_type-0" : "consumer",
            protocols: version >= 0 && version <= 9 ? [JoinGroupRequest.GroupProtocol.sample(version: version), JoinGroupRequest.GroupProtocol.sample(version: version)] : [],
            reason: version >= 8 && version <= 9 ? "reason-909" : nil,
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 2 && version <= 9 ? 253447562 : 0,
            errorCode: version >= 0 && version <= 9 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            generationID: version >= 0 && version <= 9 ? 1425960991 : -1,
            protocolType: version >= 7 && version <= 9 ? "protocol_type-0" : nil,
            protocolName: version >= 0 && version <= 9 ? "protocol_name-143" : nil,
            leader: version >= 0 && version <= 9 ? "leader-890" : "",
            skipAssignment: version >= 9 && version <= 9 ? true : false,
            memberID: version >= 0 && version <= 9 ? "member_id-33" : "",
            members: version >= 0 && version <= 9 ? [JoinGroupResponse.Member.sample(version: version), JoinGroupResponse.Member.sample(version: version)] : [],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupRequest.GroupProtocol {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 0 && version <= 9 ? "name-302" : "",
            metadata: version >= 0 && version <= 9 ? ByteBuffer(bytes: [0xa6, 0x01, 0x02]) : ByteBuffer(),
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupResponse.Member {
    static func sample(version: Int16) -> Self {
        Self(
            memberID: version >= 0 && version <= 9 ? "member_id-33" : "",
            groupInstanceID: version >= 5 && version <= 9 ? "group_instance_id-282" : nil,
            metadata: version >= 0 && version <= 9 ? ByteBuffer(bytes: [0xa6, 0x01, 0x02]) : ByteBuffer(),
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension HeartbeatRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: version >= 0 && version <= 4 ? "group_id-262" : "",
            generationID: version >= 0 && version <= 4 ? 1425960991 : 0,
            memberID: version >= 0 && version <= 4 ? "member_id-33" : "",
            groupInstanceID: version >= 3 && version <= 4 ? "group_instance_id-282" : nil,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension HeartbeatResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 && version <= 4 ? 253447562 : 0,
            errorCode: version >= 0 && version <= 4 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

enum GeneratedSamples {
    /// Hand-tuned messages and the generated layouts they must match byte for byte.
    static let handTuned: [HandTunedCheck] = [
        HandTunedCheck(FetchResponse.self, layout: FetchResponseLayout.self, versions: 0...17),
    ]
}
