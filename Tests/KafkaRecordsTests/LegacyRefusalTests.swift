import NIOCore
import Testing

@testable import KafkaRecords

/// Produced message sets that must be refused, each with the code Kafka answers for the partition.
@Suite struct LegacyRefusalTests {
    @Test func refusesCorruptCRCWithCorruptMessage() throws {
        var set = try LegacyGoldenTests.fixture(1, "none")
        let last = set.writerIndex - 1
        set.setInteger(set.getInteger(at: last, as: UInt8.self)! ^ 0xFF, at: last)
        let error = try #require(Legacy.refusal(set))
        #expect(error.reason == .crcMismatch)
        #expect(error.errorCode == .corruptMessage)
    }

    @Test func refusesCorruptInnerCRCWithCorruptMessage() throws {
        var inner = try Legacy.set(magic: 1, count: 2)
        inner.setInteger(UInt8(ascii: "X"), at: inner.writerIndex - 1)
        let set = try Legacy.wrapper(magic: 1, codec: .gzip, inner: inner)
        let error = try #require(Legacy.refusal(set))
        #expect(error.reason == .crcMismatch)
        #expect(error.errorCode == .corruptMessage)
    }

    @Test func refusesTruncatedSetWhenProducedButIgnoresPartialTailWhenFetched() throws {
        let whole = try LegacyGoldenTests.fixture(0, "none")
        let cut = whole.getSlice(at: 0, length: whole.readableBytes - 1)!
        let error = try #require(Legacy.refusal(cut))
        #expect(error.reason == .truncated)
        #expect(error.errorCode == .corruptMessage)
        #expect(try Legacy.read(cut).map(\.offset) == [0, 1, 2])
    }

    @Test(arguments: [Int32.max, 1 << 30, 100_000])
    func refusesSizeBeyondTheBytesLeftWithoutAllocating(size: Int32) throws {
        var set = try Legacy.set(magic: 1, count: 1)
        set.setInteger(size, at: 8)
        let error = try #require(Legacy.refusal(set))
        #expect(error.reason == .truncated)
        #expect(error.errorCode == .corruptMessage)
    }

    @Test(arguments: [Int32.min, -1, 0, 13])
    func refusesSizeBelowAnyMessage(size: Int32) throws {
        var set = try Legacy.set(magic: 0, count: 1)
        set.setInteger(size, at: 8)
        #expect(Legacy.refusal(set)?.reason == .messageSizeTooSmall)
        #expect(Legacy.refusal(set)?.errorCode == .corruptMessage)
    }

    @Test func refusesMagicOneMessageTooShortForItsTimestamp() {
        // 14 bytes is a whole v0 message with null key and value, but not a v1 one.
        var set = Legacy.message(magic: 0, key: nil, value: nil)
        set.setInteger(Int8(1), at: 16)
        Legacy.fixCRC(&set)
        #expect(Legacy.refusal(set)?.reason == .messageSizeTooSmall)
    }

    @Test(arguments: [Int8(2), 3, -1])
    func refusesMagicOutsideTheLegacyFormats(magic: Int8) {
        var set = Legacy.message(magic: 1, value: ByteBuffer(string: "v"))
        set.setInteger(magic, at: 16)
        Legacy.fixCRC(&set)
        #expect(Legacy.refusal(set)?.reason == .invalidMagic)
        #expect(Legacy.refusal(set)?.errorCode == .corruptMessage)
    }

    @Test(arguments: [Int32(1000), -2, 7])
    func refusesKeyLengthThatDoesNotFitTheMessage(keyLength: Int32) {
        var set = Legacy.message(magic: 1, key: ByteBuffer(string: "key"), value: ByteBuffer(string: "value"))
        set.setInteger(keyLength, at: 12 + 14)
        Legacy.fixCRC(&set)
        #expect(Legacy.refusal(set)?.reason == .malformedMessage)
        #expect(Legacy.refusal(set)?.errorCode == .corruptMessage)
    }

    @Test func refusesEmptySet() {
        #expect(Legacy.refusal(ByteBuffer())?.reason == .empty)
        #expect(Legacy.refusal(ByteBuffer())?.errorCode == .invalidRecord)
    }

