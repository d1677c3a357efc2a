import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// ListOffsets v1–7: the special timestamps −1 (latest = high watermark), −2 (earliest = log start) and
/// −3 (the record with the largest timestamp, v7), or the first offset whose timestamp is ≥ the target,
/// found through the time index.
enum ListOffsetsHandler {
    static let latest: Int64 = -1
    static let earliest: Int64 = -2
    static let maxTimestamp: Int64 = -3

    static func handle(broker: Broker, request: ListOffsetsRequest, context: RequestContext) -> EventLoopFuture<ListOffsetsResponse?> {
        broker.onIOThread(context.eventLoop) {
            ListOffsetsResponse(
                topics: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map { partition in
                            answer(partition, topic: topic.name, broker: broker)
                        })
                })
        }
    }

    private static func answer(_ partition: ListOffsetsRequest.Partition, topic: String, broker: Broker) -> ListOffsetsResponse.Partition {
        let index = partition.partitionIndex
        let tp = TopicPartition(topic: topic, partition: index)
        guard let log = broker.logManager.partitionLog(tp) else {
            return .init(partitionIndex: index, errorCode: broker.logManager.missingLogError(tp))
        }
        let epoch = Broker.leaderEpoch
        switch partition.timestamp {
        case latest:
            return .init(partitionIndex: index, timestamp: -1, offset: log.logEndOffset, leaderEpoch: epoch)
        case earliest:
            return .init(partitionIndex: index, timestamp: -1, offset: log.logStartOffset, leaderEpoch: epoch)
        case maxTimestamp:
            guard let found = log.maxTimestampOffset() else { return .init(partitionIndex: index, leaderEpoch: epoch) }
            return .init(partitionIndex: index, timestamp: found.timestamp, offset: found.offset, leaderEpoch: epoch)
        case let target where target < 0:
            return .init(partitionIndex: index, errorCode: .invalidRequest)
        case let target:
            // No record at or after the target: offset −1, as Kafka answers.
            guard let found = log.offset(forTimestamp: target) else { return .init(partitionIndex: index, leaderEpoch: epoch) }
            return .init(partitionIndex: index, timestamp: found.timestamp, offset: found.offset, leaderEpoch: epoch)
        }
    }
}
