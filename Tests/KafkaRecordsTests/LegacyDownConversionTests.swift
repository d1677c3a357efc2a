import NIOCore
import Testing

@testable import KafkaRecords

/// Stored v2 batches → magic 0/1 message sets for Fetch v0–3, and back.
@Suite struct LegacyDownConversionTests {
    static let codecs: [CompressionCodec] = [.none, .gzip, .snappy, .lz4]

    @Test(arguments: codecs)
    func roundTripV2ToMagicOneToV2KeepsOffsetsKeysValuesAndTimestamps(codec: CompressionCodec) throws {
        let original = try Legacy.v2Batch(baseOffset: 500, count: 5, codec: codec)
        let (legacy, stats) = try LegacyDownConverter.convert(original.buffer, toMagic: 1, maxBytes: 1 << 20)
        #expect(stats.records == 5)
        let read = try Legacy.read(legacy)
        #expect(read.map(\.offset) == Array(500..<505))

        let upConverted = try LegacyUpConverter.convert(legacy, rules: .init(), now: Legacy.now).batch.batch
        #expect(upConverted.attributes.compression == codec)
        let before = try original.records()
        let after = try upConverted.records()
        #expect(after.count == before.count)
        for (old, new) in zip(before, after) {
            // The log assigns offsets again on append; relative to the batch they are the same.
            #expect(new.offsetDelta == old.offsetDelta)
            #expect(new.timestamp(in: upConverted) == old.timestamp(in: original))
            #expect(new.key == old.key)
            #expect(new.value == old.value)
            #expect(new.headers.isEmpty)  // the old formats have none
        }
        #expect(upConverted.maxTimestamp == original.maxTimestamp)
    }

    @Test(arguments: codecs)
    func magicZeroDropsTimestampsAndKeepsAbsoluteOffsets(codec: CompressionCodec) throws {
        let batch = try Legacy.v2Batch(baseOffset: 40, count: 3, codec: codec)
        let (legacy, _) = try LegacyDownConverter.convert(batch.buffer, toMagic: 0, maxBytes: 1 << 20)
        let records = try Legacy.read(legacy)
        #expect(records.map(\.offset) == [40, 41, 42])
        #expect(records.allSatisfy { $0.magic == 0 && $0.timestamp == -1 })
        #expect(records.map(\.value) == (0..<3).map { ByteBuffer(string: "value-\($0)") })
        if codec != .none {
            // One wrapper carrying the last absolute offset.
            #expect(legacy.getInteger(at: 0, as: Int64.self) == 42)
            #expect(legacy.getInteger(at: 17, as: Int8.self) == Int8(codec.rawValue))
        }
    }

    @Test func magicZeroLZ4WrapperHasTheHeaderChecksumOldConsumersExpect() throws {
        let batch = try Legacy.v2Batch(baseOffset: 0, count: 3, codec: .lz4)
        let (legacy, _) = try LegacyDownConverter.convert(batch.buffer, toMagic: 0, maxBytes: 1 << 20)
        let view = try LegacyMessageView.read(legacy, at: 0, end: legacy.writerIndex)
        let frame = try #require(view.value(in: legacy))
        frame.withUnsafeReadableBytes { raw in
            let index = LZ4LegacyFraming.headerChecksumIndex(raw)!
            #expect(raw[index] == LZ4LegacyFraming.kafka3160Checksum(raw, hcIndex: index))
        }
        let (v1, _) = try LegacyDownConverter.convert(batch.buffer, toMagic: 1, maxBytes: 1 << 20)
        let v1Frame = try #require(try LegacyMessageView.read(v1, at: 0, end: v1.writerIndex).value(in: v1))
        v1Frame.withUnsafeReadableBytes { raw in
            let index = LZ4LegacyFraming.headerChecksumIndex(raw)!
            #expect(raw[index] == LZ4LegacyFraming.correctChecksum(raw, hcIndex: index))
        }
    }

