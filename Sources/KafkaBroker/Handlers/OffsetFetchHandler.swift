import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// OffsetFetch v0–9: one group (v0–7) or several (v8+); a null topic list (v2+) asks for every
/// committed partition.
///
/// v1+ answer as Kafka 3.9's group coordinator does: a partition without a commit reads −1 with no
/// error; a group error is the top-level error (v2–7) or the group's (v8+), and v1, which has neither,
/// gets no partitions at all, as Kafka 3.9 answers it. v0 reads the same committed offsets (see
/// OffsetCommitHandler.swift) and answers as Kafka's v0 did from ZooKeeper, where only the offset was
/// kept: metadata is always empty, a partition without a commit or of an unknown topic gets
/// UNKNOWN_TOPIC_OR_PARTITION, and with no group-level error field a group error goes to every partition.
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
                if version == 0 { return versionZero(result, asked: partitions ?? [], group: group.groupID, broker: broker) }
                return .init(groupID: group.groupID, topics: byTopic(result.partitions.map { fetched in
                    (fetched.partition, OffsetFetchResponse.Partition(
                        partitionIndex: fetched.partition.partition, committedOffset: fetched.offset,
                        committedLeaderEpoch: fetched.leaderEpoch, metadata: fetched.metadata, errorCode: fetched.error))
                }), errorCode: result.error)
            }
            if version >= 8 { return OffsetFetchResponse(groups: groups) }
            let only = groups.first
            return OffsetFetchResponse(topics: only?.topics ?? [], errorCode: only?.errorCode ?? .none)
        }
    }

    static func versionZero(_ result: OffsetFetchResult, asked: [TopicPartition], group: String, broker: Broker) -> OffsetFetchResponse.Group {
        let committed = Dictionary(result.partitions.map { ($0.partition, $0) }, uniquingKeysWith: { first, _ in first })
        return .init(groupID: group, topics: byTopic(asked.map { partition in
            var error = result.error
            var offset: Int64 = -1
            if error == .none {
                let known = broker.logManager.topic(named: partition.topic).map { partition.partition >= 0 && partition.partition < $0.partitionCount } ?? false
                if known, let fetched = committed[partition], fetched.offset >= 0 {
                    offset = fetched.offset
                    error = fetched.error
                } else {
                    error = .unknownTopicOrPartition
                }
            }
            return (partition, OffsetFetchResponse.Partition(partitionIndex: partition.partition, committedOffset: offset, metadata: "", errorCode: error))
        }))
    }

    /// Partitions grouped by topic, topics in the order they first appear.
    static func byTopic(_ partitions: [(TopicPartition, OffsetFetchResponse.Partition)]) -> [OffsetFetchResponse.Topic] {
        var grouped: [String: [OffsetFetchResponse.Partition]] = [:]
        var order: [String] = []
        for (tp, partition) in partitions {
            if grouped[tp.topic] == nil { order.append(tp.topic) }
            grouped[tp.topic, default: []].append(partition)
        }
        return order.map { .init(name: $0, partitions: grouped[$0] ?? []) }
    }
}
