import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// ListOffsets v0–9, as Kafka 3.9 answers each version (its KafkaApis.handleListOffsetRequest):
/// - v0: `old_style_offsets`, at most `max_num_offsets` segment boundaries newest first
///   (`LegacyOffsets`); timestamps below −2 get UNSUPPORTED_VERSION. Kafka caps a consumer's offsets at
///   the high watermark, which on one node is the log end, so nothing is capped.
/// - v1+: one offset. −1 latest (log end; one node, so the high watermark), −2 earliest (log start),
///   −3 the record with the largest timestamp (v7+), −4 the local log start (v8+; no tiered storage, so
///   the log start), −5 the last tiered offset (v9+; nothing is tiered: offset −1, epoch −1); any
///   other negative timestamp, or one before the version that introduced it, gets UNSUPPORTED_VERSION.
///   A partition named twice gets INVALID_REQUEST. Otherwise the first offset whose timestamp is ≥
///   the target, found through the time index.
enum ListOffsetsHandler {
    static let latest: Int64 = -1
    static let earliest: Int64 = -2
    static let maxTimestamp: Int64 = -3
    static let earliestLocal: Int64 = -4
    static let latestTiered: Int64 = -5

    /// The first version that knows each special timestamp.
    static let firstVersion: [Int64: Int16] = [latest: 1, earliest: 1, maxTimestamp: 7, earliestLocal: 8, latestTiered: 9]

    static func handle(broker: Broker, request: ListOffsetsRequest, context: RequestContext) -> EventLoopFuture<ListOffsetsResponse?> {
        let version = context.header.apiVersion
        let duplicates = duplicatePartitions(request)
        return broker.onIOThread(context.eventLoop) {
            ListOffsetsResponse(
                topics: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map { partition in
                            let tp = TopicPartition(topic: topic.name, partition: partition.partitionIndex)
                            var answered: ListOffsetsResponse.Partition
                            if version == 0 {
                                answered = answerV0(partition, tp: tp, broker: broker)
                            } else if duplicates.contains(tp) {
                                answered = .init(partitionIndex: partition.partitionIndex, errorCode: .invalidRequest)
                            } else {
                                answered = answer(partition, tp: tp, version: version, broker: broker)
                            }
                            answered.errorCode = OldVersionErrors.code(answered.errorCode, api: .listOffsets, version: version)
                            return answered
                        })
                })
        }
    }

    /// Kafka's request keeps partitions in a map, so one named twice (v1+) is refused rather than answered twice.
    static func duplicatePartitions(_ request: ListOffsetsRequest) -> Set<TopicPartition> {
        var seen = Set<TopicPartition>()
        var duplicates = Set<TopicPartition>()
        for topic in request.topics {
            for partition in topic.partitions {
                let tp = TopicPartition(topic: topic.name, partition: partition.partitionIndex)
                if !seen.insert(tp).inserted { duplicates.insert(tp) }
            }
        }
        return duplicates
    }

    private static func answerV0(_ partition: ListOffsetsRequest.Partition, tp: TopicPartition, broker: Broker) -> ListOffsetsResponse.Partition {
        let index = partition.partitionIndex
        guard partition.timestamp >= earliest else { return .init(partitionIndex: index, errorCode: .unsupportedVersion) }
        guard let log = broker.logManager.partitionLog(tp) else {
            return .init(partitionIndex: index, errorCode: broker.logManager.missingLogError(tp))
        }
        guard let offsets = log.legacyOffsets(
            before: partition.timestamp, maxNumOffsets: partition.maxNumOffsets, now: PartitionLog.currentTimeMillis())
        else { return .init(partitionIndex: index, errorCode: .unknownServerError) }
        return .init(partitionIndex: index, oldStyleOffsets: offsets)
    }

    private static func answer(
        _ partition: ListOffsetsRequest.Partition, tp: TopicPartition, version: Int16, broker: Broker
    ) -> ListOffsetsResponse.Partition {
        let index = partition.partitionIndex
        if partition.timestamp < 0 {
            guard let first = firstVersion[partition.timestamp], version >= first else {
                return .init(partitionIndex: index, errorCode: .unsupportedVersion)
            }
        }
        guard let log = broker.logManager.partitionLog(tp) else {
            return .init(partitionIndex: index, errorCode: broker.logManager.missingLogError(tp))
        }
        let epoch = Broker.leaderEpoch
        switch partition.timestamp {
        case latest:
            return .init(partitionIndex: index, timestamp: -1, offset: log.logEndOffset, leaderEpoch: epoch)
        case earliest, earliestLocal:
            return .init(partitionIndex: index, timestamp: -1, offset: log.logStartOffset, leaderEpoch: epoch)
        case latestTiered:
            return .init(partitionIndex: index, timestamp: -1, offset: -1, leaderEpoch: -1)
        case maxTimestamp:
            guard let found = log.maxTimestampOffset() else { return .init(partitionIndex: index, leaderEpoch: epoch) }
            return .init(partitionIndex: index, timestamp: found.timestamp, offset: found.offset, leaderEpoch: epoch)
        case let target:
            // No record at or after the target: offset −1, as Kafka answers.
            guard let found = log.offset(forTimestamp: target) else { return .init(partitionIndex: index, leaderEpoch: epoch) }
            return .init(partitionIndex: index, timestamp: found.timestamp, offset: found.offset, leaderEpoch: epoch)
        }
    }
}