    @Test func refusesDecompressionBombWithinTheLimit() throws {
        // 8 MiB of zeros gzip to about 8 KiB; the limit stops it at 1 MiB.
        var builder = LegacyMessageSetBuilder(magic: 1, compression: .gzip)
        builder.append(offset: 0, timestamp: Legacy.now, key: nil, value: ByteBuffer(repeating: 0, count: 8 << 20))
        let bomb = try builder.build()
        #expect(bomb.readableBytes < 64 << 10)
        let error = try #require(Legacy.refusal(bomb, rules: .init(maxUncompressedBytes: 1 << 20)))
        #expect(error.reason == .decompressedTooLarge)
        #expect(error.errorCode == .invalidRecord)
        // Within a generous limit the same set is fine: the limit, not the codec, refused it.
        #expect(Legacy.refusal(bomb, rules: .init(maxUncompressedBytes: 16 << 20)) == nil)
    }

    @Test func refusesNestedWrapper() throws {
        let innerWrapper = try Legacy.set(magic: 1, codec: .gzip, count: 2)
        let set = try Legacy.wrapper(magic: 1, codec: .snappy, inner: innerWrapper)
        let error = try #require(Legacy.refusal(set))
        #expect(error.reason == .nestedWrapper)
        #expect(error.errorCode == .invalidRecord)
    }

    @Test func refusesWrapperThatIsNotAlone() throws {
        let wrapper = try Legacy.set(magic: 1, codec: .gzip, count: 2)
        var twoWrappers = wrapper
        twoWrappers.writeImmutableBuffer(wrapper)
        #expect(Legacy.refusal(twoWrappers)?.reason == .moreThanOneWrapper)
        var plainThenWrapper = try Legacy.set(magic: 1, count: 1)
        plainThenWrapper.writeImmutableBuffer(wrapper)
        #expect(Legacy.refusal(plainThenWrapper)?.reason == .moreThanOneWrapper)
        #expect(Legacy.refusal(plainThenWrapper)?.errorCode == .invalidRecord)
    }

    @Test func refusesMixedMagics() throws {
        var set = try Legacy.set(magic: 0, count: 1)
        set.writeImmutableBuffer(try Legacy.set(magic: 1, count: 1, firstOffset: 1))
        #expect(Legacy.refusal(set)?.reason == .magicMismatch)
        #expect(Legacy.refusal(set)?.errorCode == .invalidRecord)
    }

    @Test func refusesInnerMagicDifferentFromWrapper() throws {
        let set = try Legacy.wrapper(magic: 1, codec: .gzip, inner: try Legacy.set(magic: 0, count: 2))
        #expect(Legacy.refusal(set)?.reason == .innerMagicMismatch)
        #expect(Legacy.refusal(set)?.errorCode == .invalidRecord)
    }

    @Test(arguments: [Int8(4), 5, 7])
    func refusesCodecsTheOldFormatsDoNotHave(codec: Int8) {
        let set = Legacy.message(magic: 1, attributes: codec, value: ByteBuffer(string: "whatever"))
        #expect(Legacy.refusal(set)?.reason == .unsupportedCompression)
        #expect(Legacy.refusal(set)?.errorCode == .unsupportedCompressionType)
    }

    @Test func refusesWrapperWithNullValueOrNothingInside() throws {
        let null = Legacy.message(magic: 1, attributes: 1, value: nil)
        #expect(Legacy.refusal(null)?.reason == .nullWrapperValue)
        let empty = try Legacy.wrapper(magic: 1, codec: .gzip, inner: ByteBuffer())
        #expect(Legacy.refusal(empty)?.reason == .emptyWrapper)
        #expect(Legacy.refusal(empty)?.errorCode == .invalidRecord)
    }

    @Test func refusesWrapperValueThatDoesNotDecompress() {
        let set = Legacy.message(magic: 1, attributes: 1, value: ByteBuffer(string: "not a gzip stream at all"))
        #expect(Legacy.refusal(set)?.reason == .decompressionFailed)
        #expect(Legacy.refusal(set)?.errorCode == .invalidRecord)
    }

    @Test func refusesMagicOneWrapperOffsetBelowItsLastInnerOffset() throws {
        let set = try Legacy.wrapper(magic: 1, codec: .gzip, inner: try Legacy.set(magic: 1, count: 4), offset: 2)
        #expect(Legacy.refusal(set)?.reason == .invalidWrapperOffset)
        // Zero (some librdkafka versions) and anything at or above the last inner offset are fine.
        #expect(Legacy.refusal(try Legacy.wrapper(magic: 1, codec: .gzip, inner: try Legacy.set(magic: 1, count: 4), offset: 0)) == nil)
        #expect(Legacy.refusal(try Legacy.wrapper(magic: 1, codec: .gzip, inner: try Legacy.set(magic: 1, count: 4), offset: 3)) == nil)
    }

