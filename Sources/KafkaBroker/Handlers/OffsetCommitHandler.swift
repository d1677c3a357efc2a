import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// OffsetCommit v0–9: answered once the commit records are durable under the flush policy. Partitions
/// of topics that do not exist are refused with UNKNOWN_TOPIC_OR_PARTITION and never stored, as in
/// Kafka, so no client can fill `__consumer_offsets` with offsets for made-up partitions.
///
/// Every version commits to the group coordinator. v0 carries no generation or member, so it is a
/// simple commit (generation −1, no member), allowed while the group has no members; Kafka 3.9 kept
/// v0 commits in ZooKeeper apart from the others (and refuses them without ZooKeeper), which a broker
/// without ZooKeeper cannot reproduce (docs/protocol.md, "Old versions"). v1 carries a commit timestamp
/// per partition (−1: now) that is stored, and retention counts from it; v2–4 carry a retention time.
enum OffsetCommitHandler {
    static func handle(broker: Broker, request: OffsetCommitRequest, context: RequestContext) -> EventLoopFuture<OffsetCommitResponse?> {
        let version = context.header.apiVersion
        var errors: [TopicPartition: KafkaErrorCode] = [:]
        var known: [OffsetCommitPartitionInput] = []
        for topic in request.topics {
            let partitionCount = broker.logManager.topic(named: topic.name)?.partitionCount ?? 0
            for partition in topic.partitions {
                let topicPartition = TopicPartition(topic: topic.name, partition: partition.partitionIndex)
                guard partition.partitionIndex >= 0 && partition.partitionIndex < partitionCount else {
                    errors[topicPartition] = .unknownTopicOrPartition
                    continue
                }
                known.append(
                    OffsetCommitPartitionInput(
                        partition: topicPartition, offset: partition.committedOffset, leaderEpoch: partition.committedLeaderEpoch,
                        metadata: partition.committedMetadata, commitTimestamp: version == 1 ? partition.commitTimestamp : -1))
            }
        }
        let input = OffsetCommitInput(
            groupID: request.groupID, generationID: request.generationIDOrMemberEpoch, memberID: request.memberID,
            groupInstanceID: request.groupInstanceID, retentionTimeMs: version <= 4 ? request.retentionTimeMs : -1,
            partitions: known)
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.offsetCommitReceived(input, request: id, now: now)
        }.map { [errors] response in
            var errors = errors
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
