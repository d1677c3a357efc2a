// generated from schema/*.schema by make generate; do not edit
import KafkaModel
import KafkaProtocol
import NIOCore

extension ProduceRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            transactionalID: version >= 3 ? "transactional_id-364" : nil,
            acks: 18249,
            timeoutMs: 1139148525,
            topicData: [ProduceRequest.TopicData.sample(version: version), ProduceRequest.TopicData.sample(version: version)],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            responses: [ProduceResponse.TopicResponse.sample(version: version), ProduceResponse.TopicResponse.sample(version: version)],
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            nodeEndpoints: version >= 10 ? [ProduceResponse.NodeEndpoint.sample(version: version), ProduceResponse.NodeEndpoint.sample(version: version)] : [],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceRequest.TopicData {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitionData: [ProduceRequest.PartitionData.sample(version: version), ProduceRequest.PartitionData.sample(version: version)],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceRequest.PartitionData {
    static func sample(version: Int16) -> Self {
        Self(
            index: 716136863,
            records: ByteBuffer(bytes: [0x17, 0x01, 0x02]),
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.TopicResponse {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitionResponses: [ProduceResponse.PartitionResponse.sample(version: version), ProduceResponse.PartitionResponse.sample(version: version)],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.PartitionResponse {
    static func sample(version: Int16) -> Self {
        Self(
            index: 716136863,
            errorCode: KafkaErrorCode(rawValue: 10075),
            baseOffset: 4941585267368,
            logAppendTimeMs: version >= 2 ? 1495857652141 : -1,
            logStartOffset: version >= 5 ? 42913039196 : -1,
            recordErrors: version >= 8 ? [ProduceResponse.RecordError.sample(version: version), ProduceResponse.RecordError.sample(version: version)] : [],
            errorMessage: version >= 8 ? "error_message-803" : nil,
            currentLeader: version >= 10 ? ProduceResponse.LeaderIdAndEpoch.sample(version: version) : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.RecordError {
    static func sample(version: Int16) -> Self {
        Self(
            batchIndex: version >= 8 ? 1757874016 : 0,
            batchIndexErrorMessage: version >= 8 ? "batch_index_error_message-867" : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.LeaderIdAndEpoch {
    static func sample(version: Int16) -> Self {
        Self(
            leaderID: version >= 10 ? 1470333952 : -1,
            leaderEpoch: version >= 10 ? 544887586 : -1,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ProduceResponse.NodeEndpoint {
    static func sample(version: Int16) -> Self {
        Self(
            nodeID: version >= 10 ? 369493209 : 0,
            host: version >= 10 ? "host-139" : "",
            port: version >= 10 ? 385590604 : 0,
            rack: version >= 10 ? "rack-726" : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            clusterID: version >= 12 ? "cluster_id-635" : nil,
            replicaID: version <= 14 ? 1174634483 : -1,
            replicaState: version >= 15 ? FetchRequest.ReplicaState.sample(version: version) : nil,
            maxWaitMs: 1206984768,
            minBytes: 942847281,
            maxBytes: version >= 3 ? 909983155 : 0x7fffffff,
            isolationLevel: version >= 4 ? 80 : 0,
            sessionID: version >= 7 ? 1569339383 : 0,
            sessionEpoch: version >= 7 ? 1688884153 : -1,
            topics: [FetchRequest.Topic.sample(version: version), FetchRequest.Topic.sample(version: version)],
            forgottenTopicsData: version >= 7 ? [FetchRequest.ForgottenTopic.sample(version: version), FetchRequest.ForgottenTopic.sample(version: version)] : [],
            rackID: version >= 11 ? "rack_id-282" : "",
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            errorCode: version >= 7 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            sessionID: version >= 7 ? 1569339383 : 0,
            responses: [FetchResponseLayout.Topic.sample(version: version), FetchResponseLayout.Topic.sample(version: version)],
            nodeEndpoints: version >= 16 ? [FetchResponseLayout.NodeEndpoint.sample(version: version), FetchResponseLayout.NodeEndpoint.sample(version: version)] : [],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.ReplicaState {
    static func sample(version: Int16) -> Self {
        Self(
            replicaID: version >= 15 ? 1174634483 : -1,
            replicaEpoch: version >= 15 ? 1299178892853 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: version <= 12 ? "topic-108" : "",
            topicID: version >= 13 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            partitions: [FetchRequest.Partition.sample(version: version), FetchRequest.Partition.sample(version: version)],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partition: 1216983425,
            currentLeaderEpoch: version >= 9 ? 1721701636 : -1,
            fetchOffset: 3007201980343,
            lastFetchedEpoch: version >= 12 ? 714286011 : -1,
            logStartOffset: version >= 5 ? 42913039196 : -1,
            partitionMaxBytes: 1227224716,
            replicaDirectoryID: version >= 17 ? TopicID(high: 17446225284717575237, low: 5877405688667835483) : TopicID.zero,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchRequest.ForgottenTopic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: version >= 7 && version <= 12 ? "topic-108" : "",
            topicID: version >= 13 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            partitions: version >= 7 ? [160453076, 160453076] : [],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: version <= 12 ? "topic-108" : "",
            topicID: version >= 13 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            partitions: [FetchResponseLayout.Partition.sample(version: version), FetchResponseLayout.Partition.sample(version: version)],
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            errorCode: KafkaErrorCode(rawValue: 10075),
            highWatermark: 7680565580532,
            lastStableOffset: version >= 4 ? 4664699145051 : -1,
            logStartOffset: version >= 5 ? 42913039196 : -1,
            divergingEpoch: version >= 12 ? FetchResponseLayout.EpochEndOffset.sample(version: version) : nil,
            currentLeader: version >= 12 ? FetchResponseLayout.LeaderIdAndEpoch.sample(version: version) : nil,
            snapshotID: version >= 12 ? FetchResponseLayout.SnapshotID.sample(version: version) : nil,
            abortedTransactions: version >= 4 ? [FetchResponseLayout.AbortedTransaction.sample(version: version), FetchResponseLayout.AbortedTransaction.sample(version: version)] : nil,
            preferredReadReplica: version >= 11 ? 772229440 : -1,
            records: ByteBuffer(bytes: [0x17, 0x01, 0x02]),
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.EpochEndOffset {
    static func sample(version: Int16) -> Self {
        Self(
            epoch: version >= 12 ? 711476950 : -1,
            endOffset: version >= 12 ? 5173583145412 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.LeaderIdAndEpoch {
    static func sample(version: Int16) -> Self {
        Self(
            leaderID: version >= 12 ? 1470333952 : -1,
            leaderEpoch: version >= 12 ? 544887586 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.SnapshotID {
    static func sample(version: Int16) -> Self {
        Self(
            endOffset: version >= 12 ? 5173583145412 : -1,
            epoch: version >= 12 ? 711476950 : -1,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.AbortedTransaction {
    static func sample(version: Int16) -> Self {
        Self(
            producerID: version >= 4 ? 402302781175 : 0,
            firstOffset: version >= 4 ? 2514133441813 : 0,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FetchResponseLayout.NodeEndpoint {
    static func sample(version: Int16) -> Self {
        Self(
            nodeID: version >= 16 ? 369493209 : 0,
            host: version >= 16 ? "host-139" : "",
            port: version >= 16 ? 385590604 : 0,
            rack: version >= 16 ? "rack-726" : nil,
            taggedFields: version >= 12 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            sessionTimeoutMs: 1353056688,
            rebalanceTimeoutMs: version >= 1 ? 96106121 : -1,
            memberID: "member_id-33",
            groupInstanceID: version >= 5 ? "group_instance_id-282" : nil,
            protocolType: "protocol_type-0",
            protocols: [JoinGroupRequest.GroupProtocol.sample(version: version), JoinGroupRequest.GroupProtocol.sample(version: version)],
            reason: version >= 8 ? "reason-909" : nil,
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 2 ? 253447562 : 0,
            errorCode: KafkaErrorCode(rawValue: 10075),
            generationID: 1425960991,
            protocolType: version >= 7 ? "protocol_type-0" : nil,
            protocolName: "protocol_name-143",
            leader: "leader-890",
            skipAssignment: version >= 9 ? true : false,
            memberID: "member_id-33",
            members: [JoinGroupResponse.Member.sample(version: version), JoinGroupResponse.Member.sample(version: version)],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupRequest.GroupProtocol {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            metadata: ByteBuffer(bytes: [0xa6, 0x01, 0x02]),
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension JoinGroupResponse.Member {
    static func sample(version: Int16) -> Self {
        Self(
            memberID: "member_id-33",
            groupInstanceID: version >= 5 ? "group_instance_id-282" : nil,
            metadata: ByteBuffer(bytes: [0xa6, 0x01, 0x02]),
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension HeartbeatRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            generationID: 1425960991,
            memberID: "member_id-33",
            groupInstanceID: version >= 3 ? "group_instance_id-282" : nil,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension HeartbeatResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            errorCode: KafkaErrorCode(rawValue: 10075),
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
