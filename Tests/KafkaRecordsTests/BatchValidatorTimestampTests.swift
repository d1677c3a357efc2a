import KafkaModel
import NIOCore
import Testing

@testable import KafkaRecords

/// Timestamps against `message.timestamp.before/after.max.ms`, keys on compacted topics, and the
/// MaxTimestamp Kafka writes back.
@Suite struct BatchValidatorTimestampTests {
    static let hour: Int64 = 3_600_000
    static let bounded = BatchValidator.Rules(timestampBeforeMaxMs: hour, timestampAfterMaxMs: hour)

    /// Three records at now + the given offsets (ms).
    static func batch(at offsets: [Int64], codec: CompressionCodec = .none) -> RawBatch {
        var raw = RawBatch(codec: codec)
        raw.baseTimestamp = RawBatch.now + offsets[0]
        raw.records = offsets.enumerated().map { index, offset in
            RawRecord(offsetDelta: Int64(index), timestampDelta: offset - offsets[0])
        }
        return raw
    }

    @Test(arguments: CompressionCodec.allCases)
    func acceptsTimestampsOnTheBounds(codec: CompressionCodec) {
        #expect(refusal(Self.batch(at: [-Self.hour, 0, Self.hour], codec: codec), rules: Self.bounded) == nil)
    }

    @Test(arguments: CompressionCodec.allCases)
    func refusesTooOldAndTooNewTimestampsNamingEachRecord(codec: CompressionCodec) throws {
        let raw = Self.batch(at: [-Self.hour - 1, 0, Self.hour + 1], codec: codec)
        let error = try #require(refusal(raw, rules: Self.bounded))
        #expect(error.reason == .invalidTimestamps)
        #expect(error.errorCode == .invalidTimestamp)
        #expect(error.recordErrors.map(\.index) == [0, 2])
        #expect(error.recordErrors.allSatisfy { $0.problem == .timestampOutOfRange })
    }

    @Test func defaultBoundsAcceptAnyTimestamp() {
        #expect(refusal(Self.batch(at: [-RawBatch.now, 0, 100 * 365 * 24 * Self.hour])) == nil)
    }

    @Test func boundsSaturateInsteadOfOverflowing() {
        let raw = Self.batch(at: [0, 1, 2])
        // now + after overflows Int64: every later timestamp is allowed, none wraps into "too old".
        #expect(refusal(raw, rules: .init(timestampBeforeMaxMs: 0, timestampAfterMaxMs: .max)) == nil)
        var early = RawBatch()
        early.baseTimestamp = Int64.min + 10
        #expect(refusal(early, rules: .init(timestampBeforeMaxMs: Self.hour))?.reason == .invalidTimestamps)
    }

    @Test func recordWithoutTimestampIsNotChecked() {
        var raw = RawBatch()
        raw.baseTimestamp = -1
        raw.records = (0..<3).map { RawRecord(offsetDelta: Int64($0)) }
        #expect(refusal(raw, rules: .init(timestampBeforeMaxMs: 0, timestampAfterMaxMs: 0)) == nil)
    }

    @Test func logAppendTimeTopicsIgnoreTheBounds() {
        let raw = Self.batch(at: [-10 * Self.hour, 0, 10 * Self.hour])
        #expect(refusal(raw, rules: .init(timestampType: .logAppendTime, timestampBeforeMaxMs: 0, timestampAfterMaxMs: 0)) == nil)
    }

    @Test func refusesProducerBatchMarkedLogAppendTimeOnALogAppendTimeTopic() throws {
        var raw = RawBatch(flags: RawBatch.logAppendTime)
        raw.maxTimestamp = RawBatch.now
        let error = try #require(refusal(raw, rules: .init(timestampType: .logAppendTime)))
        #expect(error.errorCode == .invalidTimestamp)
        #expect(error.recordErrors.map(\.problem) == Array(repeating: .logAppendTimeFromProducer, count: 3))
    }

    @Test func logAppendTimeBatchOnACreateTimeTopicIsJudgedByItsMaxTimestamp() {
        // Every record of such a batch reads as MaxTimestamp, whatever its own delta.
        var raw = Self.batch(at: [-10 * Self.hour, 0, 10 * Self.hour])
        raw.flags = RawBatch.logAppendTime
        raw.maxTimestamp = RawBatch.now
        #expect(refusal(raw, rules: Self.bounded) == nil)
        raw.maxTimestamp = RawBatch.now - 2 * Self.hour
        #expect(refusal(raw, rules: Self.bounded)?.recordErrors.count == 3)
        raw.maxTimestamp = -1
        #expect(refusal(raw, rules: Self.bounded)?.recordErrors.map(\.problem).first == .logAppendTimeFromProducer)
    }

    @Test func timestampProblemMakesTheAnswerInvalidTimestampAlongsideOtherRecordErrors() throws {
        var raw = Self.batch(at: [0, 2 * Self.hour, 0])
        raw.records[0].key = nil
        let error = try #require(refusal(raw, rules: .init(timestampBeforeMaxMs: Self.hour, timestampAfterMaxMs: Self.hour, requiresKeys: true)))
        #expect(error.errorCode == .invalidTimestamp)
        #expect(error.recordErrors.map(\.index) == [0, 1])
        #expect(error.recordErrors.map(\.problem) == [.missingKey, .timestampOutOfRange])
    }

    @Test(arguments: CompressionCodec.allCases)
    func refusesKeylessRecordsOnCompactedTopicsNamingEachOne(codec: CompressionCodec) throws {
        var raw = RawBatch(codec: codec)
        raw.records[0].key = nil
        raw.records[2].key = nil
        let error = try #require(refusal(raw, rules: .init(requiresKeys: true)))
        #expect(error.reason == .invalidRecords)
        #expect(error.errorCode == .invalidRecord)
        #expect(error.recordErrors.map(\.index) == [0, 2])
        #expect(error.recordErrors.allSatisfy { $0.problem == .missingKey })
        #expect(refusal(raw, rules: .init(requiresKeys: false)) == nil)
    }

    @Test func emptyKeyIsAKeyOnCompactedTopics() {
        var raw = RawBatch()
        raw.records[0].key = []
        #expect(refusal(raw, rules: .init(requiresKeys: true)) == nil)
    }

    @Test(arguments: CompressionCodec.allCases)
    func correctsAMaxTimestampThatIsNotTheLargestRecordTimestamp(codec: CompressionCodec) throws {
        var raw = Self.batch(at: [0, 5, 3], codec: codec)
        raw.maxTimestamp = RawBatch.now + 1_000_000
        let validated = try BatchValidator.validate(raw.buffer, rules: .init(), now: RawBatch.now)
        #expect(validated.maxTimestampCorrected)
        #expect(validated.maxTimestamp == RawBatch.now + 5)
        #expect(validated.batch.maxTimestamp == RawBatch.now + 5)
        #expect(validated.batch.crc == validated.batch.computedCRC)
        // Everything else is as sent.
        var expected = raw
        expected.maxTimestamp = RawBatch.now + 5
        #expect(validated.batch.buffer == expected.buffer)
    }

    @Test func leavesMaxTimestampToStorageOnLogAppendTimeTopics() throws {
        var raw = Self.batch(at: [0, 5, 3])
        raw.maxTimestamp = 42
        let validated = try BatchValidator.validate(raw.buffer, rules: .init(timestampType: .logAppendTime), now: RawBatch.now)
        #expect(!validated.maxTimestampCorrected)
        #expect(validated.batch.maxTimestamp == 42)
    }
}
