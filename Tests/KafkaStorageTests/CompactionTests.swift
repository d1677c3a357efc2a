import KafkaModel
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// One stored record as tests compare them.
struct StoredRecord: Hashable, CustomStringConvertible {
    var offset: Int64
    var key: String?
    var value: String?
    var description: String { "\(offset):\(key ?? "-")=\(value ?? "∅")" }
}

enum Compacted {
    static func config(segmentBytes: Int = 400, _ extra: [String: String] = [:]) throws -> LogConfig {
        var overrides = ["cleanup.policy": "compact", "segment.bytes": String(segmentBytes), "index.interval.bytes": "100"]
        overrides.merge(extra) { $1 }
        return try LogConfig(overrides: overrides)
    }

    static func batch(
        _ pairs: [(String?, String?)], timestamp: Int64 = 1_000, producerID: Int64 = -1, epoch: Int16 = -1, sequence: Int32 = -1,
        compression: CompressionCodec = .none
    ) throws -> RecordBatch {
        var builder = RecordBatchBuilder(
            compression: compression, producerID: producerID, producerEpoch: epoch, baseSequence: sequence)
        for (key, value) in pairs {
            builder.append(
                timestamp: timestamp, key: key.map { ByteBuffer(string: $0) }, value: value.map { ByteBuffer(string: $0) })
        }
        return try builder.build()
    }

    @discardableResult
    static func put(_ log: PartitionLog, _ key: String?, _ value: String?, now: Int64 = 1_000) throws -> Int64 {
        try log.append(batch([(key, value)], timestamp: now), now: now).baseOffset
    }

    static func records(_ log: PartitionLog) throws -> [StoredRecord] {
        let bytes = try log.readBytes(from: log.logStartOffset, maxBytes: Int.max / 2)
        let (batches, remainder) = RecordBatch.split(bytes)
        precondition(remainder == 0)
        var out: [StoredRecord] = []
        for batch in batches {
            try batch.validate()
            try batch.validateRecords(allowOffsetGaps: true)
            for record in try batch.records() {
                out.append(StoredRecord(
                    offset: record.offset(in: batch), key: record.key.map { String(buffer: $0) },
                    value: record.value.map { String(buffer: $0) }))
            }
        }
        return out
    }

    /// What compaction should leave of `records`: the latest per key, below `activeBase` only.
    static func model(_ records: [StoredRecord], activeBase: Int64, dropTombstones: Bool = false) -> [StoredRecord] {
        var latest: [String: Int64] = [:]
        for record in records where record.offset < activeBase { latest[record.key ?? ""] = record.offset }
        return records.filter { record in
            guard record.offset < activeBase else { return true }
            guard latest[record.key ?? ""] == record.offset else { return false }
            return !(dropTombstones && record.value == nil)
        }
    }
}

