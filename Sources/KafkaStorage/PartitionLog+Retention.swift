#if canImport(Glibc)
import Glibc
#endif

/// Retention, DeleteRecords and the persisted log start offset.
///
/// The log start offset is the first segment's base unless DeleteRecords moved it into a segment,
/// which Kafka allows without rewriting the file. Such a start cannot be derived from the segments
/// at the next open, so it is kept in `log-start-offset-checkpoint` (one per partition, written
/// atomically) and the larger of the two wins on open.
///
/// Deleting is split in two so no append or read waits for the file system: under the lock the
/// doomed segments leave the list (and the start offset moves); after the checkpoint, their files
/// are renamed `*.deleted` and unlinked `file.delete.delay.ms` later (PartitionLog+Deletion.swift).
/// A fetch that already `dup`ed a descriptor keeps reading the old data; one that comes later sees
/// the new start and gets OFFSET_OUT_OF_RANGE.
extension PartitionLog {
    static let logStartCheckpointFile = "log-start-offset-checkpoint"

    func loadLogStartOffset() {
        let first = segments[0].baseOffset
        var start = first
        if let text = FileSystem.read(path + "/" + Self.logStartCheckpointFile),
            let saved = FileSystem.parseProperties(text)["log.start.offset"].flatMap({ Int64($0) })
        {
            start = max(first, saved)
        }
        // Recovery may have cut the log below a saved start: the log cannot start past its end.
        _logStartOffset = min(start, active.nextOffset)
    }

    /// Writes the current start offset. Ordered by `checkpointLock`, and the value is read inside
    /// it, so two concurrent writers cannot leave the older value on disk.
    func checkpointLogStartOffset() throws(StorageError) {
        try checkpointLock.withLock { () throws(StorageError) in
            let start = lock.withLock { _logStartOffset }
            try FileSystem.writeAtomically(
                path + "/" + Self.logStartCheckpointFile,
                FileSystem.formatProperties([("version", "0"), ("log.start.offset", String(start))]))
        }
    }

    /// Kafka's DeleteRecords on one partition: moves the log start to `offset` (−1 = the high
    /// watermark), never backwards, and drops the segments wholly below it. The start is made
    /// durable before returning, so an acknowledged deletion survives a crash. Returns the new
    /// log start offset. `now` dates the removal of the segments' `*.deleted` files.
    @discardableResult
    public func deleteRecords(before offset: Int64, now: Int64 = PartitionLog.currentTimeMillis()) throws(StorageError) -> Int64 {
        let moved = try lock.withLock { () throws(StorageError) -> Bool in
            try checkOpen()
            if let failure { throw .logOffline("\(failure)") }
            let end = active.nextOffset
            let target = offset == -1 ? end : offset
            guard target >= 0, target <= end else {
                throw .offsetOutOfRange(requested: offset, logStart: _logStartOffset, logEnd: end)
            }
            guard target > _logStartOffset else { return false }
            _logStartOffset = target
            return true
        }
        if moved {
            try checkpointLogStartOffset()
            _ = try removeSegments(now: now) { _, _, _ in false }
        }
        return logStartOffset
    }

    /// Kafka's retention pass: deletes whole segments oldest first while the oldest is wholly
    /// below the log start offset, older than `retention.ms` (by its largest record timestamp), or
    /// not needed to keep `retention.bytes`; stops at the first that qualifies for none. The active
    /// segment may go too when it qualifies; a fresh empty one is rolled first so the log always
    /// has somewhere to append. Before that, an active segment older than `segment.ms` (measured
    /// from its first batch) is rolled, as Kafka's append path would have done, so a quiet
    /// partition's last data still expires. Returns the number of segments deleted.
    @discardableResult
    public func deleteOldSegments(now: Int64) throws(StorageError) -> Int {
        let policy = try lock.withLock { () throws(StorageError) -> (time: Int64, bytes: Int64)? in
            try checkOpen()
            if failure != nil { return nil }
            if active.size > 0, let first = active.rollingTimestamp, first >= 0, now - first > config.segmentMs {
                try roll(at: active.nextOffset)
            }
            guard config.cleanupPolicy.contains("delete") else { return (-1, -1) }
            return (config.retentionMs, config.retentionBytes)
        }
        guard let policy else { return 0 }
        return try removeSegments(now: now) { segment, total, _ in
            let expired = policy.time >= 0 && segment.maxTimestamp >= 0 && now - segment.maxTimestamp > policy.time
            let oversized = policy.bytes >= 0 && total - segment.size >= policy.bytes
            return expired || oversized
        }
    }

    /// Takes the qualifying prefix of segments off the list under the lock, then, after the
    /// checkpoint, renames their files `*.deleted` for removal `file.delete.delay.ms` after `now`.
    /// `qualifies(segment, bytesStillInLog, isActive)`; segments wholly below the log start offset
    /// always qualify.
    private func removeSegments(now: Int64, _ qualifies: (LogSegment, Int64, Bool) -> Bool) throws(StorageError) -> Int {
        let doomed = try lock.withLock { () throws(StorageError) -> [LogSegment] in
            try checkOpen()
            var total = segments.reduce(0) { $0 + $1.size }
            var count = 0
            while count < segments.count {
                let segment = segments[count]
                let isActive = count == segments.count - 1
                // An empty active segment holds nothing to delete and is where appends go.
                if isActive && segment.size == 0 { break }
                let below = segment.nextOffset <= _logStartOffset
                guard below || qualifies(segment, total, isActive) else { break }
                total -= segment.size
                count += 1
            }
            guard count > 0 else { return [] }
            if count == segments.count { try roll(at: active.nextOffset) }
            let removed = Array(segments.prefix(count))
            segments.removeFirst(count)
            _logStartOffset = max(_logStartOffset, segments[0].baseOffset)
            return removed
        }
        guard !doomed.isEmpty else { return 0 }
        // The start offset is made durable before any file goes, so a crash in between leaves at
        // worst some segments below the start, which the next pass deletes. If the checkpoint
        // cannot be written (a full disk, say) the files still go: the start it would record is
        // the first remaining segment's base, or an older start DeleteRecords already persisted,
        // so the next open derives the right start anyway, and the space is freed after the delay.
        var checkpointError: StorageError?
        do { try checkpointLogStartOffset() } catch { checkpointError = error }
        // Renamed outside the lock (the segments are off the list, nobody else reaches them), so no
        // append or read waits for the file system; only the queueing needs the lock.
        var renamed: [String] = []
        for segment in doomed { renamed += segment.renameForDeletion() }
        lock.withLock { queueDeletion(of: renamed, now: now) }
        try FileSystem.syncDirectory(path)
        if let checkpointError { throw checkpointError }
        return doomed.count
    }
}
