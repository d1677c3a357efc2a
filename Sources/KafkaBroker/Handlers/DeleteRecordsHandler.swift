import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// DeleteRecords v0–2: moves each partition's log start offset up to the requested offset (−1 =
/// the high watermark). Kafka keeps a segment the new start falls inside and only hides what is
/// below it; whole segments below are deleted. Runs on the I/O pool because the new start is made
/// durable (an fsync) before the answer, so a deletion acknowledged is a deletion kept.
enum DeleteRecordsHandler {
    /// POLICY_VIOLATION: Kafka refuses DeleteRecords on a compact-only topic, whose log start is the
    /// cleaner's business (deleting from it would silently drop the latest value of some keys).
    static let policyViolation = KafkaErrorCode(rawValue: 44)

    static func handle(broker: Broker, request: DeleteRecordsRequest, context: RequestContext) -> EventLoopFuture<DeleteRecordsResponse?> {
        broker.onIOThread(context.eventLoop) {
            DeleteRecordsResponse(
                topics: request.topics.map { topic in
                    .init(name: topic.name, partitions: topic.partitions.map { delete($0, topic: topic.name, broker: broker) })
                })
        }
    }

    private static func delete(_ partition: DeleteRecordsRequest.Partition, topic: String, broker: Broker) -> DeleteRecordsResponse.Partition {
        let index = partition.partitionIndex
        let tp = TopicPartition(topic: topic, partition: index)
        guard let log = broker.logManager.partitionLog(tp) else {
            return .init(partitionIndex: index, lowWatermark: -1, errorCode: broker.logManager.missingLogError(tp))
        }
        guard log.currentConfig.cleanupPolicy.contains("delete") else {
            return .init(partitionIndex: index, lowWatermark: -1, errorCode: policyViolation)
        }
        do {
            return .init(partitionIndex: index, lowWatermark: try log.deleteRecords(before: partition.offset))
        } catch {
            return .init(partitionIndex: index, lowWatermark: -1, errorCode: error.errorCode)
        }
    }
}