@Suite struct CompactionTests {
    @Test func keepsLatestValuePerKeyAndPreservesOffsets() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config())
        for version in 0..<20 { for key in 0..<5 { try Compacted.put(log, "k\(key)", "v\(version)") } }
        let before = try Compacted.records(log)
        let end = log.logEndOffset
        let activeBase = try #require(log.segmentBaseOffsets.last)
        let bases = log.segmentBaseOffsets
        #expect(bases.count > 3)

        let stats = try #require(try log.clean(now: 5_000, dedupeBufferBytes: 1 << 20))
        #expect(stats.recordsRemoved > 0 && stats.bytesAfter < stats.bytesBefore)
        #expect(stats.firstDirtyOffset == activeBase && log.cleanerCheckpoint == activeBase)
        let after = try Compacted.records(log)
        #expect(after == Compacted.model(before, activeBase: activeBase))
        // Small cleaned segments were merged: fewer segments, each named by an old base offset.
        let merged = log.segmentBaseOffsets
        #expect(log.logEndOffset == end && merged.count < bases.count)
        #expect(merged.first == bases.first && merged.last == activeBase && Set(merged).isSubset(of: bases))
        // Each rewrite's indexes moved in with it; nothing is left in the staging directory.
        #expect(try FileSystem.list(dir.sub("t-0").string + "/" + PartitionLog.stagingDirectory).isEmpty)
        for base in merged.dropLast() {
            #expect(Files.size(dir.sub("t-0").string + "/" + LogSegment.fileName(baseOffset: base, suffix: ".index")) >= 0)
        }
        // The latest of every key is there, at its original offset.
        for key in 0..<5 {
            #expect(after.last { $0.key == "k\(key)" } == before.last { $0.key == "k\(key)" })
        }
        // A restart reads the same log.
        try log.close()
        let reopened = try PartitionLog.open(dir, Compacted.config())
        #expect(try Compacted.records(reopened) == after)
        #expect(reopened.logEndOffset == end)
    }

    /// Kafka's cleaner merges consecutive small cleaned segments up to `segment.bytes`.
    @Test func smallSegmentsOfAKeyChurningLogAreMergedIntoFew() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config())
        var i = 0
        while log.segmentBaseOffsets.count < 21 {
            try Compacted.put(log, "key-\(i % 6)", "value-\(i)")
            i += 1
        }
        let before = try Compacted.records(log)
        let bases = log.segmentBaseOffsets
        let activeBase = try #require(bases.last)
        let end = log.logEndOffset
        let stats = try #require(try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true))
        #expect(stats.segmentsRewritten >= 19)
        let after = log.segmentBaseOffsets
        #expect(after.count <= 3, "\(after)")
        #expect(after.first == 0 && after.last == activeBase)
        let records = try Compacted.records(log)
        #expect(records == Compacted.model(before, activeBase: activeBase))
        for key in 0..<6 {
            #expect(records.last { $0.key == "key-\(key)" } == before.last { $0.key == "key-\(key)" })
        }
        // Every offset from the start reads, in order, batch by batch (gaps where records went).
        let batches = try log.batchOffsets()
        #expect(batches.last?.1 == end - 1)
        #expect(zip(batches, batches.dropFirst()).allSatisfy { $0.1 < $1.0 })
        for offset in stride(from: Int64(0), to: end, by: 1) {
            let bytes = try log.readBytes(from: offset, maxBytes: 1)
            let first = try #require(RecordBatch.split(bytes).batches.first)
            #expect(first.lastOffset >= offset)
        }
        // The merged segments are no bigger than segment.bytes and survive a restart.
        for base in after.dropLast() {
            #expect(Files.size(dir.sub("t-0").string + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log")) <= 400)
        }
        try log.close()
        let reopened = try PartitionLog.open(dir, Compacted.config())
        #expect(reopened.segmentBaseOffsets == after)
        #expect(try Compacted.records(reopened) == records)
        #expect(!reopened.recoveredFromUncleanShutdown)
    }

    /// A segment cleaned long enough ago that its tombstones go merges freely; segments whose
    /// tombstones have different clocks do not, so merging never extends or shortens a
    /// tombstone's `delete.retention.ms`.
    @Test func segmentsWithDifferentTombstoneClocksAreNotMerged() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config(["delete.retention.ms": "10000"]))
        for i in 0..<12 { try Compacted.put(log, "a", "x\(i)") }
        try log.clean(now: 1_000, dedupeBufferBytes: 1 << 20, force: true)
        let firstPass = log.segmentBaseOffsets
        for i in 0..<12 { try Compacted.put(log, "b", "y\(i)") }
        try log.clean(now: 2_000, dedupeBufferBytes: 1 << 20, force: true)
        // The head cleaned at 1 000 stays apart from the segments first cleaned at 2 000.
        let secondPass = log.segmentBaseOffsets
        #expect(secondPass.first == 0 && secondPass.contains(firstPass[1]))
        try Compacted.put(log, "c", "z")
        for i in 0..<12 { try Compacted.put(log, "d", "w\(i)") }
        // Both clocks expired by 12 000: everything before the active segment may merge.
        try log.clean(now: 12_000, dedupeBufferBytes: 1 << 20, force: true)
        #expect(log.segmentBaseOffsets.count < secondPass.count)
    }

    @Test func activeSegmentIsNeverCompacted() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config(segmentBytes: 1 << 20))
        for version in 0..<10 { try Compacted.put(log, "same", "v\(version)") }
        #expect(try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true) == nil)
        #expect(try Compacted.records(log).count == 10)
    }

    @Test func deletePolicyAndCleanLogsAreLeftAlone() throws {
        let dir = TempDirectory()
        var config = try Compacted.config()
        config = try LogConfig(overrides: config.overrides.merging(["cleanup.policy": "delete"]) { $1 })
        let log = try PartitionLog.open(dir, config)
        for version in 0..<30 { try Compacted.put(log, "k", "v\(version)") }
        #expect(try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true) == nil)
        log.updateConfig(try Compacted.config(["min.cleanable.dirty.ratio": "0.9"]))
        #expect(try log.clean(now: 0, dedupeBufferBytes: 1 << 20) != nil)
        // Everything is clean now: below the ratio, and the second pass finds nothing dirty.
        #expect(try log.clean(now: 0, dedupeBufferBytes: 1 << 20) == nil)
    }

    @Test func tombstonesGoOnlyAfterDeleteRetention() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config(["delete.retention.ms": "10000"]))
        try Compacted.put(log, "gone", "alive")
        try Compacted.put(log, "keep", "v0")
        let tombstone = try Compacted.put(log, "gone", nil)
        func fill(_ tag: String) throws { for i in 0..<12 { try Compacted.put(log, "filler", "\(tag)\(i)") } }
        try fill("a")
        try log.clean(now: 100_000, dedupeBufferBytes: 1 << 20, force: true)
        var records = try Compacted.records(log)
        #expect(records.contains(StoredRecord(offset: tombstone, key: "gone", value: nil)))
        #expect(!records.contains { $0.value == "alive" })

        try fill("b")
        let stats = try #require(try log.clean(now: 109_999, dedupeBufferBytes: 1 << 20, force: true))
        #expect(stats.tombstonesRemoved == 0)
        #expect(try Compacted.records(log).contains { $0.offset == tombstone })

        try fill("c")
        let later = try #require(try log.clean(now: 110_000, dedupeBufferBytes: 1 << 20, force: true))
        #expect(later.tombstonesRemoved == 1)
        records = try Compacted.records(log)
        #expect(!records.contains { $0.key == "gone" })
        #expect(records.contains { $0.key == "keep" && $0.value == "v0" })
    }

    @Test func minCompactionLagLeavesYoungSegmentsAlone() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config(["min.compaction.lag.ms": "1000"]))
        for version in 0..<10 { try Compacted.put(log, "k", "old\(version)", now: 1_000) }
        let young = log.logEndOffset
        for version in 0..<10 { try Compacted.put(log, "k", "young\(version)", now: 5_000) }
        let before = try Compacted.records(log)
        let youngBase = try #require(log.segmentBaseOffsets.first { $0 >= young })
        let stats = try #require(try log.clean(now: 5_500, dedupeBufferBytes: 1 << 20, force: true))
        #expect(stats.firstDirtyOffset == youngBase)
        let after = try Compacted.records(log)
        #expect(after.filter { $0.offset >= youngBase } == before.filter { $0.offset >= youngBase })
        #expect(after.filter { $0.offset < youngBase }.count == 1)
    }

    @Test func maxCompactionLagCleansBelowTheDirtyRatio() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config(["max.compaction.lag.ms": "1000", "min.cleanable.dirty.ratio": "1"]))
        for key in 0..<30 { try Compacted.put(log, "k\(key)", "v", now: 1_000) }
        // The first segment counts as clean, so the dirty ratio is below the 1.0 demanded.
        let bases = log.segmentBaseOffsets
        #expect(bases.count > 2)
        try CleanerCheckpoint(firstDirtyOffset: bases[1]).save(directory: dir.sub("t-0").string)
        #expect(try log.clean(now: 1_999, dedupeBufferBytes: 1 << 20) == nil)
        #expect(try log.clean(now: 2_000, dedupeBufferBytes: 1 << 20) != nil)
    }

    @Test func smallDedupeBufferCleansInSeveralPasses() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config())
        for version in 0..<3 { for key in 0..<60 { try Compacted.put(log, "key-\(key)", "v\(version)") } }
        let before = try Compacted.records(log)
        let activeBase = try #require(log.segmentBaseOffsets.last)
        // 16 slots, so at most 14 keys a pass.
        let budget = 16 * OffsetMap.bytesPerSlot
        var passes = 0
        while let stats = try log.clean(now: 0, dedupeBufferBytes: budget, force: true) {
            passes += 1
            #expect(passes < 100)
            if !stats.mapWasFull { break }
            #expect(stats.firstDirtyOffset < activeBase)
        }
        #expect(passes > 4)
        #expect(try Compacted.records(log) == Compacted.model(before, activeBase: activeBase))
    }

    @Test func keylessRecordsAreDroppedByTheCleaner() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config())
        for i in 0..<30 { try Compacted.put(log, i % 2 == 0 ? nil : "k", "v\(i)") }
        try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
        let activeBase = try #require(log.segmentBaseOffsets.last)
        #expect(try Compacted.records(log).allSatisfy { $0.key != nil || $0.offset >= activeBase })
    }

    @Test func compressedBatchesStayCompressedAndValid() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config(segmentBytes: 600))
        for version in 0..<8 {
            let pairs: [(String?, String?)] = (0..<6).map { ("k\($0)", String(repeating: "v\(version)", count: 20)) }
            _ = try log.append(Compacted.batch(pairs, compression: .gzip), now: 0)
        }
        let before = try Compacted.records(log)
        let activeBase = try #require(log.segmentBaseOffsets.last)
        try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
        #expect(try Compacted.records(log) == Compacted.model(before, activeBase: activeBase))
        let bytes = try log.readBytes(from: 0, maxBytes: 1 << 20)
        #expect(RecordBatch.split(bytes).batches.allSatisfy { $0.attributes.compression == .gzip })
    }

    @Test func producerStateSurvivesCompactionAndRestart() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config())
        for sequence in 0..<40 {
            let batch = try Compacted.batch([("k", "v\(sequence)")], producerID: 7, epoch: 0, sequence: Int32(sequence))
            _ = try log.append(batch, now: 0)
        }
        let state = log.producerStateSnapshot
        try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
        try log.close()
        let reopened = try PartitionLog.open(dir, Compacted.config())
        #expect(reopened.producerStateSnapshot.producers == state.producers)
        // A retry of a remembered batch is still recognised.
        let retry = try Compacted.batch([("k", "v39")], producerID: 7, epoch: 0, sequence: 39)
        #expect(try reopened.append(retry, now: 0).isDuplicate)
    }
}

