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

extension ListOffsetsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            replicaID: 1174634483,
            isolationLevel: version >= 2 ? 80 : 0,
            topics: [ListOffsetsRequest.Topic.sample(version: version), ListOffsetsRequest.Topic.sample(version: version)],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListOffsetsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 2 ? 253447562 : 0,
            topics: [ListOffsetsResponse.Topic.sample(version: version), ListOffsetsResponse.Topic.sample(version: version)],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListOffsetsRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [ListOffsetsRequest.Partition.sample(version: version), ListOffsetsRequest.Partition.sample(version: version)],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListOffsetsRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            currentLeaderEpoch: version >= 4 ? 1721701636 : -1,
            timestamp: 4960766479899,
            maxNumOffsets: version <= 0 ? 1816230357 : 1,
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListOffsetsResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [ListOffsetsResponse.Partition.sample(version: version), ListOffsetsResponse.Partition.sample(version: version)],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListOffsetsResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            errorCode: KafkaErrorCode(rawValue: 10075),
            oldStyleOffsets: version <= 0 ? [5788306858607, 5788306858607] : [],
            timestamp: version >= 1 ? 4960766479899 : -1,
            offset: version >= 1 ? 6953857928014 : -1,
            leaderEpoch: version >= 4 ? 544887586 : -1,
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension MetadataRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            topics: [MetadataRequest.Topic.sample(version: version), MetadataRequest.Topic.sample(version: version)],
            allowAutoTopicCreation: version >= 4 ? false : true,
            includeClusterAuthorizedOperations: version >= 8 && version <= 10 ? true : false,
            includeTopicAuthorizedOperations: version >= 8 ? true : false,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension MetadataResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 3 ? 253447562 : 0,
            brokers: [MetadataResponse.Broker.sample(version: version), MetadataResponse.Broker.sample(version: version)],
            clusterID: version >= 2 ? "cluster_id-635" : nil,
            controllerID: version >= 1 ? 1159018871 : -1,
            topics: [MetadataResponse.Topic.sample(version: version), MetadataResponse.Topic.sample(version: version)],
            clusterAuthorizedOperations: version >= 8 && version <= 10 ? 1850394986 : -2147483648,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension MetadataRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topicID: version >= 10 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            name: "name-302",
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension MetadataResponse.Broker {
    static func sample(version: Int16) -> Self {
        Self(
            nodeID: 369493209,
            host: "host-139",
            port: 385590604,
            rack: version >= 1 ? "rack-726" : nil,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension MetadataResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            name: "name-302",
            topicID: version >= 10 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            isInternal: version >= 1 ? true : false,
            partitions: [MetadataResponse.Partition.sample(version: version), MetadataResponse.Partition.sample(version: version)],
            topicAuthorizedOperations: version >= 8 ? 210004679 : -2147483648,
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension MetadataResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            partitionIndex: 258575864,
            leaderID: 1470333952,
            leaderEpoch: version >= 7 ? 544887586 : -1,
            replicaNodes: [1189518303, 1189518303],
            isrNodes: [672530221, 672530221],
            offlineReplicas: version >= 5 ? [965319228, 965319228] : [],
            taggedFields: version >= 9 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetCommitRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            generationIDOrMemberEpoch: version >= 1 ? 678531940 : -1,
            memberID: version >= 1 ? "member_id-33" : "",
            groupInstanceID: version >= 7 ? "group_instance_id-282" : nil,
            retentionTimeMs: version >= 2 && version <= 4 ? 2110844386156 : -1,
            topics: [OffsetCommitRequest.Topic.sample(version: version), OffsetCommitRequest.Topic.sample(version: version)],
            taggedFields: version >= 8 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetCommitResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 3 ? 253447562 : 0,
            topics: [OffsetCommitResponse.Topic.sample(version: version), OffsetCommitResponse.Topic.sample(version: version)],
            taggedFields: version >= 8 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetCommitRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [OffsetCommitRequest.Partition.sample(version: version), OffsetCommitRequest.Partition.sample(version: version)],
            taggedFields: version >= 8 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetCommitRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            committedOffset: 7299956629971,
            committedLeaderEpoch: version >= 6 ? 1592372583 : -1,
            commitTimestamp: version >= 1 && version <= 1 ? 7985710775843 : -1,
            committedMetadata: "committed_metadata-923",
            taggedFields: version >= 8 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetCommitResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [OffsetCommitResponse.Partition.sample(version: version), OffsetCommitResponse.Partition.sample(version: version)],
            taggedFields: version >= 8 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetCommitResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            errorCode: KafkaErrorCode(rawValue: 10075),
            taggedFields: version >= 8 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: version <= 7 ? "group_id-262" : "",
            topics: version <= 7 ? [OffsetFetchRequest.Topic.sample(version: version), OffsetFetchRequest.Topic.sample(version: version)] : nil,
            groups: version >= 8 ? [OffsetFetchRequest.Group.sample(version: version), OffsetFetchRequest.Group.sample(version: version)] : [],
            requireStable: version >= 7 ? true : false,
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 3 ? 253447562 : 0,
            topics: version <= 7 ? [OffsetFetchResponse.Topic.sample(version: version), OffsetFetchResponse.Topic.sample(version: version)] : [],
            errorCode: version >= 2 && version <= 7 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            groups: version >= 8 ? [OffsetFetchResponse.Group.sample(version: version), OffsetFetchResponse.Group.sample(version: version)] : [],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchRequest.Group {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: version >= 8 ? "group_id-262" : "",
            memberID: version >= 9 ? "member_id-33" : nil,
            memberEpoch: version >= 9 ? 54201357 : -1,
            topics: version >= 8 ? [OffsetFetchRequest.Topic.sample(version: version), OffsetFetchRequest.Topic.sample(version: version)] : nil,
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchResponse.Group {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: version >= 8 ? "group_id-262" : "",
            topics: version >= 8 ? [OffsetFetchResponse.Topic.sample(version: version), OffsetFetchResponse.Topic.sample(version: version)] : [],
            errorCode: version >= 8 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitionIndexes: [1532621040, 1532621040],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [OffsetFetchResponse.Partition.sample(version: version), OffsetFetchResponse.Partition.sample(version: version)],
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetFetchResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            committedOffset: 7299956629971,
            committedLeaderEpoch: version >= 5 ? 1592372583 : -1,
            metadata: "metadata-366",
            errorCode: KafkaErrorCode(rawValue: 10075),
            taggedFields: version >= 6 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FindCoordinatorRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            key: version <= 3 ? "key-974" : "",
            keyType: version >= 1 ? 37 : 0,
            coordinatorKeys: version >= 4 ? ["coordinator_keys-764", "coordinator_keys-764"] : [],
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FindCoordinatorResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            errorCode: version <= 3 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            errorMessage: version >= 1 && version <= 3 ? "error_message-803" : nil,
            nodeID: version <= 3 ? 369493209 : 0,
            host: version <= 3 ? "host-139" : "",
            port: version <= 3 ? 385590604 : 0,
            coordinators: version >= 4 ? [FindCoordinatorResponse.Coordinator.sample(version: version), FindCoordinatorResponse.Coordinator.sample(version: version)] : [],
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension FindCoordinatorResponse.Coordinator {
    static func sample(version: Int16) -> Self {
        Self(
            key: version >= 4 ? "key-974" : "",
            nodeID: version >= 4 ? 369493209 : -1,
            host: version >= 4 ? "host-139" : "",
            port: version >= 4 ? 385590604 : -1,
            errorCode: version >= 4 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            errorMessage: version >= 4 ? "error_message-803" : nil,
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
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

extension LeaveGroupRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            memberID: version <= 2 ? "member_id-33" : "",
            members: version >= 3 ? [LeaveGroupRequest.Member.sample(version: version), LeaveGroupRequest.Member.sample(version: version)] : [],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension LeaveGroupResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            errorCode: KafkaErrorCode(rawValue: 10075),
            members: version >= 3 ? [LeaveGroupResponse.Member.sample(version: version), LeaveGroupResponse.Member.sample(version: version)] : [],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension LeaveGroupRequest.Member {
    static func sample(version: Int16) -> Self {
        Self(
            memberID: version >= 3 ? "member_id-33" : "",
            groupInstanceID: version >= 3 ? "group_instance_id-282" : nil,
            reason: version >= 5 ? "reason-909" : nil,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension LeaveGroupResponse.Member {
    static func sample(version: Int16) -> Self {
        Self(
            memberID: version >= 3 ? "member_id-33" : "",
            groupInstanceID: version >= 3 ? "group_instance_id-282" : nil,
            errorCode: version >= 3 ? KafkaErrorCode(rawValue: 10075) : KafkaErrorCode(rawValue: 0),
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension SyncGroupRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            generationID: 1425960991,
            memberID: "member_id-33",
            groupInstanceID: version >= 3 ? "group_instance_id-282" : nil,
            protocolType: version >= 5 ? "protocol_type-0" : nil,
            protocolName: version >= 5 ? "protocol_name-143" : nil,
            assignments: [SyncGroupRequest.Assignment.sample(version: version), SyncGroupRequest.Assignment.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension SyncGroupResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            errorCode: KafkaErrorCode(rawValue: 10075),
            protocolType: version >= 5 ? "protocol_type-0" : nil,
            protocolName: version >= 5 ? "protocol_name-143" : nil,
            assignment: ByteBuffer(bytes: [0x3e, 0x01, 0x02]),
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension SyncGroupRequest.Assignment {
    static func sample(version: Int16) -> Self {
        Self(
            memberID: "member_id-33",
            assignment: ByteBuffer(bytes: [0x3e, 0x01, 0x02]),
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeGroupsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groups: ["groups-893", "groups-893"],
            includeAuthorizedOperations: version >= 3 ? true : false,
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeGroupsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            groups: [DescribeGroupsResponse.Group.sample(version: version), DescribeGroupsResponse.Group.sample(version: version)],
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeGroupsResponse.Group {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            groupID: "group_id-262",
            groupState: "group_state-634",
            protocolType: "protocol_type-0",
            protocolData: "protocol_data-0",
            members: [DescribeGroupsResponse.Member.sample(version: version), DescribeGroupsResponse.Member.sample(version: version)],
            authorizedOperations: version >= 3 ? 1688343849 : -2147483648,
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeGroupsResponse.Member {
    static func sample(version: Int16) -> Self {
        Self(
            memberID: "member_id-33",
            groupInstanceID: version >= 4 ? "group_instance_id-282" : nil,
            clientID: "client_id-928",
            clientHost: "client_host-921",
            memberMetadata: ByteBuffer(bytes: [0x7d, 0x01, 0x02]),
            memberAssignment: ByteBuffer(bytes: [0xd5, 0x01, 0x02]),
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListGroupsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            statesFilter: version >= 4 ? ["states_filter-894", "states_filter-894"] : [],
            typesFilter: version >= 5 ? ["types_filter-111", "types_filter-111"] : [],
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListGroupsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            errorCode: KafkaErrorCode(rawValue: 10075),
            groups: [ListGroupsResponse.Group.sample(version: version), ListGroupsResponse.Group.sample(version: version)],
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ListGroupsResponse.Group {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            protocolType: "protocol_type-0",
            groupState: version >= 4 ? "group_state-634" : "",
            groupType: version >= 5 ? "group_type-291" : "",
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ApiVersionsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            clientSoftwareName: version >= 3 ? "client_software_name-326" : "",
            clientSoftwareVersion: version >= 3 ? "client_software_version-643" : "",
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ApiVersionsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            apiKeys: [ApiVersionsResponse.ApiVersion.sample(version: version), ApiVersionsResponse.ApiVersion.sample(version: version)],
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            supportedFeatures: version >= 3 ? [ApiVersionsResponse.SupportedFeatureKey.sample(version: version), ApiVersionsResponse.SupportedFeatureKey.sample(version: version)] : [],
            finalizedFeaturesEpoch: version >= 3 ? 6254038136521 : -1,
            finalizedFeatures: version >= 3 ? [ApiVersionsResponse.FinalizedFeatureKey.sample(version: version), ApiVersionsResponse.FinalizedFeatureKey.sample(version: version)] : [],
            zkMigrationReady: version >= 3 ? true : false,
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ApiVersionsResponse.ApiVersion {
    static func sample(version: Int16) -> Self {
        Self(
            apiKey: 21945,
            minVersion: 29888,
            maxVersion: 6674,
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ApiVersionsResponse.SupportedFeatureKey {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 3 ? "name-302" : "",
            minVersion: version >= 3 ? 29888 : 0,
            maxVersion: version >= 3 ? 6674 : 0,
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension ApiVersionsResponse.FinalizedFeatureKey {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 3 ? "name-302" : "",
            maxVersionLevel: version >= 3 ? 26665 : 0,
            minVersionLevel: version >= 3 ? 22871 : 0,
            taggedFields: version >= 3 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            topics: [CreateTopicsRequest.Topic.sample(version: version), CreateTopicsRequest.Topic.sample(version: version)],
            timeoutMs: 1139148525,
            validateOnly: version >= 1 ? true : false,
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 2 ? 253447562 : 0,
            topics: [CreateTopicsResponse.Topic.sample(version: version), CreateTopicsResponse.Topic.sample(version: version)],
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            numPartitions: 1343469795,
            replicationFactor: 15343,
            assignments: [CreateTopicsRequest.Assignment.sample(version: version), CreateTopicsRequest.Assignment.sample(version: version)],
            configs: [CreateTopicsRequest.Config.sample(version: version), CreateTopicsRequest.Config.sample(version: version)],
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsRequest.Assignment {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            brokerIDs: [687515531, 687515531],
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsRequest.Config {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            value: "value-874",
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            topicID: version >= 7 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            errorCode: KafkaErrorCode(rawValue: 10075),
            errorMessage: version >= 1 ? "error_message-803" : nil,
            topicConfigErrorCode: version >= 5 ? KafkaErrorCode(rawValue: 10782) : KafkaErrorCode(rawValue: 0),
            numPartitions: version >= 5 ? 1343469795 : -1,
            replicationFactor: version >= 5 ? 15343 : -1,
            configs: version >= 5 ? [CreateTopicsResponse.Config.sample(version: version), CreateTopicsResponse.Config.sample(version: version)] : nil,
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreateTopicsResponse.Config {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 5 ? "name-302" : "",
            value: version >= 5 ? "value-874" : nil,
            readOnly: version >= 5 ? true : false,
            configSource: version >= 5 ? 13 : -1,
            isSensitive: version >= 5 ? true : false,
            taggedFields: version >= 5 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteTopicsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            topics: version >= 6 ? [DeleteTopicsRequest.Topic.sample(version: version), DeleteTopicsRequest.Topic.sample(version: version)] : [],
            topicNames: version <= 5 ? ["topic_names-711", "topic_names-711"] : [],
            timeoutMs: 1139148525,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteTopicsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 1 ? 253447562 : 0,
            responses: [DeleteTopicsResponse.Result.sample(version: version), DeleteTopicsResponse.Result.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteTopicsRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 6 ? "name-302" : nil,
            topicID: version >= 6 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteTopicsResponse.Result {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            topicID: version >= 6 ? TopicID(high: 7572976378435216, low: 234762267731491696) : TopicID.zero,
            errorCode: KafkaErrorCode(rawValue: 10075),
            errorMessage: version >= 5 ? "error_message-803" : nil,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteRecordsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            topics: [DeleteRecordsRequest.Topic.sample(version: version), DeleteRecordsRequest.Topic.sample(version: version)],
            timeoutMs: 1139148525,
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteRecordsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            topics: [DeleteRecordsResponse.Topic.sample(version: version), DeleteRecordsResponse.Topic.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteRecordsRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [DeleteRecordsRequest.Partition.sample(version: version), DeleteRecordsRequest.Partition.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteRecordsRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            offset: 6953857928014,
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteRecordsResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [DeleteRecordsResponse.Partition.sample(version: version), DeleteRecordsResponse.Partition.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteRecordsResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            lowWatermark: 2681179196230,
            errorCode: KafkaErrorCode(rawValue: 10075),
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension InitProducerIdRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            transactionalID: "transactional_id-364",
            transactionTimeoutMs: 1783260402,
            producerID: version >= 3 ? 402302781175 : -1,
            producerEpoch: version >= 3 ? 18569 : -1,
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension InitProducerIdResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            errorCode: KafkaErrorCode(rawValue: 10075),
            producerID: 402302781175,
            producerEpoch: 18569,
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetForLeaderEpochRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            replicaID: version >= 3 ? 1174634483 : -2,
            topics: [OffsetForLeaderEpochRequest.Topic.sample(version: version), OffsetForLeaderEpochRequest.Topic.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetForLeaderEpochResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: version >= 2 ? 253447562 : 0,
            topics: [OffsetForLeaderEpochResponse.Topic.sample(version: version), OffsetForLeaderEpochResponse.Topic.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetForLeaderEpochRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: "topic-108",
            partitions: [OffsetForLeaderEpochRequest.Partition.sample(version: version), OffsetForLeaderEpochRequest.Partition.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetForLeaderEpochRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partition: 1216983425,
            currentLeaderEpoch: version >= 2 ? 1721701636 : -1,
            leaderEpoch: 544887586,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetForLeaderEpochResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            topic: "topic-108",
            partitions: [OffsetForLeaderEpochResponse.Partition.sample(version: version), OffsetForLeaderEpochResponse.Partition.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetForLeaderEpochResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            partition: 1216983425,
            leaderEpoch: version >= 1 ? 544887586 : -1,
            endOffset: 5173583145412,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeConfigsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            resources: [DescribeConfigsRequest.Resource.sample(version: version), DescribeConfigsRequest.Resource.sample(version: version)],
            includeSynonyms: version >= 1 ? true : false,
            includeDocumentation: version >= 3 ? true : false,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeConfigsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            results: [DescribeConfigsResponse.Result.sample(version: version), DescribeConfigsResponse.Result.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeConfigsRequest.Resource {
    static func sample(version: Int16) -> Self {
        Self(
            resourceType: 40,
            resourceName: "resource_name-581",
            configurationKeys: ["configuration_keys-376", "configuration_keys-376"],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeConfigsResponse.Result {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            errorMessage: "error_message-803",
            resourceType: 40,
            resourceName: "resource_name-581",
            configs: [DescribeConfigsResponse.Config.sample(version: version), DescribeConfigsResponse.Config.sample(version: version)],
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeConfigsResponse.Config {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            value: "value-874",
            readOnly: true,
            isDefault: version <= 0 ? true : false,
            configSource: version >= 1 ? 13 : -1,
            isSensitive: true,
            synonyms: version >= 1 ? [DescribeConfigsResponse.Synonym.sample(version: version), DescribeConfigsResponse.Synonym.sample(version: version)] : [],
            configType: version >= 3 ? 30 : 0,
            documentation: version >= 3 ? "documentation-239" : nil,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DescribeConfigsResponse.Synonym {
    static func sample(version: Int16) -> Self {
        Self(
            name: version >= 1 ? "name-302" : "",
            value: version >= 1 ? "value-874" : nil,
            source: version >= 1 ? 60 : 0,
            taggedFields: version >= 4 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension AlterConfigsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            resources: [AlterConfigsRequest.Resource.sample(version: version), AlterConfigsRequest.Resource.sample(version: version)],
            validateOnly: true,
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension AlterConfigsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            responses: [AlterConfigsResponse.AlterConfigsResourceResult.sample(version: version), AlterConfigsResponse.AlterConfigsResourceResult.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension AlterConfigsRequest.Resource {
    static func sample(version: Int16) -> Self {
        Self(
            resourceType: 40,
            resourceName: "resource_name-581",
            configs: [AlterConfigsRequest.Config.sample(version: version), AlterConfigsRequest.Config.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension AlterConfigsRequest.Config {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            value: "value-874",
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension AlterConfigsResponse.AlterConfigsResourceResult {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            errorMessage: "error_message-803",
            resourceType: 40,
            resourceName: "resource_name-581",
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreatePartitionsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            topics: [CreatePartitionsRequest.Topic.sample(version: version), CreatePartitionsRequest.Topic.sample(version: version)],
            timeoutMs: 1139148525,
            validateOnly: true,
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreatePartitionsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            results: [CreatePartitionsResponse.Result.sample(version: version), CreatePartitionsResponse.Result.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreatePartitionsRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            count: 709076080,
            assignments: [CreatePartitionsRequest.Assignment.sample(version: version), CreatePartitionsRequest.Assignment.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreatePartitionsRequest.Assignment {
    static func sample(version: Int16) -> Self {
        Self(
            brokerIDs: [687515531, 687515531],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension CreatePartitionsResponse.Result {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            errorCode: KafkaErrorCode(rawValue: 10075),
            errorMessage: "error_message-803",
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteGroupsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupsNames: ["groups_names-624", "groups_names-624"],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteGroupsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            results: [DeleteGroupsResponse.Result.sample(version: version), DeleteGroupsResponse.Result.sample(version: version)],
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension DeleteGroupsResponse.Result {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            errorCode: KafkaErrorCode(rawValue: 10075),
            taggedFields: version >= 2 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension IncrementalAlterConfigsRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            resources: [IncrementalAlterConfigsRequest.Resource.sample(version: version), IncrementalAlterConfigsRequest.Resource.sample(version: version)],
            validateOnly: true,
            taggedFields: version >= 1 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension IncrementalAlterConfigsResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            throttleTimeMs: 253447562,
            responses: [IncrementalAlterConfigsResponse.AlterConfigsResourceResult.sample(version: version), IncrementalAlterConfigsResponse.AlterConfigsResourceResult.sample(version: version)],
            taggedFields: version >= 1 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension IncrementalAlterConfigsRequest.Resource {
    static func sample(version: Int16) -> Self {
        Self(
            resourceType: 40,
            resourceName: "resource_name-581",
            configs: [IncrementalAlterConfigsRequest.Config.sample(version: version), IncrementalAlterConfigsRequest.Config.sample(version: version)],
            taggedFields: version >= 1 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension IncrementalAlterConfigsRequest.Config {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            configOperation: 49,
            value: "value-874",
            taggedFields: version >= 1 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension IncrementalAlterConfigsResponse.AlterConfigsResourceResult {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            errorMessage: "error_message-803",
            resourceType: 40,
            resourceName: "resource_name-581",
            taggedFields: version >= 1 ? TaggedFields([.init(tag: 7, value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()
        )
    }
}

extension OffsetDeleteRequest: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            groupID: "group_id-262",
            topics: [OffsetDeleteRequest.Topic.sample(version: version), OffsetDeleteRequest.Topic.sample(version: version)],
            taggedFields: TaggedFields()
        )
    }
}

extension OffsetDeleteResponse: SampledMessage {
    static func sample(version: Int16) -> Self {
        Self(
            errorCode: KafkaErrorCode(rawValue: 10075),
            throttleTimeMs: 253447562,
            topics: [OffsetDeleteResponse.Topic.sample(version: version), OffsetDeleteResponse.Topic.sample(version: version)],
            taggedFields: TaggedFields()
        )
    }
}

extension OffsetDeleteRequest.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [OffsetDeleteRequest.Partition.sample(version: version), OffsetDeleteRequest.Partition.sample(version: version)],
            taggedFields: TaggedFields()
        )
    }
}

extension OffsetDeleteRequest.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            taggedFields: TaggedFields()
        )
    }
}

extension OffsetDeleteResponse.Topic {
    static func sample(version: Int16) -> Self {
        Self(
            name: "name-302",
            partitions: [OffsetDeleteResponse.Partition.sample(version: version), OffsetDeleteResponse.Partition.sample(version: version)],
            taggedFields: TaggedFields()
        )
    }
}

extension OffsetDeleteResponse.Partition {
    static func sample(version: Int16) -> Self {
        Self(
            partitionIndex: 258575864,
            errorCode: KafkaErrorCode(rawValue: 10075),
            taggedFields: TaggedFields()
        )
    }
}

enum GeneratedSamples {
    /// Hand-tuned messages and the generated layouts they must match byte for byte.
    static let handTuned: [HandTunedCheck] = [
        HandTunedCheck(FetchResponse.self, layout: FetchResponseLayout.self, versions: 0...17),
    ]
}
