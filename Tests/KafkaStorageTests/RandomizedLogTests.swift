import KafkaModel
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// SplitMix64: tiny, seedable, and the same on every platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random appends, reads, flushes, truncations, clean and unclean reopens (with torn tails)
/// checked against a plain array of the batches the log should hold.
@Suite struct RandomizedLogTests {
    struct ModelBatch {
        var bytes: ByteBuffer
        var base: Int64
        var last: Int64
        var sequence: (first: Int32, last: Int32)?
    }

    static let seeds: [UInt64] = {
        if let text = getenv("FJORD_STORAGE_SEED"), let seed = UInt64(String(cString: text)) { return [seed] }
        var system = SystemRandomNumberGenerator()
        return (0..<4).map { _ in system.next() }
    }()

    @Test(arguments: seeds) func randomOperationsMatchModel(seed: UInt64) throws {
        print("RandomizedLogTests seed=\(seed) (rerun with FJORD_STORAGE_SEED=\(seed))")
        var rng = SeededGenerator(state: seed)
        let dir = TempDirectory()
        var config = smallSegments(Int.random(in: 300...3000, using: &rng), indexInterval: Int.random(in: 0...500, using: &rng))
        config.segmentIndexBytes = 64
        config.preallocate = Bool.random(using: &rng)
        let io = FaultyFileIO()
        var log = try PartitionLog.open(dir, config, io: io)
        var model: [ModelBatch] = []
        var nextSequence: Int32 = 0
        let pid: Int64 = 42
        var end: Int64 { model.last.map { $0.last + 1 } ?? 0 }

        for step in 0..<400 {
            let context = Comment(rawValue: "seed \(seed) step \(step)")
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<55:
                let idempotent = Bool.random(using: &rng)
                let records = Int.random(in: 1...6, using: &rng)
                let batch = TestBatch.make(
                    records: records, valueSize: Int.random(in: 0...200, using: &rng), timestamp: Int64(step),
                    producerID: idempotent ? pid : -1, epoch: idempotent ? 0 : -1, baseSequence: idempotent ? nextSequence : -1,
                    fill: UInt8.random(in: 0...255, using: &rng))
                let result = try log.append(batch, now: 0)
                #expect(result.baseOffset == end && !result.isDuplicate, context)
                var stored = batch
                stored.assignBaseOffset(result.baseOffset)
                let sequence = idempotent ? (nextSequence, nextSequence + Int32(records) - 1) : nil
                if idempotent { nextSequence += Int32(records) }
                model.append(ModelBatch(bytes: stored.buffer, base: result.baseOffset, last: result.lastOffset, sequence: sequence))
            case 55..<62:
                let retained = model.filter { $0.sequence != nil }.suffix(5)
                guard let original = retained.randomElement(using: &rng), let sequence = original.sequence else { continue }
                let retry = TestBatch.make(
                    records: Int(sequence.last - sequence.first) + 1, producerID: pid, epoch: 0, baseSequence: sequence.first)
                let result = try log.append(retry, now: 0)
                #expect(result.isDuplicate && result.baseOffset == original.base && result.lastOffset == original.last, context)
            case 62..<80:
                guard !model.isEmpty else { continue }
                let offset = Int64.random(in: 0...end, using: &rng)
                let maxBytes = Int.random(in: 0...2000, using: &rng)
                let bytes = try log.readBytes(from: offset, maxBytes: maxBytes, minOneBatch: true)
                let got = RecordBatch.split(bytes).batches.map(\.buffer)
                let startIndex = model.firstIndex { $0.last >= offset } ?? model.count
                var expected: [ByteBuffer] = []
                var total = 0
                for batch in model[startIndex...] {
                    if !expected.isEmpty && total + batch.bytes.readableBytes > maxBytes { break }
                    if expected.isEmpty && batch.bytes.readableBytes > maxBytes {
                        expected.append(batch.bytes)
                        break
                    }
                    expected.append(batch.bytes)
                    total += batch.bytes.readableBytes
                }
                #expect(got == expected, context)
            case 80..<86:
                let flushed = try log.flush()
                #expect(flushed == end, context)
            case 86..<91:
                guard !model.isEmpty else { continue }
                let offset = Int64.random(in: 0..<end, using: &rng)
                try log.truncate(to: offset)
                model.removeAll { $0.last >= offset }
                #expect(log.logEndOffset == end, context)
            case 91..<96:
                try log.close()
                log = try PartitionLog.open(dir, config, io: io)
            case 96..<98:
                // ENOSPC mid-batch: the append fails and leaves no trace.
                io.inject(.shortWrite(keepBytes: Int.random(in: 0...100, using: &rng), errno: ENOSPC))
                #expect(throws: StorageError.self, context) {
                    try log.append(TestBatch.make(records: 2, valueSize: 150), now: 0)
                }
                io.clear()
            default:
                // The data's end, not the file's: with `preallocate` the file runs on past it in zeros.
                let dataEnd = log.segments.last!.size
                log.closeWithoutMarker()
                // A crash that tore the last batch: cut it somewhere inside, or (as a crash inside a
                // preallocated tail leaves it) zero its end and keep the file's length.
                if let last = model.last {
                    let base = log.segmentBaseOffsets.last!
                    let path = dir.path + "/t-0/" + LogSegment.fileName(baseOffset: base, suffix: ".log")
                    if base <= last.base && dataEnd > 0 {
                        let tornAt = dataEnd - Int64.random(in: 1..<Int64(last.bytes.readableBytes), using: &rng)
                        if Bool.random(using: &rng) {
                            Files.truncate(path, to: tornAt)
                        } else {
                            Files.zero(path, from: tornAt, to: dataEnd)
                        }
                        model.removeLast()
                    }
                }
                log = try PartitionLog.open(dir, config, io: io)
                #expect(log.recoveredFromUncleanShutdown, context)
            }
            #expect(log.logEndOffset == end, context)
            if let lastSequenced = model.last(where: { $0.sequence != nil }) { nextSequence = lastSequenced.sequence!.last + 1 }
        }
        let all = RecordBatch.split(try log.readBytes(from: 0, maxBytes: Int.max / 2)).batches.map(\.buffer)
        #expect(all == model.map(\.bytes), "seed \(seed)")
        try log.close()
    }
}
