import KafkaModel
import KafkaProtocol
import KafkaRecords
import NIOCore

/// Produce, Fetch and ListOffsets, each sent to the partition's leader.
extension KafkaClient {
    /// Writes `records` to one partition as one batch and returns the offset of the first (-1 with
    /// acks=0, which gets no answer). A stale leader is refreshed and the request retried once.
    @discardableResult
    public func produce(
        topic: String, partition: Int32, records: [ProducerRecord], acks: Acks = .all, compression: CompressionCodec = .none
    ) async throws -> Int64 {
        guard !records.isEmpty else { return -1 }
        var builder = RecordBatchBuilder(compression: compression, initialCapacity: records.reduce(64) { $0 + $1.estimatedSizeInBytes })
        let now = currentTimeMillis()
        for record in records {
            builder.append(
                timestamp: record.timestamp ?? now, key: record.key.map { ByteBuffer(bytes: $0) }, value: record.value.map { ByteBuffer(bytes: $0) },
                headers: record.headers.map { RecordHeader(key: $0.key, value: $0.value.map { ByteBuffer(bytes: $0) }) })
        }
        let batch: RecordBatch
        do {
            batch = try builder.build()
        } catch {
            throw KafkaClientError.invalidArgument("cannot encode a batch for \(topic)-\(partition): \(error)")
        }
        let request = ProduceRequest(
            acks: acks.rawValue, timeoutMs: timeoutMilliseconds,
            topicData: [.init(name: topic, partitionData: [.init(index: partition, records: batch.buffer)])])
        let resource = "\(topic)-\(partition)"
        for attempt in 0..<2 {
            let leader = try await leader(topic: topic, partition: partition)
            // Produce v3 is the first to carry v2 record batches; the codec's range starts at 0.
            let version = try await negotiatedVersion(ProduceRequest.self)
            guard version >= 3 else { throw KafkaClientError.unsupportedAPI("Produce v3+ (record batch v2)") }
            if acks == .none {
                try await sendWithoutResponse(request, to: .node(leader), version: version)
                return -1
            }
            let response = try await send(request, to: .node(leader), version: version)
            guard let result = response.responses.first(where: { $0.name == topic })?.partitionResponses.first(where: { $0.index == partition }) else {
                throw KafkaClientError.malformedResponse(api: "Produce", detail: "no result for \(resource)")
            }
            switch result.errorCode {
            case .none:
                return result.baseOffset
            case .notLeaderOrFollower where attempt == 0, .leaderNotAvailable where attempt == 0:
                invalidate(topic: topic)
                continue
            default:
                let detail = result.errorMessage ?? result.recordErrors.first?.batchIndexErrorMessage
                throw KafkaClientError.kafka(result.errorCode, resource: resource, message: detail)
            }
        }
        throw KafkaClientError.noLeader(topic: topic, partition: partition)
    }

    /// Reads records of one partition from `offset`, waiting up to `maxWait` for data to arrive.
    public func fetch(
        topic: String, partition: Int32, offset: Int64, maxWait: Duration = .milliseconds(500), maxBytes: Int32 = 1024 * 1024
    ) async throws -> FetchResult {
        let tp = TopicPartition(topic: topic, partition: partition)
        let results = try await fetch([tp: offset], maxWait: maxWait, partitionMaxBytes: maxBytes)
        guard let result = results[tp] else { throw KafkaClientError.malformedResponse(api: "Fetch", detail: "no result for \(tp)") }
        return result
    }

