import Foundation
import NIOCore
import Testing

@testable import KafkaRecords

/// Message sets written by kafka-python's `LegacyRecordBatchBuilder` (scripts/capture_legacy_message_sets.py),
/// and Fjord's down-conversions of the v2 fixtures, which the same script reads back with kafka-python.
@Suite struct LegacyGoldenTests {
    static let baseTimestamp: Int64 = 1_700_000_000_000

    /// The records the capture script appends, in order (offsets 0…3).
    static let expected: [(timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?)] = [
        (baseTimestamp, ByteBuffer(string: "key-0"), ByteBuffer(string: "value-0")),
        (baseTimestamp + 5, nil, ByteBuffer(string: "value-1")),
        (baseTimestamp + 3, ByteBuffer(string: "key-2"), nil),
        (baseTimestamp + 10, ByteBuffer(), ByteBuffer(string: String(repeating: "x", count: 200))),
    ]

    static let fixtures: [(magic: Int8, name: String, codec: CompressionCodec)] = [0, 1].flatMap { (magic: Int8) in
        [("none", CompressionCodec.none), ("gzip", .gzip), ("snappy", .snappy), ("snappy-raw", .snappy), ("lz4", .lz4)]
            .map { (magic, $0.0, $0.1) }
    }

    static func fixture(_ magic: Int8, _ name: String) throws -> ByteBuffer {
        try Fixtures.buffer("legacy-v\(magic)-\(name)-kafka-python")
    }

    @Test(arguments: fixtures)
    func decodesKafkaPythonMessageSet(magic: Int8, name: String, codec: CompressionCodec) throws {
        var reader = LegacyMessageSetReader(try Self.fixture(magic, name))
        let records = try reader.readAll()
        #expect(reader.magic == magic)
        #expect(reader.codec == codec)
        #expect(reader.shallowCount == (codec == .none ? 4 : 1))
        #expect(records.count == Self.expected.count)
        for (index, (record, expected)) in zip(records, Self.expected).enumerated() {
            #expect(record.magic == magic)
            #expect(record.offset == Int64(index))
            #expect(record.timestamp == (magic == 0 ? -1 : expected.timestamp))
            #expect(record.timestampType == .createTime)
            #expect(record.key == expected.key)
            #expect(record.value == expected.value)
        }
    }

    @Test(arguments: fixtures)
    func upConvertsToOneValidV2BatchWithTheSameRecords(magic: Int8, name: String, codec: CompressionCodec) throws {
        let result = try LegacyUpConverter.convert(try Self.fixture(magic, name), rules: .init(), now: Self.baseTimestamp)
        let batch = result.batch.batch
        #expect(result.sourceMagic == magic)
        #expect(result.sourceCompression == codec)
        #expect(result.stats.records == 4)
        #expect(batch.magic == 2)
        #expect(batch.attributes.compression == codec)
        #expect(batch.attributes.timestampType == .createTime)
        #expect(batch.baseOffset == 0)
        #expect(batch.recordCount == 4)
        #expect(batch.producerID == -1)
        #expect(batch.maxTimestamp == (magic == 0 ? -1 : Self.baseTimestamp + 10))
        // The existing v2 checks accept it as they would a producer's batch.
        _ = try BatchValidator.validate(batch, rules: .init(), now: Self.baseTimestamp)
        let records = try batch.records()
        #expect(records.count == 4)
        for (index, (record, expected)) in zip(records, Self.expected).enumerated() {
            #expect(record.offset(in: batch) == Int64(index))
            #expect(record.timestamp(in: batch) == (magic == 0 ? -1 : expected.timestamp))
            #expect(record.key == expected.key)
            #expect(record.value == expected.value)
            #expect(record.headers.isEmpty)
        }
    }

