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
/// or as far as the map's memory allows); (3) rewrite every inactive segment up to that point,
/// keeping a record only if no later offset has its key, as a segment of its own in `cleaning/`
/// (indexes included) whose data file then moves to `<base>.log.cleaned`; (4) for each, take the
/// lock briefly to swap it in by renames; (5) save the checkpoint. Appends and reads go on during
/// (2) and (3); a reader that already holds a descriptor of a replaced file keeps reading it.
///
/// Files during a swap, and what start-up does with each (`completeSwaps`):
/// - `cleaning/<base>.log`, `.index`, `.timeindex`: a rewrite being built → deleted;
/// - `<base>.log.cleaned`: complete rewrite, not yet committed → deleted;
/// - `<base>.log.swap`: committed rewrite; any `<base>.log` beside it is the old version →
///   the old files are deleted and the swap renamed to `<base>.log`, indexes rebuilt.
/// So after a crash at any step the segment is either all old or all new.
///
/// Offsets never move: a rewritten batch keeps its base offset and offset range (records removed
/// leave gaps), so segment bounds, consumer positions and producer sequences stay valid. Batches
/// that lose every record are dropped, except the last batch of a segment (it carries the
/// segment's last offset and max timestamp) and batches the idempotent-producer state still
/// remembers, which stay as empty batches so a restart rebuilds the same producer state.
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
        for segment in plan.segments where segment.baseOffset < end {
            let cleanedBefore = checkpoint.cleanedAt[segment.baseOffset]
            let dropTombstones = cleanedBefore.map { now - $0 >= plan.deleteRetentionMs } ?? false
            let changed: Bool
            do throws(StorageError) {
                changed = try rewrite(
                    segment, map: map, mapEnd: end, dropTombstones: dropTombstones, plan: plan, stats: &stats)
            } catch {
                FileSystem.remove(cleanedPath(segment.baseOffset))
                Self.removeStaged(segment.baseOffset, in: stagingPath)
                throw error
            }
            if changed {
                try onStep?(.cleanedWritten)
                guard try install(segment, onStep: onStep) else {
                    // Retention or truncation changed the log meanwhile; the next pass starts over.
                    FileSystem.remove(cleanedPath(segment.baseOffset))
                    Self.removeStaged(segment.baseOffset, in: stagingPath)
                    return stats
                }
                stats.segmentsRewritten += 1
            }
            if cleanedBefore == nil && segment.nextOffset <= end { checkpoint.cleanedAt[segment.baseOffset] = now }
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
                let fd = dup(segment.fd)
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

    /// Writes the cleaned copy of `segment` (with its indexes) in the staging directory, fsyncs
    /// it and moves the data file to `<base>.log.cleaned`. Returns false (leaving nothing behind)
    /// if no record would go.
    private func rewrite(
        _ segment: CleanSegment, map: OffsetMap, mapEnd: Int64, dropTombstones: Bool, plan: CleanPlan,
        stats: inout CleanerStats
    ) throws(StorageError) -> Bool {
        var reader = SegmentReader(io: io, fd: segment.fd, end: segment.size)
        var target: LogSegment?
        var output: [ByteBuffer] = []
        var pendingBytes = 0
        var changed = false
        var removed = 0
        var tombstones = 0
        // Not `mkdir -p`: if the topic was deleted meanwhile, its directory must stay gone.
        guard mkdir(stagingPath, 0o755) == 0 || errno == EEXIST else { throw .lastErrno("mkdir \(stagingPath)") }
        Self.removeStaged(segment.baseOffset, in: stagingPath)
        defer { target?.close() }
        func flushOutput() throws(StorageError) {
            if target == nil {
                target = try LogSegment(directory: stagingPath, baseOffset: segment.baseOffset, config: plan.config, io: io)
            }
            for buffer in output {
                let base: Int64 = buffer.getInteger(at: buffer.readerIndex)!
                try target!.append(buffer, baseOffset: base, leaderEpoch: nil)
            }
            output.removeAll(keepingCapacity: true)
            pendingBytes = 0
        }
        var position: Int64 = 0
        while let header = try reader.header(at: position) {
            position = header.end
            let isLast = header.end >= segment.size
            let batch = try Self.readBatch(&reader, header)
            if header.isControl || header.fields.recordCount == 0 {
                output.append(batch.buffer)
            } else {
                let result = try Self.wrap { () throws(RecordBatchError) in
                    try batch.filtered { record in
                        let offset = record.offset(in: batch)
                        // Beyond the map's reach nothing is known yet: the next pass decides.
                        if offset >= mapEnd { return true }
                        guard let key = record.key else { return false }
                        if let latest = map.get(key), offset < latest { return false }
                        if record.value == nil && dropTombstones {
                            tombstones += 1
                            return false
                        }
                        return true
                    }
                }
                let dropped = Int(header.fields.recordCount) - result.kept
                removed += dropped
                if dropped == 0 {
                    output.append(batch.buffer)
                } else {
                    changed = true
                    if result.kept > 0 || isLast || plan.producerBatches.contains(header.baseOffset) {
                        output.append(result.batch.buffer)
                    }
                }
            }
            pendingBytes += output.last?.readableBytes ?? 0
            if pendingBytes >= SegmentReader.windowSize { try flushOutput() }
        }
        guard changed else {
            target?.close()
            target = nil
            Self.removeStaged(segment.baseOffset, in: stagingPath)
            return false
        }
        try flushOutput()
        guard let built = target else { return false }
        try built.sync()
        try built.syncIndexes()
        stats.bytesBefore += segment.size
        stats.bytesAfter += built.size
        stats.recordsRemoved += removed
        stats.tombstonesRemoved += tombstones
        let staged = stagingPath + "/" + LogSegment.fileName(baseOffset: segment.baseOffset, suffix: ".log")
        guard rename(staged, cleanedPath(segment.baseOffset)) == 0 else { throw .lastErrno("rename to \(cleanedPath(segment.baseOffset))") }
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

    // MARK: Swap

    /// Swaps the cleaned file in for the segment, under the lock. Returns false (touching nothing)
    /// if the segment is gone or changed since planning. A failure after the commit point takes
    /// the log offline: its files are consistent for the next open, its memory no longer is.
    private func install(_ planned: CleanSegment, onStep: ((CleanerStep) throws(StorageError) -> Void)?) throws(StorageError) -> Bool {
        try lock.withLock { () throws(StorageError) -> Bool in
            try checkOpen()
            guard let index = segments.firstIndex(where: { $0.baseOffset == planned.baseOffset }), index < segments.count - 1,
                segments[index].size == planned.size
            else { return false }
            let base = planned.baseOffset
            let swap = path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log.swap")
            guard rename(cleanedPath(base), swap) == 0 else { throw .lastErrno("rename to \(swap)") }
            do throws(StorageError) {
                try FileSystem.syncDirectory(path)
                try onStep?(.swapRenamed)
                segments.remove(at: index).delete()
                try onStep?(.oldDeleted)
                let target = path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log")
                guard rename(swap, target) == 0 else { throw .lastErrno("rename to \(target)") }
                // The indexes built with the rewrite; if they are missing, `load` rebuilds them.
                for suffix in [".index", ".timeindex"] {
                    let name = LogSegment.fileName(baseOffset: base, suffix: suffix)
                    _ = rename(stagingPath + "/" + name, path + "/" + name)
                }
                let segment = try LogSegment(directory: path, baseOffset: base, config: config, io: io)
                segments.insert(segment, at: index)
                if !(try segment.load()) { try segment.recover() }
                try FileSystem.syncDirectory(path)
                try onStep?(.installed)
            } catch {
                failure = .logOffline("compaction swap of \(base) failed: \(error)")
                throw error
            }
            return true
        }
    }

    /// Start-up half of the swap protocol: finishes committed swaps and drops uncommitted
    /// rewrites, so the segment listing that follows sees each segment exactly once.
    static func completeSwaps(in path: String) throws(StorageError) {
        var touched = false
        for name in try FileSystem.list(path) {
            if name.hasSuffix(".log.cleaned") {
                FileSystem.remove(path + "/" + name)
                touched = true
            } else if name.hasSuffix(".log.swap"), let base = Int64(name.prefix(20)) {
                for suffix in [".log", ".index", ".timeindex"] {
                    FileSystem.remove(path + "/" + LogSegment.fileName(baseOffset: base, suffix: suffix))
                }
                let target = path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log")
                guard rename(path + "/" + name, target) == 0 else { throw .lastErrno("rename \(name)") }
                touched = true
            }
        }
        // Index files of a rewrite that never reached its swap.
        let staging = path + "/" + stagingDirectory
        if FileSystem.isDirectory(staging) { try FileSystem.removeTree(staging) }
        if touched { try FileSystem.syncDirectory(path) }
    }
}
