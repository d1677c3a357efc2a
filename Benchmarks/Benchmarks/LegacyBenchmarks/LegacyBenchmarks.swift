import Benchmark
import KafkaRecords
import NIOCore

/// Message format v0/v1 conversion (docs/message-format.md): down-conversion runs on every Fetch v0–3
/// answer, up-conversion on every Produce v0–2 partition. Each operation converts exactly 1,000 records,
/// so `mallocCountTotal` per operation is the allocations per 1,000 records and throughput × 1,000 is
/// records per second.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]
    let configuration = Benchmark.Configuration(metrics: metrics, scalingFactor: .one)

    // What a segment read hands the Fetch handler: 10 batches of 100 records of ~160 bytes. The broker keeps
    // one decompression scratch per event-loop thread, and so does this loop.
    let fetchScratch = DecompressionScratch()
    for (name, codec) in [("uncompressed", CompressionCodec.none), ("lz4", .lz4), ("gzip", .gzip)] {
        let stored = storedBatches(codec: codec)
        for magic in [Int8(1), 0] where codec == .none || magic == 1 {
            Benchmark("legacy.downConvert.v\(magic).\(name).1000records", configuration: configuration) { benchmark in
                for _ in benchmark.scaledIterations {
                    do {
                        let (records, stats) = try LegacyDownConverter.convert(
                            stored, toMagic: magic, maxBytes: 4 << 20, scratch: fetchScratch)
                        precondition(stats.records == 1000)
                        blackHole(records)
                    } catch {
                        fatalError("\(error)")
                    }
                }
            }
        }
    }

    // What a Produce v2 (magic 1) partition carries: 1,000 plain messages, or one wrapper holding them.
    let rules = BatchValidator.Rules(maxBatchBytes: 4 << 20)
    let scratch = DecompressionScratch()
    for (name, codec) in [("uncompressed", CompressionCodec.none), ("lz4", .lz4)] {
        let produced = producedSet(codec: codec)
        Benchmark("legacy.upConvert.v1.\(name).1000records", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                do {
                    let result = try LegacyUpConverter.convert(produced, rules: rules, now: 1_700_000_000_500, scratch: scratch)
                    precondition(result.stats.records == 1000)
                    blackHole(result)
                } catch {
                    fatalError("\(error)")
                }
            }
        }
    }
}

private func storedBatches(codec: CompressionCodec) -> ByteBuffer {
    var out = ByteBuffer()
    let value = ByteBuffer(repeating: 0x61, count: 150)
    for batchIndex in 0..<10 {
        var builder = RecordBatchBuilder(compression: codec, baseOffset: Int64(batchIndex * 100), initialCapacity: 17 * 1024)
        for index in 0..<100 {
            builder.append(timestamp: 1_700_000_000_000 + Int64(index), key: ByteBuffer(string: "key-\(index)"), value: value)
        }
        do {
            out.writeImmutableBuffer(try builder.build().buffer)
        } catch {
            fatalError("\(error)")
        }
    }
    return out
}

private func producedSet(codec: CompressionCodec) -> ByteBuffer {
    var builder = LegacyMessageSetBuilder(magic: 1, compression: codec, initialCapacity: 200 * 1024)
    let value = ByteBuffer(repeating: 0x61, count: 150)
    for index in 0..<1000 {
        builder.append(
            offset: Int64(index), timestamp: 1_700_000_000_000 + Int64(index % 100),
            key: ByteBuffer(string: "key-\(index)"), value: value)
    }
    do {
        return try builder.build()
    } catch {
        fatalError("\(error)")
    }
}