    @Test func magicZeroLZ4FromKafkaPythonCarriesTheKafka3160HeaderChecksum() throws {
        var reader = LegacyMessageSetReader(try Self.fixture(0, "lz4"))
        _ = try reader.readAll()
        let set = try Self.fixture(0, "lz4")
        let view = try LegacyMessageView.read(set, at: 0, end: set.writerIndex)
        let frame = try #require(view.value(in: set))
        frame.withUnsafeReadableBytes { raw in
            let index = LZ4LegacyFraming.headerChecksumIndex(raw)!
            #expect(raw[index] == LZ4LegacyFraming.kafka3160Checksum(raw, hcIndex: index))
            #expect(raw[index] != LZ4LegacyFraming.correctChecksum(raw, hcIndex: index))
        }
    }

    // MARK: Down-conversion of the v2 fixtures

    static let downConversions: [(magic: Int8, name: String)] = [0, 1].flatMap { (magic: Int8) in
        ["none", "gzip", "snappy", "lz4"].map { (magic, $0) }
    }

    /// Where the down-converted fixtures live in the source tree, for FJORD_WRITE_FIXTURES=1.
    static let sourceFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Fjord's output for each v2 fixture is committed, and scripts/capture_legacy_message_sets.py --check
    /// reads those files with kafka-python; this keeps them equal to what the converter makes today.
    /// After a deliberate change: FJORD_WRITE_FIXTURES=1 swift test --skip-build --filter LegacyGoldenTests
    @Test(arguments: downConversions)
    func downConvertedV2FixtureMatchesTheCommittedOne(magic: Int8, name: String) throws {
        let input = try Fixtures.buffer("batch-\(name)-kafka-python")
        let (output, stats) = try LegacyDownConverter.convert(input, toMagic: magic, maxBytes: 1 << 20)
        #expect(stats.records == 4)
        #expect(stats.inputBytes == input.readableBytes)
        #expect(stats.outputBytes == output.readableBytes)
        let file = "downconverted-v\(magic)-\(name)"
        if ProcessInfo.processInfo.environment["FJORD_WRITE_FIXTURES"] == "1" {
            let hex = output.readableBytesView.map { String(format: "%02x", $0) }.joined() + "\n"
            try hex.write(to: Self.sourceFixtures.appendingPathComponent(file + ".hex"), atomically: true, encoding: .utf8)
        } else {
            #expect(output == (try Fixtures.buffer(file)), "regenerate with FJORD_WRITE_FIXTURES=1 if the change is intended")
        }
        var reader = LegacyMessageSetReader(output, options: .init(mode: .fetch))
        let records = try reader.readAll()
        #expect(records.count == 4)
        for (index, (record, expected)) in zip(records, Self.expected).enumerated() {
            #expect(record.magic == magic)
            #expect(record.offset == Int64(index))
            #expect(record.timestamp == (magic == 0 ? -1 : expected.timestamp))
            #expect(record.key == expected.key)
            #expect(record.value == expected.value)
        }
    }

    @Test func zstdBatchCannotBeDownConverted() throws {
        let input = try Fixtures.buffer("batch-zstd-kafka-python")
        #expect(throws: LegacyDownConversionError.self) { try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: 1 << 20) }
        do {
            _ = try LegacyDownConverter.convert(input, toMagic: 1, maxBytes: 1 << 20)
        } catch {
            #expect(error.reason == .unsupportedCompression)
            #expect(error.errorCode == .unsupportedCompressionType)
        }
    }

    @Test func xxh32MatchesReferenceVectors() {
        #expect([UInt8]().withUnsafeBytes { LZ4LegacyFraming.xxh32($0) } == 0x02CC_5D05)
        #expect(Array("abc".utf8).withUnsafeBytes { LZ4LegacyFraming.xxh32($0) } == 0x32D1_53FF)
        // Long enough for the four-lane loop.
        let text = Array("Nobody inspects the spammish repetition".utf8)
        #expect(text.withUnsafeBytes { LZ4LegacyFraming.xxh32($0) } == 0xE229_3B2F)
    }

    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(ByteBuffer(string: "123456789")) == 0xCBF4_3926)
        #expect(CRC32.checksum(ByteBuffer()) == 0)
    }
}