    /// Reads several partitions at once, one request per leader, so idle partitions cost one wait
    /// rather than one each. Records before the requested offset (a batch is returned whole) and
    /// control records (transaction markers) are dropped.
    public func fetch(
        _ positions: [TopicPartition: Int64], maxWait: Duration = .milliseconds(500), partitionMaxBytes: Int32 = 1024 * 1024
    ) async throws -> [TopicPartition: FetchResult] {
        var byLeader: [Int32: [TopicPartition]] = [:]
        for tp in positions.keys.sorted() { byLeader[try await leader(topic: tp.topic, partition: tp.partition), default: []].append(tp) }
        // Fetch v13+ names topics by ID only; this client names them, so v12 is its ceiling.
        let version = try await negotiatedVersion(FetchRequest.self, maxVersion: 12)
        var results: [TopicPartition: FetchResult] = [:]
        for (leader, partitions) in byLeader.sorted(by: { $0.key < $1.key }) {
            let topics = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }.map { name, tps in
                FetchRequest.Topic(topic: name, partitions: tps.map { .init(partition: $0.partition, fetchOffset: positions[$0]!, partitionMaxBytes: partitionMaxBytes) })
            }
            let request = FetchRequest(maxWaitMs: Int32(clamping: Int64(maxWait.seconds * 1000)), minBytes: 1, maxBytes: 50 * 1024 * 1024, topics: topics)
            let response = try await send(request, to: .node(leader), version: version)
            guard response.errorCode == .none else { throw KafkaClientError.kafka(response.errorCode, resource: "Fetch", message: nil) }
            for topic in response.responses {
                for partition in topic.partitions {
                    let tp = TopicPartition(topic: topic.topic, partition: partition.partitionIndex)
                    guard let offset = positions[tp] else { continue }
                    if partition.errorCode == .notLeaderOrFollower || partition.errorCode == .unknownTopicOrPartition { invalidate(topic: tp.topic) }
                    guard partition.errorCode == .none else { throw KafkaClientError.kafka(partition.errorCode, resource: tp.description, message: nil) }
                    results[tp] = try Self.decode(partition, of: tp, from: offset)
                }
            }
        }
        return results
    }

    private static func decode(_ partition: FetchResponse.Partition, of tp: TopicPartition, from offset: Int64) throws -> FetchResult {
        var records: [ConsumerRecord] = []
        var next = offset
        if case let .bytes(buffer?) = partition.records {
            for batch in RecordBatch.split(buffer).batches {
                defer { next = max(next, batch.nextOffset) }
                if batch.attributes.isControl { continue }
                do {
                    var iterator = try batch.makeRecordIterator()
                    while let record = try iterator.next() {
                        let recordOffset = record.offset(in: batch)
                        guard recordOffset >= offset else { continue }
                        records.append(ConsumerRecord(
                            topic: tp.topic, partition: tp.partition, offset: recordOffset, timestamp: record.timestamp(in: batch),
                            key: record.key.map { Array($0.readableBytesView) }, value: record.value.map { Array($0.readableBytesView) },
                            headers: record.headers.map { .init(key: $0.key, value: $0.value.map { Array($0.readableBytesView) }) }))
                    }
                } catch {
                    throw KafkaClientError.malformedResponse(api: "Fetch", detail: "corrupt batch at offset \(batch.baseOffset) of \(tp): \(error)")
                }
            }
        }
        return FetchResult(records: records, highWatermark: partition.highWatermark, logStartOffset: partition.logStartOffset, nextOffset: next)
    }

    /// Offsets of partitions at `spec`, asking each partition's leader. A timestamp with no later
    /// record yields -1, as Kafka answers.
    public func listOffsets(_ partitions: [TopicPartition], spec: OffsetSpec) async throws -> [TopicPartition: Int64] {
        var byLeader: [Int32: [TopicPartition]] = [:]
        for tp in partitions { byLeader[try await leader(topic: tp.topic, partition: tp.partition), default: []].append(tp) }
        var offsets: [TopicPartition: Int64] = [:]
        for (leader, list) in byLeader.sorted(by: { $0.key < $1.key }) {
            let topics = Dictionary(grouping: list, by: \.topic).sorted { $0.key < $1.key }.map { name, tps in
                ListOffsetsRequest.Topic(name: name, partitions: tps.map { .init(partitionIndex: $0.partition, timestamp: spec.wireTimestamp) })
            }
            let response = try await send(ListOffsetsRequest(topics: topics), to: .node(leader))
            for topic in response.topics {
                for partition in topic.partitions {
                    let tp = TopicPartition(topic: topic.name, partition: partition.partitionIndex)
                    guard partition.errorCode == .none else { throw KafkaClientError.kafka(partition.errorCode, resource: tp.description, message: nil) }
                    offsets[tp] = partition.offset
                }
            }
        }
        return offsets
    }

    /// The partition indexes of `topic`, sorted; throws `unknownTopic` when it does not exist.
    public func partitions(of topic: String, refresh: Bool = false) async throws -> [Int32] {
        try await topicMetadata(topic, refresh: refresh).partitions.map(\.partitionIndex).sorted()
    }

    /// The metadata of some topics (all when nil), fresh from the broker.
    public func metadata(topics: [String]?) async throws -> MetadataResponse {
        try await refreshMetadata(topics: topics)
    }
}
