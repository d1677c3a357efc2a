import Benchmark
import KafkaRecords
import NIOCore

/// The produce hot path: every batch a client sends is CRC-checked and validated record by record, so these
/// numbers bound Produce throughput per core. `mallocCountTotal` guards the "no per-record allocation" rule.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]

    let mebibyte = ByteBuffer(bytes: (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    Benchmark("crc32c.1MiB", configuration: .init(metrics: metrics, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(CRC32C.checksum(mebibyte))
        }
    }

    let batch = makeBatch()
    Benchmark("batch.validate.16KiB.100records", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                try batch.validate()
            } catch {
                fatalError("\(error)")
            }
        }
    }

    Benchmark("batch.validateRecords.16KiB.100records", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                try batch.validateRecords()
            } catch {
                fatalError("\(error)")
            }
        }
    }

    // What the broker runs on every produced batch (BatchValidator): framing, CRC, header, every record.
    // The uncompressed batch is walked in place; compressed ones stream through one reused scratch.
    let scratch = DecompressionScratch()
    let now: Int64 = 1_700_000_000_050
    let rules = BatchValidator.Rules(timestampBeforeMaxMs: 3_600_000, timestampAfterMaxMs: 3_600_000, maxBatchBytes: 1_048_588)
    for (name, codec) in [("16KiB.100records", CompressionCodec.none), ("lz4.16KiB.100records", .lz4), ("zstd.16KiB.100records", .zstd)] {
        let bytes = makeBatch(codec: codec).buffer
        Benchmark("batch.validator.\(name)", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations {
                do {
                    blackHole(try BatchValidator.validate(bytes, rules: rules, now: now, scratch: scratch))
                } catch {
                    fatalError("\(error)")
                }
            }
        }
    }

    // librdkafka's default batch.size (1,000,000): ~8,000 records of 100 bytes, as in scripts/bench_librdkafka.py.
    let large = makeLargeBatch()
    Benchmark("batch.validate.1MB.8000records", configuration: .init(metrics: metrics, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                try large.validate()
            } catch {
                fatalError("\(error)")
            }
        }
    }
    Benchmark("batch.validator.1MB.8000records", configuration: .init(metrics: metrics, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try BatchValidator.validate(large.buffer, rules: rules, now: now, scratch: scratch))
            } catch {
                fatalError("\(error)")
            }
        }
    }

    // A topic's compression.type that differs from the producer's codec (docs/configuration.md): the
    // batch is decompressed whole and compressed again after validation. zstd→zstd is the no-op path.
    for (name, from, to, source) in [
        ("none-to-zstd.16KiB.100records", CompressionCodec.none, CompressionCodec.zstd, 0),
        ("gzip-to-zstd.16KiB.100records", .gzip, .zstd, 0), ("zstd-to-zstd.16KiB.100records", .zstd, .zstd, 0),
        ("none-to-zstd.1MB.8000records", .none, .zstd, 1), ("gzip-to-zstd.1MB.8000records", .gzip, .zstd, 1),
        ("none-to-lz4.1MB.8000records", .none, .lz4, 1), ("zstd-to-none.1MB.8000records", .zstd, .none, 1),
    ] {
        let input = source == 0 ? makeBatch(codec: from) : makeLargeBatch(codec: from)
        Benchmark("batch.recompress.\(name)", configuration: .init(metrics: metrics, scalingFactor: source == 0 ? .kilo : .one)) { benchmark in
            for _ in benchmark.scaledIterations {
                do {
                    blackHole(try input.recompressed(to: to))
                } catch {
                    fatalError("\(error)")
                }
            }
        }
    }

    let keys = (0..<100).map { ByteBuffer(string: "key-\($0)") }
    let value = ByteBuffer(repeating: 0x61, count: 150)
    Benchmark("builder.encode.100records", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
        var builder = RecordBatchBuilder(initialCapacity: 17 * 1024)
        for _ in benchmark.scaledIterations {
            for index in 0..<100 {
                builder.append(timestamp: 1_700_000_000_000 + Int64(index), key: keys[index], value: value)
            }
            do {
                blackHole(try builder.build())
            } catch {
                fatalError("\(error)")
            }
        }
    }
}

/// 100 records of about 160 bytes each: a 16 KiB batch (before compression), the size librdkafka and
/// Java fill by default.
private func makeBatch(codec: CompressionCodec = .none) -> RecordBatch {
    var builder = RecordBatchBuilder(
        compression: codec, producerID: 1, producerEpoch: 0, baseSequence: 0, initialCapacity: 17 * 1024)
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

private func makeLargeBatch(codec: CompressionCodec = .none) -> RecordBatch {
    var builder = RecordBatchBuilder(compression: codec, initialCapacity: 1 << 20)
    let value = ByteBuffer(bytes: (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37) })
    var index = 0
    while builder.uncompressedSizeInBytes < 1_000_000 - 130 {
        builder.append(timestamp: 1_700_000_000_000 + Int64(index % 1000), key: ByteBuffer(string: "order-\(index % 1000)"), value: value)
        index += 1
    }
    do {
        return try builder.build()
    } catch {
        fatalError("\(error)")
    }
}
