import NIOCore
import Testing

@testable import KafkaRecords

/// Seeded random damage to valid batches, CRC recomputed so the damage reaches the record walk: the
/// validator must never crash, and whatever it accepts the ordinary record decoder must read back as
/// exactly RecordCount records with offset deltas 0, 1, 2, …
@Suite struct BatchValidatorMutationTests {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static func sample(codec: CompressionCodec) -> RawBatch {
        var raw = RawBatch(codec: codec)
        raw.records = (0..<6).map { index in
            var record = RawRecord(offsetDelta: Int64(index), timestampDelta: Int64(index))
            if index % 2 == 0 { record.headers = [(Array("h\(index)".utf8), index % 4 == 0 ? nil : [1, 2])] }
            if index == 3 { record.key = nil }
            return record
        }
        return raw
    }

    @Test(arguments: CompressionCodec.allCases)
    func damagedRecordsNeverCrashAndAcceptedOnesDecode(codec: CompressionCodec) throws {
        let seed: UInt64 = 0xF10D_0000 + UInt64(codec.rawValue)
        var random = SplitMix(state: seed)
        let pristine = Self.sample(codec: codec)
        let payload = pristine.uncompressedPayload
        let scratch = DecompressionScratch()
        var accepted = 0
        for round in 0..<1500 {
            var raw = pristine
            var bytes = payload
            for _ in 0...random.below(3) {
                switch random.below(4) {
                case 0: bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
                case 1: bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
                case 2: bytes.remove(at: random.below(bytes.count))
                default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count))
                }
            }
            raw.payload = bytes
            if random.below(3) == 0 { raw.recordCount = Int32(random.below(9)) }
            let buffer = raw.buffer
            let validated: ValidatedBatch
            do {
                validated = try BatchValidator.validate(buffer, rules: .init(), now: RawBatch.now, scratch: scratch)
            } catch {
                #expect(!error.message.isEmpty, "seed \(seed) round \(round)")
                continue
            }
            accepted += 1
            let batch = validated.batch
            let records = try batch.records()
            #expect(records.count == Int(batch.recordCount), "seed \(seed) round \(round)")
            #expect(records.map(\.offsetDelta) == (0..<batch.recordCount).map { $0 }, "seed \(seed) round \(round)")
            #expect(Int64(batch.lastOffsetDelta) + 1 == Int64(batch.recordCount))
        }
        // The damage must not be so heavy that nothing gets through (which would test nothing).
        #expect(accepted > 0)
    }

    @Test(arguments: CompressionCodec.allCases.filter { $0 != .none })
    func damagedCompressedBytesNeverCrash(codec: CompressionCodec) throws {
        let seed: UInt64 = 0xC0DE_C000 + UInt64(codec.rawValue)
        var random = SplitMix(state: seed)
        let pristine = Self.sample(codec: codec)
        let compressed = Array(try Compression.compress(codec, ByteBuffer(bytes: pristine.uncompressedPayload)).readableBytesView)
        let scratch = DecompressionScratch()
        for _ in 0..<1500 {
            var bytes = compressed
            for _ in 0...random.below(2) {
                if random.below(5) == 0 {
                    bytes.removeLast(random.below(min(8, bytes.count)))
                } else {
                    bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
                }
            }
            var raw = pristine
            raw.compressedPayload = bytes
            if let error = refusal(raw.buffer, scratch: scratch) {
                #expect(error.errorCode == .invalidRecord, "seed \(seed)")
            }
        }
        // The scratch is still good after all that.
        #expect(refusal(pristine.buffer, scratch: scratch) == nil)
    }
}