    @Test func refusesOneMessageLargerThanMaxMessageBytes() throws {
        let set = try Legacy.set(magic: 1, count: 3)
        let error = try #require(Legacy.refusal(set, rules: .init(maxBatchBytes: 40)))
        #expect(error.reason == .messageTooLarge)
        #expect(error.errorCode == .messageTooLarge)
    }

    @Test func refusesConvertedBatchLargerThanMaxMessageBytesAsKafkaRechecksAfterConversion() throws {
        // Every message fits, the one batch they become does not.
        let set = try Legacy.set(magic: 1, count: 20)
        let error = try #require(Legacy.refusal(set, rules: .init(maxBatchBytes: 200)))
        #expect(error.reason == .rejectedAfterConversion)
        #expect(error.underlying?.reason == .batchTooLarge)
        #expect(error.errorCode == .messageTooLarge)
    }

    @Test func refusesKeylessMessageOnCompactedTopic() {
        let set = Legacy.message(magic: 1, key: nil, value: ByteBuffer(string: "v"))
        let error = Legacy.refusal(set, rules: .init(requiresKeys: true))
        #expect(error?.reason == .rejectedAfterConversion)
        #expect(error?.errorCode == .invalidRecord)
    }

    @Test func refusesTimestampOutsideTheTopicBoundsButNotMagicZerosMissingOne() {
        let old = Legacy.message(magic: 1, timestamp: Legacy.now - 10_000, value: ByteBuffer(string: "v"))
        let rules = BatchValidator.Rules(timestampBeforeMaxMs: 1000, timestampAfterMaxMs: 1000)
        #expect(Legacy.refusal(old, rules: rules)?.errorCode == .invalidTimestamp)
        #expect(Legacy.refusal(Legacy.message(magic: 0, value: ByteBuffer(string: "v")), rules: rules) == nil)
    }

    @Test func refusesLogAppendTimeBitFromProducerAsKafkaDoes() throws {
        let set = Legacy.message(magic: 1, attributes: 0x08, value: ByteBuffer(string: "v"))
        let error = try #require(Legacy.refusal(set, rules: .init(timestampType: .logAppendTime)))
        #expect(error.reason == .logAppendTimeFromProducer)
        #expect(error.errorCode == .invalidTimestamp)
        // A CreateTime topic judges the record's own timestamp instead, as Kafka's validateTimestamp does.
        #expect(Legacy.refusal(set, rules: .init(timestampType: .createTime)) == nil)
    }

    @Test func magicZeroLZ4IsReadWithEitherHeaderChecksum() throws {
        var broken = try Legacy.set(magic: 0, codec: .lz4, count: 3)
        #expect(Legacy.refusal(broken) == nil)
        // Repair the checksum as a fixed writer would produce it; still accepted (Kafka ignores it for magic 0).
        let valueStart = 12 + 6 + 4 + 4
        let hc = broken.withUnsafeReadableBytes { raw in
            let frame = UnsafeRawBufferPointer(rebasing: raw[valueStart...])
            let index = LZ4LegacyFraming.headerChecksumIndex(frame)!
            return (index, LZ4LegacyFraming.correctChecksum(frame, hcIndex: index))
        }
        broken.setInteger(hc.1, at: valueStart + hc.0)
        Legacy.fixCRC(&broken)
        #expect(Legacy.refusal(broken) == nil)
        #expect(try Legacy.read(broken).map(\.offset) == [0, 1, 2])
    }

    @Test func resolvesJavaStyleWrapperOffsetsToAbsoluteOnes() throws {
        // A broker's magic 1 wrapper: relative inner offsets 0…2, the absolute last offset outside.
        let set = try Legacy.set(magic: 1, codec: .gzip, count: 3, firstOffset: 100)
        #expect(set.getInteger(at: 0, as: Int64.self) == 102)
        #expect(try Legacy.read(set).map(\.offset) == [100, 101, 102])
        let v0 = try Legacy.set(magic: 0, codec: .snappy, count: 3, firstOffset: 100)
        #expect(try Legacy.read(v0).map(\.offset) == [100, 101, 102])
    }
}
