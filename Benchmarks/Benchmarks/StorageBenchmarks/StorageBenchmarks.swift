import Benchmark
import Foundation
import KafkaModel
import KafkaRecords
import KafkaStorage
import NIOCore
import SystemPackage

/// Storage's two hot paths: appending a produced batch to the active segment (with and without an fsync per
/// batch, the two ends of `flush.messages`), and finding where a fetch starts (segment search, sparse index,
/// header scan). Runs against real files in a fresh directory under /tmp, so the disk and page cache are part
/// of the figures, as they are in the broker.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]
    let batch = makeBatch(records: 100, valueSize: 150)

    // One sample is 1000 batches (16 MiB) into a new log; opening and removing it are not measured.
    Benchmark(
        "segment.append.16KiB",
        configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 100)
    ) { benchmark in
        appendRun(benchmark, batch: batch, flushEvery: false)
    }

    // fsync per batch is what `flush.messages=1` costs; far slower, so fewer and smaller samples.
    Benchmark(
        "segment.append.16KiB.flushEach",
        configuration: .init(metrics: metrics, scalingFactor: .one, maxDuration: .seconds(3), maxIterations: 20)
    ) { benchmark in
        appendRun(benchmark, batch: batch, flushEvery: true)
    }

    let fixture = LookupFixture()
    Benchmark(
        "log.read.randomOffset.10kBatches",
        configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(3)),
        closure: { benchmark in
            guard let log = fixture.log else { fatalError("setup did not run") }
            var next = 0
            for _ in benchmark.scaledIterations {
                let offset = fixture.offsets[next]
                next = (next + 1) % fixture.offsets.count
                do {
                    let result = try log.read(from: offset, maxBytes: 64 * 1024, minOneBatch: true)
                    blackHole(result.totalBytes)
                    result.closeAll()
                } catch {
                    fatalError("\(error)")
                }
            }
        },
        setup: { try fixture.open() },
        teardown: { fixture.close() }
    )
}

/// Appends `scaledIterations` batches to a log in a new temporary directory, measuring only the appends.
private func appendRun(_ benchmark: Benchmark, batch: RecordBatch, flushEvery: Bool) {
    let directory = makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
        let log = try PartitionLog(
            directory: FilePath(directory + "/bench-0"), topicPartition: TopicPartition(topic: "bench", partition: 0),
            config: LogConfig())
        defer { log.closeWithoutMarker() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try log.append(batch, now: 1_700_000_000_000))
            if flushEvery { blackHole(try log.flush()) }
        }
        benchmark.stopMeasurement()
    } catch {
        fatalError("\(error)")
    }
}

/// A log of 10,000 batches of 10 records (about 1.3 KiB each) over 1 MiB segments, so a lookup crosses the
/// segment search, the sparse offset index and a short header scan; and a fixed pseudo-random offset order.
/// `@unchecked Sendable` because the runner calls setup, the measured closure and teardown one after another,
/// never at once, and the hooks' types demand nothing more.
private final class LookupFixture: @unchecked Sendable {
    static let batchCount = 10_000
    static let recordsPerBatch = 10
    private(set) var log: PartitionLog?
    private(set) var offsets: [Int64] = []
    private var directory: String?

    func open() throws {
        let directory = makeTemporaryDirectory()
        self.directory = directory
        var config = LogConfig()
        config.segmentBytes = 1024 * 1024
        let log = try PartitionLog(
            directory: FilePath(directory + "/bench-0"), topicPartition: TopicPartition(topic: "bench", partition: 0),
            config: config)
        let batch = makeBatch(records: Self.recordsPerBatch, valueSize: 120)
        for _ in 0..<Self.batchCount { _ = try log.append(batch, now: 1_700_000_000_000) }
        _ = try log.flush()
        self.log = log
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let end = UInt64(Self.batchCount * Self.recordsPerBatch)
        offsets = (0..<4096).map { _ in
            // xorshift64: deterministic across runs, so samples are comparable.
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int64(state % end)
        }
    }

    func close() {
        log?.closeWithoutMarker()
        log = nil
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
        directory = nil
    }
}

private func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/fjord-bench-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { pointer -> String in
        guard let path = mkdtemp(pointer.baseAddress!) else { fatalError("mkdtemp failed: \(errno)") }
        return String(cString: path)
    }
}

private func makeBatch(records: Int, valueSize: Int) -> RecordBatch {
    var builder = RecordBatchBuilder(initialCapacity: records * (valueSize + 16) + RecordBatch.headerSize)
    let value = ByteBuffer(repeating: 0x61, count: valueSize)
    for index in 0..<records {
        builder.append(timestamp: 1_700_000_000_000 + Int64(index), key: ByteBuffer(string: "key-\(index)"), value: value)
    }
    do {
        return try builder.build()
    } catch {
        fatalError("\(error)")
    }
}
