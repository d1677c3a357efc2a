import KafkaRecords
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Serialises cleaning passes: the broker runs one at a time anyway, and a pass's memory (the
/// offset map) is the budget for the whole broker, not per partition.
private let cleaningLock = Lock()

/// Log compaction of one partition (Kafka's `Cleaner.doClean`, reimplemented).
///
/// A pass: (1) under the lock, note the inactive segments and `dup` their descriptors; (2) without
/// the lock, build an offset map of the dirty section (from the checkpoint to the active segment,
/// or as far as the map's memory allows); (3) rewrite the inactive segments up to that point,
/// keeping a record only if no later offset has its key, into groups: consecutive segments whose
/// cleaned output fits in one `segment.bytes` segment (and its indexes) become one segment, named
/// by the first one's base offset, built in `cleaning/` (indexes included) and then moved to
/// `<base>.log.cleaned`; (4) for each group, take the lock briefly to swap it in by renames;
/// (5) save the checkpoint. Appends and reads go on during (2) and (3); a reader that already
/// holds a descriptor of a replaced file keeps reading it.
///
/// Grouping is by cleaned size, greedily: a segment's output is appended to the group's, and if
/// that overflows the group is cut back and closed, and the segment starts the next group. (Kafka
/// groups by input size, so a log of full segments shrinks in one pass and merges only in the
/// next.) A group also ends where offsets would leave the 32-bit range of its index, and where
/// tombstone clocks differ (see `TombstoneClock`): merging never changes when a tombstone goes.
///
/// Files during a swap, and what start-up does with each (`completeSwaps`):
/// - `cleaning/<base>.log`, `.index`, `.timeindex`: a rewrite being built → deleted;
/// - `<base>.log.cleaned`: complete rewrite, not yet committed → deleted;
/// - `<base>.log.swap`: committed rewrite; every `.log` whose base offset lies in the swap's
///   range (its base to its next offset) is an old segment it replaces → deleted, and the swap
///   renamed to `<base>.log`, indexes rebuilt;
/// - `*.deleted`: old segments already retired by a swap (or by retention) → deleted.
/// The swap renames the cleaned file to `.swap` (the commit point), the old segments to
/// `*.deleted`, then the swap to `<base>.log`, syncing the directory after each step. So after a
/// crash at any step every group is either all old or all new.
///
/// Offsets never move: a rewritten batch keeps its base offset and offset range (records removed
/// leave gaps), so consumer positions and producer sequences stay valid. Batches that lose every
/// record are dropped, except the last batch of a group (it carries the group's last offset) and
/// batches the idempotent-producer state still remembers, which stay as empty batches so a
/// restart rebuilds the same producer state.
extension PartitionLog {
    /// One cleaning pass if the log compacts and is dirty enough (or `force`); nil if skipped.
    /// `now` is the clock for tombstone expiry; `onStep` lets tests crash mid-swap.
    @discardableResult
    public func clean(
        now: Int64, dedupeBufferBytes: Int, force: Bool = false,
        onStep: ((CleanerStep) throws(StorageError) -> Void)? = nil
    ) throws(StorageError) -> CleanerStats? {
        // Two passes over one log would build the same staging files.
        try cleaningLock.withLock { () throws(StorageError) -> CleanerStats? in
            try cleanLocked(now: now, dedupeBufferBytes: dedupeBufferBytes, force: force, onStep: onStep)
        }
    }

