import KafkaModel
import NIOCore
import Testing

@testable import KafkaRecords

/// Record-level rules, uncompressed and through every codec: the records must be exactly what the header
/// says, in structure and in offsets.
@Suite struct BatchValidatorRecordTests {
    static let codecs = CompressionCodec.allCases
    static let compressed = CompressionCodec.allCases.filter { $0 != .none }

    @Test(arguments: codecs)
    func refusesGapInOffsetDeltasNamingTheRecord(codec: CompressionCodec) throws {
        var raw = RawBatch(codec: codec)
        raw.records[2].offsetDelta = 3
        let error = try #require(refusal(raw))
        #expect(error.reason == .invalidRecords)
        #expect(error.errorCode == .invalidRecord)
        #expect(error.recordErrors.map(\.index) == [2])
        #expect(error.recordErrors.map(\.problem) == [.offsetDelta])
    }

    @Test(arguments: codecs)
    func refusesOffsetDeltasNotStartingAtZeroNamingEveryRecord(codec: CompressionCodec) throws {
        var raw = RawBatch(codec: codec)
        for index in raw.records.indices { raw.records[index].offsetDelta += 1 }
        let error = try #require(refusal(raw))
        #expect(error.recordErrors.map(\.index) == [0, 1, 2])
    }

    @Test(arguments: codecs)
    func refusesRepeatedOffsetDelta(codec: CompressionCodec) {
        var raw = RawBatch(codec: codec)
        raw.records[1].offsetDelta = 0
        #expect(refusal(raw)?.recordErrors.map(\.index) == [1])
    }

