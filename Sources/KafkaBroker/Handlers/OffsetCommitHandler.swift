import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// OffsetCommit v2–9: answered once the commit records are durable under the flush policy.
enum OffsetCommitHandler {
    static func handle(broker: Broker, request: OffsetCommitRequest, context: RequestContext) -> EventLoopFuture<OffsetCommitResponse?> {
        let version = context.header.apiVersion
        let input = OffsetCommitInput(
            groupID: request.groupID, generationID: request.generationIDOrMemberEpoch, memberID: request.memberID,
            groupInstanceID: request.groupInstanceID, retentionTimeMs: version <= 4 ? request.retentionTimeMs : -1,
            partitions: request.topics.flatMap { topic in
                topic.partitions.map {
                    OffsetCommitPartitionInput(
                        partition: TopicPartition(topic: topic.name, partition: $0.partitionIndex), offset: $0.committedOffset,
                        leaderEpoch: $0.committedLeaderEpoch, metadata: $0.committedMetadata)
                }
            })
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.offsetCommitReceived(input, request: id, now: now)
        }.map { response in
            var errors: [TopicPartition: KafkaErrorCode] = [:]
            if case .offsetCommit(let result) = response {
                for partition in result.partitions { errors[partition.partition] = partition.error }
            }
            return OffsetCommitResponse(
                topics: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map {
                            .init(
                                partitionIndex: $0.partitionIndex,
                                errorCode: errors[TopicPartition(topic: topic.name, partition: $0.partitionIndex)] ?? .unknownServerError)
                        })
                })
        }
    }
}