    private func cleanLocked(
        now: Int64, dedupeBufferBytes: Int, force: Bool, onStep: ((CleanerStep) throws(StorageError) -> Void)?
    ) throws(StorageError) -> CleanerStats? {
        guard let plan = try planCleaning(now: now, force: force) else { return nil }
        defer { for segment in plan.segments { _ = Glibc.close(segment.fd) } }
        var stats = CleanerStats()
        var map = OffsetMap(memoryBytes: dedupeBufferBytes)
        let end = try buildOffsetMap(&map, plan: plan)
        stats.mapWasFull = end < plan.uncleanableOffset
        stats.firstDirtyOffset = end
        var checkpoint = plan.checkpoint
        // Not `mkdir -p`: if the topic was deleted meanwhile, its directory must stay gone.
        guard mkdir(stagingPath, 0o755) == 0 || errno == EEXIST else { throw .lastErrno("mkdir \(stagingPath)") }
        let pass = CleaningPass(map: map, mapEnd: end, now: now, plan: plan, onStep: onStep)
        var group: CleanedGroup?
        do throws(StorageError) {
            for segment in plan.segments where segment.baseOffset < end {
                let before = checkpoint.cleanedAt[segment.baseOffset]
                let clock: TombstoneClock =
                    if let before, now - before >= plan.deleteRetentionMs {
                        .expired(since: before)
                    } else {
                        .cleaned(since: before ?? (segment.nextOffset <= end ? now : nil))
                    }
                if let current = group, !current.accepts(segment, clock: clock) {
                    group = nil
                    guard try finish(current, pass: pass, checkpoint: &checkpoint, stats: &stats) else { return stats }
                }
                let current: CleanedGroup
                if let open = group {
                    current = open
                } else {
                    current = try makeGroup(segment.baseOffset, plan: plan)
                    group = current
                }
                let mark = current.add(segment, clock: clock)
                try clean(segment, into: current, pass: pass)
                if current.members.count > 1 && current.overflows(segmentBytes: plan.config.segmentBytes) {
                    // Too big with this segment: the group ends before it and it starts the next.
                    try current.removeLast(to: mark)
                    group = nil
                    guard try finish(current, pass: pass, checkpoint: &checkpoint, stats: &stats) else { return stats }
                    let next = try makeGroup(segment.baseOffset, plan: plan)
                    group = next
                    _ = next.add(segment, clock: clock)
                    try clean(segment, into: next, pass: pass)
                }
            }
            if let last = group {
                group = nil
                guard try finish(last, pass: pass, checkpoint: &checkpoint, stats: &stats) else { return stats }
            }
        } catch {
            if let group {
                group.close()
                FileSystem.remove(cleanedPath(group.baseOffset))
                Self.removeStaged(group.baseOffset, in: stagingPath)
            }
            throw error
        }
        checkpoint.firstDirtyOffset = end
        if lock.withLock({ isClosed }) { return stats }
        let live = Set(segmentBaseOffsets)
        checkpoint.cleanedAt = checkpoint.cleanedAt.filter { live.contains($0.key) }
        try checkpoint.save(directory: path)
        return stats
    }

    /// The saved checkpoint's first dirty offset (0 if none), for tests and metrics.
    public var cleanerCheckpoint: Int64 { CleanerCheckpoint.load(directory: path).firstDirtyOffset }

    // MARK: Planning

    struct CleanSegment {
        var baseOffset: Int64
        var nextOffset: Int64
        var size: Int64
        /// A `dup` owned by the pass, so retention deleting the segment cannot pull it away.
        var fd: CInt
    }

    struct CleanPlan {
        var segments: [CleanSegment]
        var firstDirtyOffset: Int64
        /// Nothing at or above it is cleaned: the active segment's base, or that of the first
        /// segment younger than `min.compaction.lag.ms`.
        var uncleanableOffset: Int64
        var deleteRetentionMs: Int64
        var checkpoint: CleanerCheckpoint
        /// Base offsets of the batches the producer state remembers.
        var producerBatches: Set<Int64>
        var config: LogConfig
    }

    private func planCleaning(now: Int64, force: Bool) throws(StorageError) -> CleanPlan? {
        try lock.withLock { () throws(StorageError) -> CleanPlan? in
            try checkOpen()
            if let failure { throw .logOffline("\(failure)") }
            guard config.compacts, segments.count > 1 else { return nil }
            var checkpoint = CleanerCheckpoint.load(directory: path)
            let first = max(checkpoint.firstDirtyOffset, segments[0].baseOffset)
            checkpoint.firstDirtyOffset = first
            // Kafka's `min.compaction.lag.ms`: cleaning stops at the first segment holding a record
            // younger than the lag (judged by its largest timestamp), the active segment at the latest.
            let lag = config.minCompactionLagMs
            let young = lag > 0 ? segments.dropLast().first { $0.maxTimestamp > now - lag } : nil
            let uncleanable = young?.baseOffset ?? active.baseOffset
            guard first < uncleanable else { return nil }
            let inactive = segments.prefix { $0.baseOffset < uncleanable }
            let dirty = inactive.filter { $0.nextOffset > first }.reduce(Int64(0)) { $0 + $1.size }
            let total = inactive.reduce(Int64(0)) { $0 + $1.size }
            guard dirty > 0 else { return nil }
            // Kafka's `max.compaction.lag.ms`: a dirty segment whose first record is older than the
            // lag is due, even in a log below the dirty ratio.
            let maxLag = config.maxCompactionLagMs
            let overdue = maxLag < .max && inactive.contains { segment in
                segment.nextOffset > first && (segment.rollingTimestamp.map { $0 >= 0 && $0 <= now - maxLag } ?? false)
            }
            if !force && !overdue && Double(dirty) / Double(max(total, 1)) < config.minCleanableDirtyRatio { return nil }
            var planned: [CleanSegment] = []
            for segment in inactive {
                let fd = dup(try segment.fd)
                guard fd >= 0 else {
                    for done in planned { _ = Glibc.close(done.fd) }
                    throw .lastErrno("dup")
                }
                planned.append(CleanSegment(baseOffset: segment.baseOffset, nextOffset: segment.nextOffset, size: segment.size, fd: fd))
            }
            let remembered = producerState.producers.values.flatMap { $0.batches.map(\.baseOffset) }
            return CleanPlan(
                segments: planned, firstDirtyOffset: first, uncleanableOffset: uncleanable,
                deleteRetentionMs: config.deleteRetentionMs, checkpoint: checkpoint, producerBatches: Set(remembered),
                config: config)
        }
    }

