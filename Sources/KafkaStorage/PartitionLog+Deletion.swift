#if canImport(Glibc)
import Glibc
#endif

/// Kafka's asynchronous segment deletion (`file.delete.delay.ms`, 60 s by default).
///
/// A segment that leaves a live log (retention, DeleteRecords, truncation, or replaced by a
/// compaction swap) is not unlinked at once: its `.log`, `.index` and `.timeindex` are renamed to
/// `<name>.deleted` and queued here; `removeDeletedFiles(now:)`, called by the broker's retention
/// task, unlinks those whose delay has passed. The rename is what matters for correctness (the
/// next open never loads a `.deleted` file as a segment, and removes any it finds); the delay
/// gives tools and operators a window, as in Kafka. Readers never depend on it: a fetch holds a
/// `dup` of the descriptor, which reads the data whether the file is renamed or unlinked.
///
/// The queue lives in memory only. Files still queued at shutdown or a crash are removed by the
/// next open. Deleting a topic removes its directory at once, pending files included.
struct PendingDeletion {
    var due: Int64
    var paths: [String]
}

extension PartitionLog {
    /// Renames the segments' files to `*.deleted` and queues them for removal at
    /// `now + file.delete.delay.ms`. The segments must already be off the segment list; the
    /// caller holds the lock and orders them so that a crash part-way leaves a contiguous log.
    func retire(_ doomed: some Sequence<LogSegment>, now: Int64) {
        var paths: [String] = []
        for segment in doomed { paths += segment.renameForDeletion() }
        queueDeletion(of: paths, now: now)
    }

    /// Queues files already renamed `*.deleted` (by a caller that renamed them outside the lock,
    /// the segments being off the list already); the caller holds the lock.
    func queueDeletion(of paths: [String], now: Int64) {
        guard !paths.isEmpty else { return }
        let delay = max(0, config.fileDeleteDelayMs)
        let (due, overflow) = now.addingReportingOverflow(delay)
        pendingDeletions.append(PendingDeletion(due: overflow ? .max : due, paths: paths))
    }

    /// Unlinks the `*.deleted` files whose `file.delete.delay.ms` has passed by `now`; returns how
    /// many files went. Blocking; the broker calls it from its retention pass. A closed log drops
    /// its queue (the next open removes the files, or the topic's directory is gone).
    @discardableResult
    public func removeDeletedFiles(now: Int64) -> Int {
        let due = lock.withLock { () -> [String] in
            if isClosed {
                pendingDeletions.removeAll()
                return []
            }
            var due: [String] = []
            pendingDeletions.removeAll { entry in
                guard entry.due <= now else { return false }
                due += entry.paths
                return true
            }
            return due
        }
        var removed = 0
        for path in due where unlink(path) == 0 { removed += 1 }
        return removed
    }

    /// When the earliest queued `*.deleted` file falls due, or nil if none is queued. No I/O, so
    /// a timer on an event loop can ask before sending a removal pass to the I/O pool.
    public var nextDeletedFilesDue: Int64? { lock.withLock { pendingDeletions.lazy.map(\.due).min() } }

    /// Paths renamed `*.deleted` and not yet removed, for tests and metrics.
    public var pendingDeletedFiles: [String] { lock.withLock { pendingDeletions.flatMap(\.paths) } }

    /// The wall clock in milliseconds, for the few storage calls that take no `now` of their own.
    public static func currentTimeMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}
