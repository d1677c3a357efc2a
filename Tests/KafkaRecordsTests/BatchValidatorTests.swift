import KafkaModel
import NIOCore
import Testing

@testable import KafkaRecords

/// The refusal for `bytes`, or nil if they validate.
func refusal(
    _ bytes: ByteBuffer, rules: BatchValidator.Rules = .init(), now: Int64 = RawBatch.now,
    scratch: DecompressionScratch? = nil
) -> BatchValidationError? {
    do {
        _ = try BatchValidator.validate(bytes, rules: rules, now: now, scratch: scratch)
        return nil
    } catch {
        return error
    }
}

func refusal(_ raw: RawBatch, rules: BatchValidator.Rules = .init(), now: Int64 = RawBatch.now) -> BatchValidationError? {
    refusal(raw.buffer, rules: rules, now: now)
}

/// Framing and header rules: what Kafka's batch iterator, `UnifiedLog` and `LogValidator.validateBatch`
/// refuse, each with Kafka's code.
@Suite struct BatchValidatorFramingTests {
    @Test(arguments: CompressionCodec.allCases)
    func acceptsWhatTheBuilderWrites(codec: CompressionCodec) throws {
        var builder = RecordBatchBuilder(compression: codec, producerID: 9, producerEpoch: 0, baseSequence: 0)
        for index in 0..<50 {
            builder.append(
                timestamp: RawBatch.now + Int64(index), key: ByteBuffer(string: "k\(index)"),
                value: ByteBuffer(bytes: pseudoRandomBytes(count: 100 + index)),
                headers: index % 3 == 0 ? [RecordHeader(key: "h", value: nil)] : [])
        }
        let batch = try builder.build()
        let validated = try BatchValidator.validate(batch.buffer, rules: .init(), now: RawBatch.now)
        #expect(validated.batch.buffer == batch.buffer)
        #expect(validated.maxTimestamp == RawBatch.now + 49)
        #expect(!validated.maxTimestampCorrected)
    }

    @Test func validBatchIsTheRequestsOwnBytesNotACopy() throws {
        let bytes = RawBatch().buffer
        let validated = try BatchValidator.validate(bytes, rules: .init(), now: RawBatch.now)
        let original = bytes.withUnsafeReadableBytes { $0.baseAddress }
        let kept = validated.batch.buffer.withUnsafeReadableBytes { $0.baseAddress }
        #expect(original == kept)
    }

    @Test(arguments: [
        ("kafka-python none", "batch-none-kafka-python"), ("kafka-python gzip", "batch-gzip-kafka-python"),
        ("kafka-python snappy", "batch-snappy-kafka-python"), ("kafka-python lz4", "batch-lz4-kafka-python"),
        ("kafka-python zstd", "batch-zstd-kafka-python"),
    ])
    func acceptsBatchesRealClientsWrote(_ name: String, fixture: String) throws {
        let bytes = try Fixtures.buffer(fixture)
        let validated = try BatchValidator.validate(bytes, rules: .init(), now: GoldenBatchTests.baseTimestamp)
        #expect(validated.maxTimestamp == GoldenBatchTests.baseTimestamp + 10)
    }