    @Test(arguments: codecs)
    func refusesBatchHoldingFewerRecordsThanItCounts(codec: CompressionCodec) {
        // Header and count agree (3 records, last delta 2), but only two records are there.
        let raw = RawBatch(records: Array(RawBatch().records.prefix(2)), codec: codec, recordCount: 3)
        let error = refusal(raw)
        #expect(error?.reason == .malformedRecord)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test(arguments: codecs)
    func refusesHeaderClaimingAMillionOffsetsForTwoRecords(codec: CompressionCodec) {
        // Accepted, this would move the log end offset by 1,000,000 for two records.
        let raw = RawBatch(records: Array(RawBatch().records.prefix(2)), codec: codec, recordCount: 1_000_000)
        #expect(refusal(raw)?.reason == .malformedRecord)
    }

    @Test(arguments: codecs)
    func refusesBatchHoldingMoreRecordsThanItCounts(codec: CompressionCodec) {
        let raw = RawBatch(codec: codec, recordCount: 2)
        let error = refusal(raw)
        #expect(error?.reason == .bytesAfterLastRecord)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test(arguments: codecs)
    func refusesBytesAfterTheLastRecord(codec: CompressionCodec) {
        let raw = RawBatch(payload: RawBatch().uncompressedPayload + [0, 0], codec: codec)
        #expect(refusal(raw)?.reason == .bytesAfterLastRecord)
    }

    @Test(arguments: codecs)
    func refusesRecordLengthRunningPastTheEndOfTheRecords(codec: CompressionCodec) {
        var raw = RawBatch(codec: codec)
        raw.records[2].lengthAdjustment = 5
        let error = refusal(raw)
        #expect(error?.reason == .malformedRecord)
        if codec == .none { #expect(error?.message.contains("only") == true) }
    }

    @Test(arguments: codecs)
    func refusesRecordWhoseFieldsRunPastItsLength(codec: CompressionCodec) {
        var raw = RawBatch(codec: codec)
        raw.records[0].lengthAdjustment = -1
        let error = refusal(raw)
        #expect(error?.reason == .malformedRecord)
        #expect(error?.message.contains("record 0") == true)
    }

    @Test(arguments: codecs)
    func refusesRecordLengthLeavingBytesAfterItsFields(codec: CompressionCodec) {
        var raw = RawBatch(codec: codec)
        raw.records[1].trailer = [7]
        let error = refusal(raw)
        #expect(error?.reason == .malformedRecord)
        #expect(error?.message.contains("record 1") == true)
    }

    @Test(arguments: [Int64(-1), Int64(0), Int64(5)])
    func refusesRecordLengthTooSmallForAnyRecord(length: Int64) {
        let raw = RawBatch(records: [RawRecord(offsetDelta: 0)], payload: varint(length) + [0, 0, 0, 0, 0])
        #expect(refusal(raw)?.reason == .malformedRecord)
    }

    @Test func refusesKeyLengthBelowMinusOne() {
        var raw = RawBatch()
        raw.records[0].keyLengthOverride = -2
        #expect(refusal(raw)?.reason == .malformedRecord)
    }

    @Test func refusesKeyLengthRunningPastItsRecord() {
        var raw = RawBatch()
        raw.records[0].keyLengthOverride = 60
        #expect(refusal(raw)?.reason == .malformedRecord)
    }

    @Test(arguments: [Int64(-1), Int64(100), Int64(Int32.max)])
    func refusesHeaderCountTheRecordCannotHold(count: Int64) {
        var raw = RawBatch()
        raw.records[1].headerCountOverride = count
        let error = refusal(raw)
        #expect(error?.reason == .malformedRecord)
        #expect(error?.message.contains("header count") == true)
    }

    @Test func refusesNegativeHeaderKeyLength() {
        // attributes, ts delta 0, offset delta 0, null key, null value, one header with key length -1.
        let body: [UInt8] = [0] + varint(0) + varint(0) + varint(-1) + varint(-1) + varint(1) + varint(-1) + varint(-1)
        let raw = RawBatch(records: [RawRecord(offsetDelta: 0)], payload: varint(Int64(body.count)) + body)
        #expect(refusal(raw)?.message.contains("header key length") == true)
    }

    @Test func refusesVarintLongerThanFiveBytes() {
        let body: [UInt8] = [0] + varint(0) + [0x80, 0x80, 0x80, 0x80, 0x80, 0x00] + varint(-1) + varint(-1) + varint(0)
        let raw = RawBatch(records: [RawRecord(offsetDelta: 0)], payload: varint(Int64(body.count)) + body)
        #expect(refusal(raw)?.message.contains("varint") == true)
    }

    @Test(arguments: codecs)
    func acceptsNullKeysNullValuesAndNullHeaderValues(codec: CompressionCodec) {
        var raw = RawBatch(codec: codec)
        raw.records[0].key = nil
        raw.records[1].value = nil
        raw.records[2].headers = [(Array("a".utf8), nil), (Array("b".utf8), []), ([], Array("c".utf8))]
        #expect(refusal(raw) == nil)
    }

    @Test(arguments: codecs)
    func acceptsRecordsSpanningManyDecompressionWindows(codec: CompressionCodec) throws {
        // 40 records of 5,000 random-ish bytes: ~200 KB, so fields straddle the 64 KiB windows (and
        // snappy's 32 KiB blocks).
        var raw = RawBatch(codec: codec)
        raw.records = (0..<40).map { index in
            var record = RawRecord(offsetDelta: Int64(index), timestampDelta: Int64(index), value: pseudoRandomBytes(count: 5_000, seed: UInt64(index)))
            record.headers = [(Array("trace".utf8), pseudoRandomBytes(count: 300, seed: 99))]
            return record
        }
        let validated = try BatchValidator.validate(raw.buffer, rules: .init(), now: RawBatch.now)
        #expect(validated.maxTimestamp == RawBatch.now + 39)
    }

    @Test(arguments: compressed)
    func refusesCorruptCompressedPayloadAsInvalidRecord(codec: CompressionCodec) {
        let raw = RawBatch(codec: codec, compressedPayload: pseudoRandomBytes(count: 500))
        let error = refusal(raw)
        #expect(error?.errorCode == .invalidRecord)
        #expect(error?.reason == .decompressionFailed || error?.reason == .malformedRecord)
    }

    @Test(arguments: compressed)
    func refusesTruncatedCompressedPayload(codec: CompressionCodec) throws {
        let whole = Array(try Compression.compress(codec, ByteBuffer(bytes: RawBatch().uncompressedPayload)).readableBytesView)
        let raw = RawBatch(codec: codec, compressedPayload: Array(whole.dropLast(3)))
        let error = refusal(raw)
        #expect(error?.errorCode == .invalidRecord)
        #expect(error?.reason == .decompressionFailed || error?.reason == .malformedRecord)
    }

    @Test(arguments: compressed)
    func refusesPayloadExpandingPastTheLimitWithoutHoldingIt(codec: CompressionCodec) {
        // One record with 4 MiB of zeros: a few KiB compressed.
        var raw = RawBatch(records: [RawRecord(offsetDelta: 0, value: [UInt8](repeating: 0, count: 4 << 20))], codec: codec)
        raw.maxTimestamp = RawBatch.now
        let error = refusal(raw, rules: .init(maxUncompressedBytes: 1 << 20))
        #expect(error?.reason == .decompressedTooLarge)
        #expect(error?.errorCode == .invalidRecord)
        #expect(refusal(raw, rules: .init(maxUncompressedBytes: 5 << 20)) == nil)
    }

    @Test func refusesSnappyBlockClaimingMoreThanItsBytesCanExpandTo() {
        // A raw block whose preamble claims 100 MiB, backed by a few literal bytes.
        let raw = RawBatch(codec: .snappy, compressedPayload: varint32(100 << 20) + [0x0C, 1, 2, 3, 4])
        #expect(refusal(raw)?.reason == .decompressionFailed)
    }

    @Test func acceptsRawSnappyBlocksAsLibrdkafkaWritesThem() {
        let payload = RawBatch().uncompressedPayload
        let raw = RawBatch(codec: .snappy, compressedPayload: rawSnappyLiterals(payload))
        #expect(refusal(raw) == nil)
    }

    @Test(arguments: [CompressionCodec.gzip, .lz4, .zstd])
    func acceptsConcatenatedCompressedStreams(codec: CompressionCodec) throws {
        let records = RawBatch().records
        let first = try Compression.compress(codec, ByteBuffer(bytes: records.prefix(1).flatMap(\.bytes)))
        let rest = try Compression.compress(codec, ByteBuffer(bytes: records.dropFirst().flatMap(\.bytes)))
        let raw = RawBatch(codec: codec, compressedPayload: Array(first.readableBytesView) + Array(rest.readableBytesView))
        #expect(refusal(raw) == nil)
    }

    @Test func oneScratchServesEveryCodecInTurnAndSurvivesFailures() {
        let scratch = DecompressionScratch()
        for _ in 0..<3 {
            for codec in Self.codecs {
                #expect(refusal(RawBatch(codec: codec).buffer, scratch: scratch) == nil)
                var gap = RawBatch(codec: codec)
                gap.records[1].offsetDelta = 5
                #expect(refusal(gap.buffer, scratch: scratch)?.reason == .invalidRecords)
                if codec != .none {
                    let garbage = RawBatch(codec: codec, compressedPayload: pseudoRandomBytes(count: 64))
                    #expect(refusal(garbage.buffer, scratch: scratch)?.errorCode == .invalidRecord)
                }
            }
        }
    }
}

/// An unsigned varint, as snappy's preamble uses.
func varint32(_ value: UInt32) -> [UInt8] {
    var rest = value
    var out: [UInt8] = []
    while rest >= 0x80 {
        out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
        rest >>= 7
    }
    out.append(UInt8(rest))
    return out
}

/// A valid raw snappy block made only of literals (snappy's format description, "literals").
func rawSnappyLiterals(_ bytes: [UInt8]) -> [UInt8] {
    var out = varint32(UInt32(bytes.count))
    var at = 0
    while at < bytes.count {
        let run = min(60, bytes.count - at)
        out.append(UInt8(run - 1) << 2)
        out += bytes[at..<(at + run)]
        at += run
    }
    return out
}