@Suite struct OffsetMapTests {
    @Test func keepsTheLatestOffsetPerKeyAndFillsToItsCapacity() {
        var map = OffsetMap(memoryBytes: 100 * OffsetMap.bytesPerSlot)
        #expect(map.slots == 100 && map.capacity == 90)
        for i in 0..<90 { map.put(ByteBuffer(string: "key-\(i)"), offset: Int64(i)) }
        #expect(map.isFull)
        map.put(ByteBuffer(string: "key-7"), offset: 1_000)
        #expect(map.count == 90 && map.latestOffset == 1_000)
        #expect(map.get(ByteBuffer(string: "key-7")) == 1_000)
        #expect(map.get(ByteBuffer(string: "key-8")) == 8)
        #expect(map.get(ByteBuffer(string: "absent")) == nil)
        #expect(map.get(ByteBuffer()) == nil)
        map.clear()
        #expect(map.count == 0 && map.get(ByteBuffer(string: "key-7")) == nil)
    }
}

/// Random puts, tombstones, cleaning passes with random budgets and restarts, checked after each
/// pass against what the log held: nothing invented, offsets unchanged, every key's latest record
/// (below the active segment) still there. Prints the seed on failure.
@Suite struct RandomCompactionTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomSequencesKeepTheLatestRecordPerKey(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        let dir = TempDirectory()
        let config = try Compacted.config(segmentBytes: 300, ["delete.retention.ms": "50"])
        var log = try PartitionLog.open(dir, config)
        var written: [StoredRecord] = []
        var now: Int64 = 0
        for step in 0..<400 {
            now += 1
            let key = "k\(rng.next() % 12)"
            let value: String? = rng.next() % 10 == 0 ? nil : "v\(step)"
            let offset = try Compacted.put(log, key, value, now: now)
            written.append(StoredRecord(offset: offset, key: key, value: value))
            switch rng.next() % 40 {
            case 0:
                try log.close()
                log = try PartitionLog.open(dir, config)
            case 1..<4:
                let budget = Int(16 + rng.next() % 64) * OffsetMap.bytesPerSlot
                try log.clean(now: now, dedupeBufferBytes: budget, force: true)
                try Self.check(log, written: written, seed: seed)
            default:
                break
            }
        }
        try log.clean(now: now, dedupeBufferBytes: 1 << 20, force: true)
        try Self.check(log, written: written, seed: seed)
    }

    private static func check(_ log: PartitionLog, written: [StoredRecord], seed: UInt64) throws {
        let records = try Compacted.records(log)
        let all = Set(written)
        #expect(records.allSatisfy { all.contains($0) }, "seed \(seed)")
        #expect(records.map(\.offset) == records.map(\.offset).sorted(), "seed \(seed)")
        let activeBase = log.segmentBaseOffsets.last ?? 0
        var latest: [String: StoredRecord] = [:]
        for record in written { latest[record.key!] = record }
        let present = Set(records)
        for record in latest.values where record.value != nil || record.offset >= activeBase {
            #expect(present.contains(record), "seed \(seed): lost \(record)")
        }
        #expect(log.logEndOffset == (written.last?.offset ?? -1) + 1, "seed \(seed)")
    }
}

/// A small deterministic generator, so a failing seed replays exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
