import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// Fetch v0–17. From v4 record sets are never copied: each partition's bytes go out of the segment file
/// with sendfile. v0–3 read the same bytes and send them down-converted to message format v0 or v1
/// (FetchHandler+Legacy.swift). A fetch without MinBytes of data parks until appends wake it or
/// MaxWaitMs passes.
enum FetchHandler {
    static func handle(broker: Broker, request: FetchRequest, context: RequestContext) -> EventLoopFuture<EncodedResponse> {
        let eventLoop = context.eventLoop
        let minBytes = Int(max(0, request.minBytes))
        let plan = FetchPlan(request: request, version: context.header.apiVersion, broker: broker)
        let parked = NIOLoopBoundBox(ParkedState(), eventLoop: eventLoop)
        let promise = eventLoop.makePromise(of: EncodedResponse.self)

        // Registered before the first read so that an append racing with it still wakes us.
        let finish: @Sendable () -> Void = {
            guard !parked.value.finished else { return }
            parked.value.finished = true
            parked.value.timeout?.cancel()
            if let id = parked.value.waiterID { broker.fetchWaiters.remove(id) }
            read(plan, broker: broker, context: context).map { $0.sent() }.cascade(to: promise)
        }
        if request.maxWaitMs > 0 && minBytes > 0 && !plan.partitions.isEmpty {
            parked.value.waiterID = broker.fetchWaiters.register(partitions: plan.partitions, eventLoop: eventLoop) { bytes in
                parked.value.accumulatedBytes += bytes
                if parked.value.firstReadDone && parked.value.accumulatedBytes >= minBytes { finish() }
            }
        }

        read(plan, broker: broker, context: context).whenComplete { result in
            switch result {
            case .failure(let error):
                if let id = parked.value.waiterID { broker.fetchWaiters.remove(id) }
                promise.fail(error)
            case .success(let outcome):
                if request.maxWaitMs <= 0 || outcome.bytes >= minBytes || outcome.hasError || parked.value.waiterID == nil {
                    parked.value.finished = true
                    if let id = parked.value.waiterID { broker.fetchWaiters.remove(id) }
                    promise.succeed(outcome.sent())
                    return
                }
                outcome.encoded.discard()
                parked.value.firstReadDone = true
                parked.value.accumulatedBytes += outcome.bytes
                if parked.value.accumulatedBytes >= minBytes { return finish() }
                parked.value.timeout = eventLoop.scheduleTask(in: .milliseconds(Int64(request.maxWaitMs))) { finish() }
            }
        }
        return promise.futureResult
    }

    private struct ParkedState {
        var waiterID: UInt64?
        var timeout: Scheduled<Void>?
        var accumulatedBytes = 0
        var firstReadDone = false
        var finished = false
    }

    private struct TopicTraffic {
        var counters: BrokerMetrics.TopicCounters
        var bytes: Int
        var records: Int64
    }

    private struct Outcome {
        var encoded: EncodedResponse
        var bytes: Int
        var hasError: Bool
        /// Per topic with data: what this response hands out, counted only once it is the answer
        /// (a parked fetch's first read is thrown away and read again).
        var traffic: [TopicTraffic]

        func sent() -> EncodedResponse {
            for topic in traffic {
                topic.counters.bytesOut.increment(by: topic.bytes)
                topic.counters.recordsOut.increment(by: topic.records)
            }
            return encoded
        }
    }

    /// Reads every partition on the I/O pool and encodes the response around the file slices.
    /// A consumer that is caught up everywhere (the usual long poll at the log end) is answered on
    /// the event loop instead: there is nothing to read, so the pool round trip would buy nothing.
    private static func read(_ plan: FetchPlan, broker: Broker, context: RequestContext) -> EventLoopFuture<Outcome> {
        if plan.isCaughtUp(broker) {
            return context.eventLoop.makeCompletedFuture { try assemble(plan, broker: broker, context: context, readData: false) }
        }
        return broker.onIOThread(context.eventLoop) { try assemble(plan, broker: broker, context: context, readData: true) }
    }

    /// The response for `plan`. Without `readData` no partition touches its files: each answers
    /// its offsets and no records (a record appended meanwhile is the fetch waiter's to report).
    private static func assemble(_ plan: FetchPlan, broker: Broker, context: RequestContext, readData: Bool) throws -> Outcome {
        var files: [FileSlice] = []
        var remaining = plan.maxBytes
        var hasError = false
        var total = 0
        var traffic: [TopicTraffic] = []
        let topics = plan.topics.map { topic in
            var topicBytes = 0
            var topicRecords: Int64 = 0
            let partitions = topic.partitions.map { partition in
                let outcome = readPartition(
                    partition, topic: topic, broker: broker, maxBytes: min(Int(max(0, partition.partitionMaxBytes)), remaining),
                    minOneBatch: total == 0 || plan.oneMessagePerPartition, readData: readData, downConvertTo: plan.downConvertTo,
                    files: &files)
                if outcome.errorCode != .none { hasError = true }
                remaining = max(0, remaining - outcome.bytes)
                total += outcome.bytes
                topicBytes += outcome.bytes
                topicRecords += outcome.records
                return outcome.response
            }
            // Bytes imply the topic exists, so no counters are made for names a client merely asked about.
            if topicBytes > 0, let name = topic.name {
                traffic.append(TopicTraffic(counters: broker.metrics.topic(name), bytes: topicBytes, records: topicRecords))
            }
            return FetchResponse.Topic(topic: topic.name ?? "", topicID: topic.id, partitions: partitions)
        }
        let chunks = FetchResponse(responses: topics).encodeFrameChunks(
            correlationID: context.header.correlationID, version: context.header.apiVersion, allocator: context.allocator)
        let encoded = try EncodedResponse.fetch(
            parts: chunks, files: files, transfer: broker.config.fetchTransfer, allocator: context.allocator)
        return Outcome(encoded: encoded, bytes: total, hasError: hasError, traffic: traffic)
    }

