import KafkaModel
import KafkaProtocol
import KafkaRecords
import KafkaStorage
import NIOConcurrencyHelpers
import NIOCore

/// Produce v0–11. v3+: each partition's single RecordBatch is checked by `BatchValidator` (framing,
/// CRC-32C, header, every record, timestamps, keys on compacted topics; docs/validation.md) and appended
/// as the bytes received, unless the topic's compression.type asks for another codec (then rebuilt in
/// it). v0–2: a message set of magic 0 or 1 is converted to one v2 batch first
/// (ProduceHandler+Legacy.swift), which then takes the same way. Failures are per partition; the
/// request as a whole never fails.
enum ProduceHandler {
    static func handle(broker: Broker, request: ProduceRequest, context: RequestContext) -> EventLoopFuture<ProduceResponse?> {
        let version = context.header.apiVersion
        let eventLoop = context.eventLoop
        let now = Broker.currentTimeMillis()
        let validAcks = request.acks == 0 || request.acks == 1 || request.acks == -1

        let count = request.topicData.reduce(0) { $0 + $1.partitionData.count }
        let promise = eventLoop.makePromise(of: [ProduceResponse.PartitionResponse].self)
        let answers = PartitionAnswers(count: count, promise: promise)
        var index = 0
        for topic in request.topicData {
            for partition in topic.partitionData {
                defer { index += 1 }
                if !validAcks {
                    answers.set(index, .init(index: partition.index, errorCode: .invalidRequiredAcks, baseOffset: -1))
                    continue
                }
                append(
                    partition, topic: topic.name, version: version, needsAck: request.acks != 0, now: now,
                    broker: broker, answer: { [index] in answers.set(index, $0) })
            }
        }
        return promise.futureResult.map { results in
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

    /// Checks and hands one partition's batch to its driver; `answer` runs exactly once, on the
    /// event loop for a refusal or on an I/O thread once storage has answered.
    private static func append(
        _ partition: ProduceRequest.PartitionData, topic: String, version: Int16, needsAck: Bool, now: Int64,
        broker: Broker, answer: @escaping @Sendable (ProduceResponse.PartitionResponse) -> Void
    ) {
        func failed(_ code: KafkaErrorCode, _ message: String? = nil) {
            answer(.init(index: partition.index, errorCode: code, baseOffset: -1, errorMessage: message))
        }
        let topicPartition = TopicPartition(topic: topic, partition: partition.index)
        guard let driver = broker.partitions.driver(for: topicPartition) else {
            return failed(broker.logManager.missingLogError(topicPartition))
        }
        // Only the coordinators write their topics, and they replay them at start-up: a client's records
        // there would become group state. Kafka refuses them the same way.
        guard !TopicName.isInternal(topic) else {
            return failed(.invalidTopicException, "Cannot append to internal topic \(topic)")
        }
        guard let records = partition.records else { return failed(.invalidRecord, "no records") }
        // The partition's own copy of the topic config (kept current by AlterConfigs), not the
        // log manager's, which would parse the topic's properties for every partition of every request.
        let config = driver.log.currentConfig
        let rules = validationRules(config, version: version)
        var batch: RecordBatch
        if version < 3 && !carriesRecordBatch(records) {
            do {
                batch = try upConvert(records, rules: rules, now: now, metrics: broker.metrics)
            } catch {
                return failed(error.errorCode, error.message)
            }
        } else {
            do {
                batch = try BatchValidator.validate(records, rules: rules, now: now, scratch: ThreadScratch.current).batch
            } catch {
                return answer(.init(
                    index: partition.index, errorCode: error.errorCode, baseOffset: -1,
                    recordErrors: error.recordErrors.map { .init(batchIndex: $0.index, batchIndexErrorMessage: $0.message) },
                    errorMessage: error.message))
            }
        }
        // The topic's compression.type, as Kafka's LogValidator: a named codec rebuilds batches that
        // differ (docs/configuration.md). The stored size is checked against max.message.bytes again
        // by the log, since recompression can grow a batch.
        // Bytes in counts the batch before the topic's codec is applied, as Kafka's BytesInPerSec counts
        // what clients send, not what is stored; for Produce v0–2 that is the up-converted batch
        // (docs/monitoring.md).
        let bytes = batch.sizeInBytes
        if let target = config.targetCompression {
            do {
                batch = try batch.recompressed(to: target.codec, level: target.level, maxUncompressedBytes: rules.maxUncompressedBytes)
            } catch {
                return failed(error.errorCode, "recompressing to \(config.compressionType): \(error)")
            }
        }
        let counters = broker.metrics.topic(topic)
        let recordCount = Int64(max(0, batch.recordCount))
        let index = partition.index
        driver.append(batch, now: now, needsAck: needsAck) { outcome in
            switch outcome {
            case .success(let result):
                // A retried idempotent batch was already counted when it was first written.
                if !result.isDuplicate {
                    counters.bytesIn.increment(by: bytes)
                    counters.recordsIn.increment(by: recordCount)
                }
                answer(.init(
                    index: index, baseOffset: result.baseOffset, logAppendTimeMs: result.logAppendTime,
                    logStartOffset: result.logStartOffset))
            case .failure(let error):
                let code = (error as? StorageError)?.errorCode ?? .kafkaStorageError
                if code == .kafkaStorageError {
                    broker.failures.error(
                        "append failed", kind: "append \(topicPartition)", metadata: ["partition": "\(topicPartition)", "error": "\(error)"])
                }
                answer(.init(index: index, errorCode: code, baseOffset: -1, errorMessage: "\(error)"))
            }
        }
    }
}

extension ProduceHandler {
    static func validationRules(_ config: LogConfig, version: Int16) -> BatchValidator.Rules {
        BatchValidator.Rules(
            timestampType: config.messageTimestampType == .logAppendTime ? .logAppendTime : .createTime,
            timestampBeforeMaxMs: config.timestampBeforeMaxMs,
            timestampAfterMaxMs: config.timestampAfterMaxMs,
            requiresKeys: config.compacts,
            maxBatchBytes: config.maxMessageBytes,
            allowsZstd: version >= 7)
    }
}

/// One request's partition answers, gathered from whichever threads produce them. The last one
/// completes the promise, so the connection's event loop is woken once per request rather than
/// once per partition.
final class PartitionAnswers: Sendable {
    private let state: NIOLockedValueBox<(answers: [ProduceResponse.PartitionResponse?], missing: Int)>
    private let promise: EventLoopPromise<[ProduceResponse.PartitionResponse]>

    init(count: Int, promise: EventLoopPromise<[ProduceResponse.PartitionResponse]>) {
        self.state = NIOLockedValueBox((Array(repeating: nil, count: count), count))
        self.promise = promise
        if count == 0 { promise.succeed([]) }
    }

    func set(_ index: Int, _ answer: ProduceResponse.PartitionResponse) {
        let complete = state.withLockedValue { state -> [ProduceResponse.PartitionResponse]? in
            precondition(state.answers[index] == nil, "partition \(index) answered twice")
            state.answers[index] = answer
            state.missing -= 1
            return state.missing == 0 ? state.answers.map { $0! } : nil
        }
        if let complete { promise.succeed(complete) }
    }
}