    @Test func skipsControlBatches() throws {
        let data = try Legacy.v2Batch(baseOffset: 0, count: 2)
        let marker = try Legacy.asControl(try Legacy.v2Batch(baseOffset: 2, count: 1))
        let more = try Legacy.v2Batch(baseOffset: 3, count: 2)
        let input = Legacy.concatenate([data, marker, more])
        let (legacy, stats) = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: 1 << 20)
        #expect(try Legacy.read(legacy).map(\.offset) == [0, 1, 3, 4])
        #expect(stats.records == 4)
        #expect(stats.inputBytes == input.readableBytes)
    }

    @Test func stopsAtAMessageBoundaryWithinMaxBytes() throws {
        let input = Legacy.concatenate(try (0..<10).map { try Legacy.v2Batch(baseOffset: Int64($0 * 10), count: 10) })
        let (all, _) = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: .max)
        let messageSize = try LegacyMessageView.read(all, at: 0, end: all.writerIndex).size
        let maxBytes = messageSize * 25 + messageSize / 2
        let (legacy, stats) = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: maxBytes)
        #expect(legacy.readableBytes <= maxBytes)
        #expect(try Legacy.read(legacy).map(\.offset) == Array(0..<25))
        #expect(stats.records == 25)
        // Only the whole batches before the cut count as consumed.
        #expect(stats.inputBytes == 2 * input.readableBytes / 10)
    }

    @Test(arguments: [0, 1, 100])
    func returnsTheFirstMessageWholeEvenWhenLargerThanMaxBytes(maxBytes: Int) throws {
        let big = try Legacy.v2Batch(baseOffset: 7, count: 2, valueSize: 4096)
        let (legacy, _) = try LegacyDownConverter.convert(big.buffer, toMagic: 1, maxBytes: maxBytes)
        #expect(try Legacy.read(legacy).map(\.offset) == [7])
        let compressed = try Legacy.v2Batch(baseOffset: 7, count: 2, codec: .gzip, valueSize: 4096)
        let twice = Legacy.concatenate([compressed, try Legacy.v2Batch(baseOffset: 9, count: 1, codec: .gzip)])
        let (wrapper, stats) = try LegacyDownConverter.convert(twice, toMagic: 1, maxBytes: maxBytes)
        // A wrapper is one message: the first comes whole with both its records, the next one not at all.
        #expect(try Legacy.read(wrapper).map(\.offset) == [7, 8])
        #expect(stats.inputBytes == compressed.sizeInBytes)
    }

    @Test func ignoresAPartialBatchAtTheEnd() throws {
        let first = try Legacy.v2Batch(baseOffset: 0, count: 3)
        let second = try Legacy.v2Batch(baseOffset: 3, count: 3)
        var input = Legacy.concatenate([first, second])
        input.moveWriterIndex(to: input.writerIndex - 5)
        let (legacy, stats) = try LegacyDownConverter.convert(input, toMagic: 0, maxBytes: 1 << 20)
        #expect(try Legacy.read(legacy).map(\.offset) == [0, 1, 2])
        #expect(stats.inputBytes == first.sizeInBytes)
        // A fragment shorter than a header is ignored too.
        let fragment = input.getSlice(at: 0, length: 30)!
        #expect(try LegacyDownConverter.convert(fragment, toMagic: 1, maxBytes: 100).records.readableBytes == 0)
    }

    @Test func skipsRecordsBeforeTheFetchOffsetOnlyInUncompressedBatches() throws {
        let plain = try Legacy.v2Batch(baseOffset: 10, count: 5)
        let (legacy, _) = try LegacyDownConverter.convert(plain.buffer, toMagic: 1, maxBytes: 1 << 20, fetchOffset: 12)
        #expect(try Legacy.read(legacy).map(\.offset) == [12, 13, 14])
        let compressed = try Legacy.v2Batch(baseOffset: 10, count: 5, codec: .snappy)
        let (wrapper, _) = try LegacyDownConverter.convert(compressed.buffer, toMagic: 1, maxBytes: 1 << 20, fetchOffset: 12)
        #expect(try Legacy.read(wrapper).map(\.offset) == Array(10..<15))
    }

    @Test(arguments: [CompressionCodec.none, .gzip])
    func logAppendTimeBatchesGiveEveryMessageTheAppendTime(codec: CompressionCodec) throws {
        let batch = try Legacy.v2Batch(baseOffset: 0, count: 3, codec: codec, timestampType: .logAppendTime)
        let (legacy, _) = try LegacyDownConverter.convert(batch.buffer, toMagic: 1, maxBytes: 1 << 20)
        let records = try Legacy.read(legacy)
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0.timestampType == .logAppendTime && $0.timestamp == Legacy.now + 1000 })
    }

    @Test func stopsBeforeAZstdBatchOnceSomethingIsConverted() throws {
        var builder = RecordBatchBuilder(compression: .zstd, baseOffset: 2)
        builder.append(timestamp: Legacy.now, key: nil, value: ByteBuffer(string: "z"))
        let input = Legacy.concatenate([try Legacy.v2Batch(baseOffset: 0, count: 2), try builder.build()])
        let (legacy, _) = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: 1 << 20)
        #expect(try Legacy.read(legacy).map(\.offset) == [0, 1])
    }

    @Test func reusedBuffersAndScratchGiveTheSameOutputAcrossCodecsAndCalls() throws {
        // Batches of every codec in turn, so the reused decompressor switches codec and the reused buffers
        // shrink and grow between batches.
        var batches: [RecordBatch] = []
        for (index, codec) in [CompressionCodec.gzip, .none, .lz4, .snappy, .gzip, .lz4].enumerated() {
            batches.append(try Legacy.v2Batch(baseOffset: Int64(index * 10), count: index % 2 == 0 ? 7 : 2, codec: codec, valueSize: 50 * index + 1))
        }
        let input = Legacy.concatenate(batches)
        let scratch = DecompressionScratch()
        let (expected, _) = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: 1 << 20)
        for _ in 0..<3 {
            let (again, stats) = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: 1 << 20, scratch: scratch)
            #expect(again == expected)
            #expect(stats.records == 7 + 2 + 7 + 2 + 7 + 2)
        }
        let offsets = try Legacy.read(expected).map(\.offset)
        #expect(offsets.count == 27)
        #expect(offsets == offsets.sorted())
    }

    @Test func refusesBatchesThatAreNotV2() throws {
        let set = try Legacy.set(magic: 1, count: 10)
        #expect(throws: LegacyDownConversionError.self) {
            _ = try LegacyDownConverter.convert(set, toMagic: 1, maxBytes: 1 << 20)
        }
    }

    @Test func outputReadsBackWithTheProduceRulesToo() throws {
        // What a Fetch v0–3 consumer receives is also what a Produce v0–2 producer could have sent.
        let batch = try Legacy.v2Batch(baseOffset: 0, count: 4, codec: .gzip)
        let (legacy, _) = try LegacyDownConverter.convert(batch.buffer, toMagic: 1, maxBytes: 1 << 20)
        var reader = LegacyMessageSetReader(legacy)
        #expect(try reader.readAll().count == 4)
    }
}
