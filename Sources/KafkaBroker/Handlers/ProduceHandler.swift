import KafkaModel
import KafkaProtocol
import KafkaRecords
import KafkaStorage
import NIOCore

/// Produce v3–11: each partition's single RecordBatch is checked (magic, CRC-32C, codec for the version)
/// and appended as the bytes received. Failures are per partition; the request as a whole never fails.
enum ProduceHandler {
    static func handle(broker: Broker, request: ProduceRequest, context: RequestContext) -> EventLoopFuture<ProduceResponse?> {
        let version = context.header.apiVersion
        let eventLoop = context.eventLoop
        let now = Broker.currentTimeMillis()
        let validAcks = request.acks == 0 || request.acks == 1 || request.acks == -1

        var pending: [EventLoopFuture<ProduceResponse.PartitionResponse>] = []
        for topic in request.topicData {
            for partition in topic.partitionData {
                if !validAcks {
                    pending.append(eventLoop.makeSucceededFuture(.init(index: partition.index, errorCode: .invalidRequiredAcks, baseOffset: -1)))
                    continue
                }
                pending.append(
                    append(
                        partition, topic: topic.name, version: version, needsAck: request.acks != 0, now: now,
                        broker: broker, eventLoop: eventLoop))
            }
        }
        return EventLoopFuture.whenAllSucceed(pending, on: eventLoop).map { results in
            // acks=0: the client reads no response at all.
            if request.acks == 0 { return nil }
            var results = results[...]
            let topics = request.topicData.map { topic in
                let count = topic.partitionData.count
                defer { results = results.dropFirst(count) }
                return ProduceResponse.TopicResponse(name: topic.name, partitionResponses: Array(results.prefix(count)))
            }
            return ProduceResponse(responses: topics)
        }
    }

    private static func append(
        _ partition: ProduceRequest.PartitionData, topic: String, version: Int16, needsAck: Bool, now: Int64,
        broker: Broker, eventLoop: any EventLoop
    ) -> EventLoopFuture<ProduceResponse.PartitionResponse> {
        func failed(_ code: KafkaErrorCode, _ message: String? = nil) -> EventLoopFuture<ProduceResponse.PartitionResponse> {
            eventLoop.makeSucceededFuture(.init(index: partition.index, errorCode: code, baseOffset: -1, errorMessage: message))
        }
        let topicPartition = TopicPartition(topic: topic, partition: partition.index)
        guard let driver = broker.partitions.driver(for: topicPartition) else { return failed(.unknownTopicOrPartition) }
        guard let records = partition.records else { return failed(.invalidRecord, "no records") }
        let (batches, remainder) = RecordBatch.split(records)
        guard let batch = batches.first else { return failed(.corruptMessage, "not a record batch") }
        guard batches.count == 1, remainder == 0 else {
            return failed(.invalidRecord, "produce requests must carry exactly one record batch per partition")
        }
        do {
            try batch.validate()
        } catch {
            return failed(error.errorCode, "\(error)")
        }
        if batch.attributes.compression == .zstd && version < 7 { return failed(.unsupportedCompressionType) }
        // The partition's own copy of the topic config (kept current by AlterConfigs), not the
        // log manager's, which would parse the topic's properties for every partition of every request.
        if let reason = CompactedTopicRule.violation(batch, config: driver.log.currentConfig) {
            return failed(.invalidRecord, reason)
        }
        let counters = broker.metrics.topic(topic)
        let bytes = batch.sizeInBytes
        let recordCount = Int64(max(0, batch.recordCount))
        return driver.append(batch, now: now, needsAck: needsAck, eventLoop: eventLoop).map { result in
            // A retried idempotent batch was already counted when it was first written.
            if !result.isDuplicate {
                counters.bytesIn.increment(by: bytes)
                counters.recordsIn.increment(by: recordCount)
            }
            return ProduceResponse.PartitionResponse(
                index: partition.index, baseOffset: result.baseOffset, logAppendTimeMs: result.logAppendTime,
                logStartOffset: result.logStartOffset)
        }.recover { error in
            let code = (error as? StorageError)?.errorCode ?? .kafkaStorageError
            if code == .kafkaStorageError {
                broker.logger.error("append failed", metadata: ["partition": "\(topicPartition)", "error": "\(error)"])
            }
            return .init(index: partition.index, errorCode: code, baseOffset: -1, errorMessage: "\(error)")
        }
    }
}