    private static func readPartition(
        _ partition: FetchRequest.Partition, topic: FetchPlan.Topic, broker: Broker, maxBytes: Int, minOneBatch: Bool,
        readData: Bool, downConvertTo: Int8?, files: inout [FileSlice]
    ) -> (response: FetchResponse.Partition, bytes: Int, records: Int64, errorCode: KafkaErrorCode) {
        func failed(_ code: KafkaErrorCode, highWatermark: Int64 = -1, logStart: Int64 = -1) -> (FetchResponse.Partition, Int, Int64, KafkaErrorCode) {
            (.init(partitionIndex: partition.partition, errorCode: code, highWatermark: highWatermark, lastStableOffset: highWatermark,
                   logStartOffset: logStart, records: .bytes(ByteBuffer())), 0, 0, code)
        }
        guard let name = topic.name else { return failed(.unknownTopicID) }
        let tp = TopicPartition(topic: name, partition: partition.partition)
        guard let log = broker.logManager.partitionLog(tp) else { return failed(broker.logManager.missingLogError(tp)) }
        if !readData {
            let end = log.logEndOffset
            return (
                .init(partitionIndex: partition.partition, highWatermark: end, lastStableOffset: end,
                      logStartOffset: log.logStartOffset, records: .bytes(ByteBuffer())), 0, 0, .none)
        }
        do {
            let result = try log.read(from: partition.fetchOffset, maxBytes: maxBytes, minOneBatch: minOneBatch)
            // Kafka serves one segment per partition per fetch; the client asks again for the rest.
            var slices = result.slices[...]
            let first = slices.popFirst()
            for extra in slices { extra.close() }
            if let magic = downConvertTo {
                let converted = try downConvert(
                    first, toMagic: magic, fetchOffset: partition.fetchOffset, maxBytes: maxBytes, minOneMessage: minOneBatch,
                    metrics: broker.metrics)
                return (
                    .init(partitionIndex: partition.partition, errorCode: converted.errorCode, highWatermark: result.highWatermark,
                          lastStableOffset: result.highWatermark, logStartOffset: result.logStartOffset, records: .bytes(converted.records)),
                    converted.records.readableBytes, Int64(converted.count), converted.errorCode)
            }
            var records = FetchRecords.bytes(ByteBuffer())
            if let first, first.length > 0 {
                records = .external(length: first.length, token: files.count)
                files.append(first)
            } else {
                first?.close()
            }
            let bytes = first?.length ?? 0
            // Offsets covered stand in for records: exact unless compaction left gaps, and free to know.
            let recordCount = bytes > 0 ? first?.offsetCount ?? 0 : 0
            return (
                .init(partitionIndex: partition.partition, highWatermark: result.highWatermark, lastStableOffset: result.highWatermark,
                      logStartOffset: result.logStartOffset, records: records), bytes, recordCount, .none)
        } catch {
            return failed(error.errorCode, highWatermark: log.logEndOffset, logStart: log.logStartOffset)
        }
    }
}

/// The partitions a fetch asks for, resolved to names (v13+ addresses topics by ID).
struct FetchPlan: Sendable {
    struct Topic: Sendable {
        var name: String?
        var id: TopicID
        var partitions: [FetchRequest.Partition]
    }

    var topics: [Topic]
    var maxBytes: Int
    var partitions: [TopicPartition]
    /// The message format v0–3 answer in (0 for v0–1, 1 for v2–3); nil from v4, which sends the log's bytes.
    var downConvertTo: Int8?
    /// Fetch v0–2: every partition's first message goes whole, not only the response's first. These versions
    /// have no response-wide max_bytes, and Kafka cuts a message at the partition's max, after which their
    /// clients raise their fetch size; Fjord never sends a cut message (docs/message-format.md), so without
    /// this a partition whose next batch exceeds its max would wait behind busier partitions.
    var oneMessagePerPartition: Bool

    /// Every partition exists and is asked for exactly at its log end: nothing to read anywhere.
    /// Reads only in-memory offsets, so it may run on an event loop.
    func isCaughtUp(_ broker: Broker) -> Bool {
        !topics.isEmpty && topics.allSatisfy { topic in
            guard let name = topic.name else { return false }
            return topic.partitions.allSatisfy { partition in
                broker.logManager.partitionLog(TopicPartition(topic: name, partition: partition.partition))?.logEndOffset
                    == partition.fetchOffset
            }
        }
    }

    init(request: FetchRequest, version: Int16, broker: Broker) {
        topics = request.topics.map { topic in
            if version >= 13 {
                return Topic(name: broker.logManager.topic(id: topic.topicID)?.name, id: topic.topicID, partitions: topic.partitions)
            }
            return Topic(name: topic.topic, id: .zero, partitions: topic.partitions)
        }
        maxBytes = request.maxBytes > 0 ? Int(request.maxBytes) : Int(Int32.max)
        downConvertTo = version >= 4 ? nil : version >= 2 ? 1 : 0
        oneMessagePerPartition = version <= 2
        partitions = topics.flatMap { topic in
            topic.name.map { name in topic.partitions.map { TopicPartition(topic: name, partition: $0.partition) } } ?? []
        }
    }
}