    @Test func refusesRecordsShorterThanABatchLengthAsInvalidRecord() {
        let error = refusal(ByteBuffer(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(error?.reason == .noBatch)
        #expect(error?.errorCode == .invalidRecord)
        #expect(refusal(ByteBuffer())?.reason == .noBatch)
    }

    @Test func refusesBatchLengthBelowFourteenAsCorruptMessage() {
        var bytes = ByteBuffer()
        bytes.writeInteger(Int64(0))
        bytes.writeInteger(Int32(13))
        bytes.writeBytes([UInt8](repeating: 0, count: 13))
        let error = refusal(bytes)
        #expect(error?.reason == .batchLengthTooSmall)
        #expect(error?.errorCode == .corruptMessage)
    }

    @Test func refusesRecordsEndingBeforeTheMagicAsInvalidRecord() {
        let bytes = ByteBuffer(bytes: Array(RawBatch().buffer.readableBytesView.prefix(16)))
        #expect(refusal(bytes)?.reason == .noBatch)
    }

    @Test(arguments: [Int8(3), Int8(-1), Int8(127)])
    func refusesUnknownMagicAsCorruptMessage(magic: Int8) {
        let error = refusal(RawBatch(magic: magic))
        #expect(error?.reason == .invalidMagic)
        #expect(error?.errorCode == .corruptMessage)
    }

    @Test(arguments: [Int8(0), Int8(1)])
    func refusesLegacyMagicForProduceV3AndLaterAsInvalidRecord(magic: Int8) {
        let error = refusal(RawBatch(magic: magic))
        #expect(error?.reason == .unsupportedMagic)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesBatchLengthClaimingMoreBytesThanSentAsInvalidRecord() {
        let error = refusal(RawBatch(batchLengthAdjustment: 1))
        #expect(error?.reason == .truncatedBatch)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesBatchLengthClaimingFewerBytesThanSent() {
        // The batch then ends early and its last bytes look like a second, partial batch.
        #expect(refusal(RawBatch(batchLengthAdjustment: -1))?.reason == .trailingBytes)
    }

    @Test func refusesBytesAfterTheBatch() {
        let error = refusal(RawBatch(trailing: [0, 0, 0]))
        #expect(error?.reason == .trailingBytes)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesASecondBatchForTheSamePartition() {
        var bytes = RawBatch().buffer
        bytes.writeImmutableBuffer(RawBatch().buffer)
        #expect(refusal(bytes)?.reason == .trailingBytes)
    }

    @Test func refusesZstdBeforeProduceV7AsUnsupportedCompressionType() {
        let raw = RawBatch(codec: .zstd)
        let error = refusal(raw, rules: .init(allowsZstd: false))
        #expect(error?.reason == .zstdBeforeProduceV7)
        #expect(error?.errorCode == .unsupportedCompressionType)
        #expect(refusal(raw, rules: .init(allowsZstd: true)) == nil)
        #expect(refusal(RawBatch(codec: .lz4), rules: .init(allowsZstd: false)) == nil)
    }

    @Test func refusesBaseOffsetOtherThanZero() {
        let error = refusal(RawBatch(baseOffset: 17))
        #expect(error?.reason == .nonZeroBaseOffset)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesBatchAboveMaxMessageBytesAsMessageTooLarge() {
        let raw = RawBatch()
        let size = raw.buffer.readableBytes
        let error = refusal(raw, rules: .init(maxBatchBytes: size - 1))
        #expect(error?.reason == .batchTooLarge)
        #expect(error?.errorCode == .messageTooLarge)
        #expect(refusal(raw, rules: .init(maxBatchBytes: size)) == nil)
    }

    @Test func refusesBatchShorterThanAV2HeaderAsCorruptMessage() {
        var bytes = ByteBuffer()
        bytes.writeInteger(Int64(0))
        bytes.writeInteger(Int32(40))
        bytes.writeInteger(Int32(-1))
        bytes.writeInteger(Int8(2))
        bytes.writeBytes([UInt8](repeating: 0, count: 35))
        let error = refusal(bytes)
        #expect(error?.reason == .batchTooSmall)
        #expect(error?.errorCode == .corruptMessage)
    }

    @Test func refusesCRCMismatchAsCorruptMessage() {
        let error = refusal(RawBatch(corruptCRC: true))
        #expect(error?.reason == .crcMismatch)
        #expect(error?.errorCode == .corruptMessage)
    }

    @Test(arguments: [Int16(5), Int16(6), Int16(7)])
    func refusesUnknownCodecAsUnsupportedCompressionType(codec: Int16) {
        var raw = RawBatch()
        raw.flags = codec
        let error = refusal(raw)
        #expect(error?.reason == .unknownCompression)
        #expect(error?.errorCode == .unsupportedCompressionType)
    }

    @Test func refusesNegativeLastOffsetDelta() {
        let error = refusal(RawBatch(lastOffsetDelta: -1))
        #expect(error?.reason == .invalidOffsetRange)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesEmptyBatchEvenWithAHugeLastOffsetDelta() {
        // Accepted, this would have moved the log end offset by a million without a single record.
        let error = refusal(RawBatch(records: [], lastOffsetDelta: 999_999, recordCount: 0))
        #expect(error?.reason == .emptyBatch)
        #expect(error?.errorCode == .invalidRecord)
        #expect(refusal(RawBatch(records: [], recordCount: 0))?.reason == .invalidOffsetRange)
    }

    @Test func refusesNegativeRecordCount() {
        #expect(refusal(RawBatch(lastOffsetDelta: 2, recordCount: -3))?.reason == .emptyBatch)
    }

    @Test(arguments: [Int32(0), Int32(1), Int32(3), Int32(1_000_000), Int32.max])
    func refusesLastOffsetDeltaThatDisagreesWithRecordCount(lastOffsetDelta: Int32) {
        let error = refusal(RawBatch(lastOffsetDelta: lastOffsetDelta))
        #expect(error?.reason == .recordCountMismatch)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesControlBatchFromAProducer() {
        let error = refusal(RawBatch(flags: RawBatch.control, producerID: 5, producerEpoch: 0, baseSequence: 0))
        #expect(error?.reason == .controlBatch)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesProducerIDWithoutBaseSequence() {
        let error = refusal(RawBatch(producerID: 5, producerEpoch: 0, baseSequence: -1))
        #expect(error?.reason == .missingSequence)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesTransactionalBatchWithoutProducerID() {
        let error = refusal(RawBatch(flags: RawBatch.transactional))
        #expect(error?.reason == .transactionalWithoutProducerID)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func acceptsIdempotentAndTransactionalBatchesThatCarryTheirSequence() {
        #expect(refusal(RawBatch(producerID: 5, producerEpoch: 0, baseSequence: 0)) == nil)
        #expect(refusal(RawBatch(flags: RawBatch.transactional, producerID: 5, producerEpoch: 2, baseSequence: 7)) == nil)
        // Without a producer id the sequence and epoch mean nothing, and Kafka ignores them.
        #expect(refusal(RawBatch(producerID: -1, producerEpoch: 3, baseSequence: 12)) == nil)
    }

    @Test func everyReasonMapsToKafkasCode() {
        let codes = Dictionary(grouping: BatchValidationError.Reason.allCases, by: \.errorCode)
        #expect(Set(codes.keys) == [.corruptMessage, .invalidRecord, .invalidTimestamp, .messageTooLarge, .unsupportedCompressionType])
        #expect(codes[.corruptMessage]?.count == 4)
    }
}