    // MARK: Offset map

    /// Maps every key in the dirty section to its latest offset, stopping when the map is full.
    /// Returns the offset the map covers up to (exclusive): the new first dirty offset.
    private func buildOffsetMap(_ map: inout OffsetMap, plan: CleanPlan) throws(StorageError) -> Int64 {
        for segment in plan.segments where segment.nextOffset > plan.firstDirtyOffset {
            var reader = SegmentReader(io: io, fd: segment.fd, end: segment.size)
            var position: Int64 = 0
            while let header = try reader.header(at: position) {
                defer { position = header.end }
                guard header.lastOffset >= plan.firstDirtyOffset, !header.isControl, header.fields.recordCount > 0 else { continue }
                let batch = try Self.readBatch(&reader, header)
                var records = try Self.wrap { () throws(RecordBatchError) in try batch.makeRecordIterator() }
                while let record = try Self.wrap({ () throws(RecordBatchError) in try records.next() }) {
                    let offset = record.offset(in: batch)
                    guard offset >= plan.firstDirtyOffset, let key = record.key else { continue }
                    if map.isFull && map.get(key) == nil { return offset }
                    map.put(key, offset: offset)
                }
            }
        }
        return plan.uncleanableOffset
    }

    // MARK: Rewrite

    func cleanedPath(_ base: Int64) -> String { path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log.cleaned") }

    /// Where a cleaned segment is built: a `LogSegment` of its own, so its indexes are written
    /// along with it, outside the partition lock; the swap then only renames files.
    static let stagingDirectory = "cleaning"
    var stagingPath: String { path + "/" + Self.stagingDirectory }

    /// What every group of one pass shares.
    struct CleaningPass {
        var map: OffsetMap
        /// The offset map covers offsets below this; records at or above it are kept.
        var mapEnd: Int64
        var now: Int64
        var plan: CleanPlan
        var onStep: ((CleanerStep) throws(StorageError) -> Void)?
    }

    private func makeGroup(_ base: Int64, plan: CleanPlan) throws(StorageError) -> CleanedGroup {
        try CleanedGroup(baseOffset: base, staging: stagingPath, config: plan.config, io: io)
    }

    /// Appends the cleaned batches of `segment` to the group's staging segment. A batch that
    /// loses every record is dropped, unless the producer state remembers it, or it is the
    /// segment's last, which becomes the group's pending tail until a later batch follows it.
    private func clean(_ segment: CleanSegment, into group: CleanedGroup, pass: CleaningPass) throws(StorageError) {
        let dropTombstones: Bool =
            if case .expired = group.clocks.last { true } else { false }
        let plan = pass.plan
        var reader = SegmentReader(io: io, fd: segment.fd, end: segment.size)
        var output: [ByteBuffer] = []
        var pendingBytes = 0
        func write(_ buffer: ByteBuffer) {
            group.pendingTail = nil
            output.append(buffer)
            pendingBytes += buffer.readableBytes
        }
        func keepEmpty(_ buffer: ByteBuffer, _ header: BatchHeader, isLast: Bool) {
            if plan.producerBatches.contains(header.baseOffset) {
                write(buffer)
            } else if isLast {
                group.pendingTail = buffer
            } else {
                group.changed = true
            }
        }
        var position: Int64 = 0
        while let header = try reader.header(at: position) {
            position = header.end
            let isLast = header.end >= segment.size
            let batch = try Self.readBatch(&reader, header)
            if header.isControl {
                write(batch.buffer)
            } else if header.fields.recordCount == 0 {
                keepEmpty(batch.buffer, header, isLast: isLast)
            } else {
                var tombstones = 0
                let result = try Self.wrap { () throws(RecordBatchError) in
                    try batch.filtered { record in
                        let offset = record.offset(in: batch)
                        // Beyond the map's reach nothing is known yet: the next pass decides.
                        if offset >= pass.mapEnd { return true }
                        guard let key = record.key else { return false }
                        if let latest = pass.map.get(key), offset < latest { return false }
                        if record.value == nil && dropTombstones {
                            tombstones += 1
                            return false
                        }
                        return true
                    }
                }
                let dropped = Int(header.fields.recordCount) - result.kept
                group.recordsRemoved += dropped
                group.tombstonesRemoved += tombstones
                if dropped == 0 {
                    write(batch.buffer)
                } else {
                    group.changed = true
                    if result.kept > 0 {
                        write(result.batch.buffer)
                    } else {
                        keepEmpty(result.batch.buffer, header, isLast: isLast)
                    }
                }
            }
            if pendingBytes >= SegmentReader.windowSize {
                try group.append(output)
                output.removeAll(keepingCapacity: true)
                pendingBytes = 0
            }
        }
        try group.append(output)
    }

    /// Completes a group: skips it if it is one unchanged segment, else fsyncs it, moves it to
    /// `<base>.log.cleaned` and swaps it in. Records the group's cleaning time in `checkpoint`.
    /// Returns false if the log changed meanwhile (the pass stops; the next one starts over).
    private func finish(
        _ group: CleanedGroup, pass: CleaningPass, checkpoint: inout CleanerCheckpoint, stats: inout CleanerStats
    ) throws(StorageError) -> Bool {
        let base = group.baseOffset
        func record() {
            for member in group.members { checkpoint.cleanedAt.removeValue(forKey: member.baseOffset) }
            if let time = group.cleanedAt { checkpoint.cleanedAt[base] = time }
        }
        do throws(StorageError) {
            try group.seal()
            guard group.changed || group.members.count > 1, group.target.size > 0 else {
                group.close()
                Self.removeStaged(base, in: stagingPath)
                record()
                return true
            }
            try group.target.trim()
            try group.target.sync()
            try group.target.syncIndexes()
            group.close()
            let staged = stagingPath + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log")
            guard rename(staged, cleanedPath(base)) == 0 else { throw .lastErrno("rename to \(cleanedPath(base))") }
            try pass.onStep?(.cleanedWritten)
        } catch {
            group.close()
            FileSystem.remove(cleanedPath(base))
            Self.removeStaged(base, in: stagingPath)
            throw error
        }
        guard try install(group.members, now: pass.now, onStep: pass.onStep) else {
            FileSystem.remove(cleanedPath(base))
            Self.removeStaged(base, in: stagingPath)
            return false
        }
        stats.segmentsRewritten += group.members.count
        stats.bytesBefore += group.members.reduce(0) { $0 + $1.size }
        stats.bytesAfter += group.target.size
        stats.recordsRemoved += group.recordsRemoved
        stats.tombstonesRemoved += group.tombstonesRemoved
        record()
        return true
    }

    static func removeStaged(_ base: Int64, in staging: String) {
        for suffix in [".log", ".index", ".timeindex"] {
            FileSystem.remove(staging + "/" + LogSegment.fileName(baseOffset: base, suffix: suffix))
        }
    }

    private static func readBatch(_ reader: inout SegmentReader, _ header: BatchHeader) throws(StorageError) -> RecordBatch {
        guard let bytes = try reader.bytes(at: header.position, count: header.size) else {
            throw .corruptMessage("batch at \(header.position) runs past the segment end")
        }
        return try wrap { () throws(RecordBatchError) in try RecordBatch(buffer: bytes) }
    }

    private static func wrap<T>(_ body: () throws(RecordBatchError) -> T) throws(StorageError) -> T {
        do { return try body() } catch { throw .corruptMessage("cleaner: \(error)") }
    }
}
