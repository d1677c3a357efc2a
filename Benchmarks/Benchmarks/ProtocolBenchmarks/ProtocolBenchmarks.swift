import Benchmark
import KafkaModel
import KafkaProtocol
import KafkaRecords
import NIOCore

/// The broker's per-request protocol work: cutting frames off the socket buffer, decoding Produce, and encoding
/// the Fetch response around file regions. None of it should scale its allocations with the payload: frames and
/// record sets are slices, and Fetch records are holes filled by sendfile.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]

    // 1000 frames of 64-byte bodies, about the size of a heartbeat or a small metadata request.
    var stream = ByteBuffer()
    for index in 0..<1000 {
        stream.writeInteger(Int32(64))
        stream.writeRepeatingByte(UInt8(truncatingIfNeeded: index), count: 64)
    }
    let frames = stream
    let decoder = KafkaFrameDecoder(maximumFrameSize: 100 * 1024 * 1024)
    Benchmark("frame.split.1000x64B", configuration: .init(metrics: metrics, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            var buffer = frames
            var count = 0
            do {
                while let frame = try decoder.nextFrame(from: &buffer) {
                    blackHole(frame)
                    count += 1
                }
            } catch {
                fatalError("\(error)")
            }
            precondition(count == 1000)
        }
    }

    let produceBody = makeProduceRequestBody()
    checkZeroCopy(produceBody)
    Benchmark("produce.decode.v9.6x16KiB", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try ProduceRequest.decode(produceBody, version: 9))
            } catch {
                fatalError("\(error)")
            }
        }
    }

    let fetch = makeFetchResponse(partitions: 50)
    let allocator = ByteBufferAllocator()
    Benchmark("fetch.encodeFrameChunks.v16.50partitions", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(fetch.encodeFrameChunks(correlationID: 7, version: 16, allocator: allocator))
        }
    }
}

/// A v9 (first flexible) Produce body: one topic, six partitions, each one 16 KiB batch of 100 records.
private func makeProduceRequestBody() -> ByteBuffer {
    let partitions = (0..<6).map { index in
        ProduceRequest.PartitionData(index: Int32(index), records: makeBatch().buffer)
    }
    let request = ProduceRequest(
        acks: -1, timeoutMs: 30_000, topicData: [ProduceRequest.TopicData(name: "bench-topic", partitionData: partitions)])
    var body = ByteBuffer()
    request.encode(into: &body, version: 9)
    return body
}

/// Fails the run if decoding copies the record sets: each must point into the request's own bytes.
private func checkZeroCopy(_ body: ByteBuffer) {
    let request: ProduceRequest
    do {
        request = try ProduceRequest.decode(body, version: 9)
    } catch {
        fatalError("\(error)")
    }
    body.withUnsafeReadableBytes { whole in
        for partition in request.topicData[0].partitionData {
            partition.records!.withUnsafeReadableBytes { records in
                let start = records.baseAddress!
                precondition(start >= whole.baseAddress! && start + records.count <= whole.baseAddress! + whole.count, "records were copied")
            }
        }
    }
}

/// 50 partitions whose records stay on disk (`.external`), as the broker builds them for sendfile.
private func makeFetchResponse(partitions: Int) -> FetchResponse {
    let parts = (0..<partitions).map { index in
        FetchResponse.Partition(
            partitionIndex: Int32(index), highWatermark: 1_000_000, lastStableOffset: 1_000_000, logStartOffset: 0,
            records: .external(length: 1 << 20, token: index))
    }
    return FetchResponse(responses: [FetchResponse.Topic(topic: "bench-topic", topicID: TopicID.zero, partitions: parts)])
}

/// 100 records of about 160 bytes each: a 16 KiB batch, what librdkafka and Java fill by default.
private func makeBatch() -> RecordBatch {
    var builder = RecordBatchBuilder(initialCapacity: 17 * 1024)
    let value = ByteBuffer(repeating: 0x61, count: 150)
    for index in 0..<100 {
        builder.append(timestamp: 1_700_000_000_000 + Int64(index), key: ByteBuffer(string: "key-\(index)"), value: value)
    }
    do {
        return try builder.build()
    } catch {
        fatalError("\(error)")
    }
}
