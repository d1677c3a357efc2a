import NIOCore
import Testing

@testable import KafkaRecords

/// Seeded random damage to valid message sets and stored batches: the legacy reader, the up-converter and
/// the down-converter must never crash, and whatever they accept must read back consistently.
@Suite struct LegacyMutationTests {
    typealias SplitMix = BatchValidatorMutationTests.SplitMix

    static func damage(_ bytes: inout [UInt8], _ random: inout SplitMix) {
        for _ in 0...random.below(3) {
            guard !bytes.isEmpty else { return }
            switch random.below(5) {
            case 0: bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
            case 1: bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            case 2: bytes.remove(at: random.below(bytes.count))
            case 3: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count))
            default:
                // A large or negative length where one may sit.
                let at = random.below(bytes.count)
                let value = [Int32.max, Int32.min, -1, -2, 1 << 24][random.below(5)]
                withUnsafeBytes(of: value.bigEndian) { raw in
                    for (i, byte) in raw.enumerated() where at + i < bytes.count { bytes[at + i] = byte }
                }
            }
        }
    }

    @Test(arguments: LegacyGoldenTests.fixtures)
    func damagedMessageSetsNeverCrashAndAcceptedOnesConvertToValidBatches(magic: Int8, name: String, codec: CompressionCodec) throws {
        let seed: UInt64 = 0x1E6A_C000 + UInt64(magic) * 16 + UInt64(name.utf8.count)
        var random = SplitMix(state: seed)
        let pristine = Array(try LegacyGoldenTests.fixture(magic, name).readableBytesView)
        var accepted = 0
        for round in 0..<800 {
            var bytes = pristine
            Self.damage(&bytes, &random)
            var buffer = ByteBuffer(bytes: bytes)
            // Half the time make the first message's CRC right again, so damage reaches what it covers.
            if random.below(2) == 0, bytes.count >= 26, let size = buffer.getInteger(at: 8, as: Int32.self),
                size >= 14, Int(size) + 12 <= bytes.count
            {
                Legacy.fixCRC(&buffer)
            }
            var reader = LegacyMessageSetReader(buffer, options: .init(mode: .fetch, maxUncompressedBytes: 1 << 20))
            _ = try? reader.readAll()
            do {
                let result = try LegacyUpConverter.convert(
                    buffer, rules: .init(maxUncompressedBytes: 1 << 20), now: LegacyGoldenTests.baseTimestamp)
                accepted += 1
                let batch = result.batch.batch
                _ = try BatchValidator.validate(batch, rules: .init(), now: LegacyGoldenTests.baseTimestamp)
                #expect(try batch.records().count == result.stats.records, "seed \(seed) round \(round)")
            } catch let error as LegacyMessageSetError {
                #expect(!error.message.isEmpty, "seed \(seed) round \(round)")
            }
        }
        // Some damage (to a value, say, with the CRC made right) must still convert.
        #expect(accepted > 0, "seed \(seed)")
    }

    @Test(arguments: ["none", "gzip", "snappy", "lz4"])
    func damagedStoredBatchesNeverCrashTheDownConverter(name: String) throws {
        let seed: UInt64 = 0xD0C0_0000 + UInt64(name.utf8.count)
        var random = SplitMix(state: seed)
        let pristine = Array(try Fixtures.buffer("batch-\(name)-kafka-python").readableBytesView)
        for round in 0..<800 {
            var bytes = pristine + pristine
            Self.damage(&bytes, &random)
            let magic: Int8 = random.below(2) == 0 ? 0 : 1
            do {
                let (output, stats) = try LegacyDownConverter.convert(
                    ByteBuffer(bytes: bytes), toMagic: magic, maxBytes: random.below(2000), maxUncompressedBytes: 1 << 20)
                let records: [LegacyRecord]
                do {
                    records = try Legacy.read(output)
                } catch let error as LegacyMessageSetError where error.reason == .invalidWrapperOffset {
                    // Damage made a BaseOffset negative, which the log never holds: the wrapper's offset
                    // then lies below its relative ones, and a reader says so.
                    continue
                }
                #expect(records.count == stats.records, "seed \(seed) round \(round)")
                #expect(records.allSatisfy { $0.magic == magic }, "seed \(seed) round \(round)")
            } catch let error as LegacyDownConversionError {
                #expect(!error.message.isEmpty, "seed \(seed) round \(round)")
            }
        }
    }
}
