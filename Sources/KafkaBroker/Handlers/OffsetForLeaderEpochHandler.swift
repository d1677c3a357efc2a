import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// One node has only ever had leader epoch 0, so epoch 0 ends at the log end offset and any later
/// epoch is unknown to us (docs/kafka-behaviour.md, "Leader epochs on a single node"). Clients use this to validate their position.
enum OffsetForLeaderEpochHandler {
    static func handle(broker: Broker, request: OffsetForLeaderEpochRequest, context: RequestContext) -> EventLoopFuture<OffsetForLeaderEpochResponse?> {
        let response = OffsetForLeaderEpochResponse(
            topics: request.topics.map { topic in
                .init(
                    topic: topic.topic,
                    partitions: topic.partitions.map { partition in
                        let tp = TopicPartition(topic: topic.topic, partition: partition.partition)
                        guard let log = broker.logManager.partitionLog(tp) else {
                            return .init(errorCode: broker.logManager.missingLogError(tp), partition: partition.partition)
                        }
                        if partition.currentLeaderEpoch > Broker.leaderEpoch {
                            return .init(errorCode: .unknownLeaderEpoch, partition: partition.partition)
                        }
                        if partition.leaderEpoch > Broker.leaderEpoch {
                            return .init(partition: partition.partition)
                        }
                        return .init(partition: partition.partition, leaderEpoch: Broker.leaderEpoch, endOffset: log.logEndOffset)
                    })
            })
        return context.eventLoop.makeSucceededFuture(response)
    }
}
