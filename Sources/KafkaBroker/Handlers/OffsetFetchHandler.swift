import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// OffsetFetch v1–9: one group (v1–7) or several (v8+); a partition without a commit answers −1 and no
/// error, and a null topic list asks for every committed partition.
enum OffsetFetchHandler {
    static func handle(broker: Broker, request: OffsetFetchRequest, context: RequestContext) -> EventLoopFuture<OffsetFetchResponse?> {
        let version = context.header.apiVersion
        let wanted = request.requestedGroups(version: version)
        return broker.groups.query(on: context.eventLoop) { coordinator in
            let groups = wanted.map { group -> OffsetFetchResponse.Group in
                let partitions = group.topics.map { topics in
                    topics.flatMap { topic in topic.partitionIndexes.map { TopicPartition(topic: topic.name, partition: $0) } }
                }
                let result = coordinator.fetchOffsets(group: group.groupID, partitions: partitions)
                var byTopic: [String: [OffsetFetchResponse.Partition]] = [:]
                var order: [String] = []
                for fetched in result.partitions {
                    if byTopic[fetched.partition.topic] == nil { order.append(fetched.partition.topic) }
                    byTopic[fetched.partition.topic, default: []].append(
                        .init(
                            partitionIndex: fetched.partition.partition, committedOffset: fetched.offset,
                            committedLeaderEpoch: fetched.leaderEpoch, metadata: fetched.metadata, errorCode: fetched.error))
                }
                return .init(groupID: group.groupID, topics: order.map { .init(name: $0, partitions: byTopic[$0] ?? []) }, errorCode: result.error)
            }
            if version >= 8 { return OffsetFetchResponse(groups: groups) }
            let only = groups.first
            return OffsetFetchResponse(topics: only?.topics ?? [], errorCode: only?.errorCode ?? .none)
        }
    }
}
