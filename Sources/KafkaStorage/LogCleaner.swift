/// Settings of the log cleaner, broker-wide (Kafka's `log.cleaner.*`).
public struct CleanerConfig: Sendable, Equatable {
    /// Memory for one pass's offset map (`log.cleaner.dedupe.buffer.size`). Kafka's default is
    /// 128 MiB shared by its cleaner threads; one thread and 16 MiB hold about 600,000 keys a pass,
    /// and a bigger dirty section is simply cleaned over several passes.
    public var dedupeBufferBytes = 16 << 20
    /// How often the broker's task looks for work (`log.cleaner.backoff.ms` is Kafka's 15 s).
    public var intervalMs: Int64 = 15_000

    public init(dedupeBufferBytes: Int = 16 << 20, intervalMs: Int64 = 15_000) {
        self.dedupeBufferBytes = dedupeBufferBytes
        self.intervalMs = intervalMs
    }
}

/// What one cleaning pass over a partition did.
public struct CleanerStats: Sendable, Equatable {
    public var segmentsRewritten = 0
    public var bytesBefore: Int64 = 0
    public var bytesAfter: Int64 = 0
    public var recordsRemoved = 0
    public var tombstonesRemoved = 0
    /// The checkpoint after the pass: offsets below it have been deduplicated.
    public var firstDirtyOffset: Int64 = 0
    /// True when the offset map filled before the end of the dirty section.
    public var mapWasFull = false

    public init() {}
}

/// The points of a segment swap, in order, for crash tests: a hook that throws at one of them
/// leaves the files exactly as a crash there would.
public enum CleanerStep: Sendable, Equatable {
    /// `<base>.log.cleaned` written and fsynced; the old segment still in place.
    case cleanedWritten
    /// Renamed to `<base>.log.swap` and the directory fsynced: the commit point.
    case swapRenamed
    /// The old `.log` and its indexes unlinked; only the `.swap` holds the segment.
    case oldDeleted
    /// `.swap` renamed to `.log` and serving reads.
    case installed
}

extension LogConfig {
    /// Compaction settings read from the overrides, so the typed config needs no new fields.
    public var compacts: Bool { cleanupPolicy.contains("compact") }
    public var deleteRetentionMs: Int64 { overrides["delete.retention.ms"].flatMap { Int64($0) } ?? 86_400_000 }
    public var minCleanableDirtyRatio: Double { overrides["min.cleanable.dirty.ratio"].flatMap { Double($0) } ?? 0.5 }
    /// Records younger than this stay uncompacted, so consumers get that long to see every value.
    public var minCompactionLagMs: Int64 { overrides["min.compaction.lag.ms"].flatMap { Int64($0) } ?? 0 }
    /// A dirty record older than this gets cleaned whatever the dirty ratio.
    public var maxCompactionLagMs: Int64 { overrides["max.compaction.lag.ms"].flatMap { Int64($0) } ?? .max }
}

/// The per-partition cleaner checkpoint, `cleaner-offset-checkpoint` in the partition directory.
///
/// On disk, properties text written atomically (temp file, fsync, rename):
/// ```
/// version=1
/// first.dirty.offset=<offset>        # offsets below it are deduplicated
/// cleaned.<segment base>=<epoch ms>  # when that segment was first cleaned
/// ```
/// The cleaning times drive tombstone expiry: a tombstone goes once its segment has been clean
/// for `delete.retention.ms`, which gives consumers that long to see it. Compaction keeps base
/// offsets, so a segment's key survives its rewrites. Missing or unreadable means "nothing
/// cleaned yet", which is always safe: the next pass just does more work and keeps tombstones.
struct CleanerCheckpoint: Equatable {
    static let fileName = "cleaner-offset-checkpoint"

    var firstDirtyOffset: Int64 = 0
    var cleanedAt: [Int64: Int64] = [:]

    static func load(directory: String) -> CleanerCheckpoint {
        guard let text = FileSystem.read(directory + "/" + fileName) else { return CleanerCheckpoint() }
        let properties = FileSystem.parseProperties(text)
        guard properties["version"] == "1" else { return CleanerCheckpoint() }
        var checkpoint = CleanerCheckpoint()
        checkpoint.firstDirtyOffset = properties["first.dirty.offset"].flatMap { Int64($0) } ?? 0
        for (key, value) in properties where key.hasPrefix("cleaned.") {
            if let base = Int64(key.dropFirst("cleaned.".count)), let time = Int64(value) { checkpoint.cleanedAt[base] = time }
        }
        return checkpoint
    }

    func save(directory: String) throws(StorageError) {
        var pairs = [("version", "1"), ("first.dirty.offset", String(firstDirtyOffset))]
        for (base, time) in cleanedAt.sorted(by: { $0.key < $1.key }) { pairs.append(("cleaned.\(base)", String(time))) }
        try FileSystem.writeAtomically(directory + "/" + Self.fileName, FileSystem.formatProperties(pairs))
    }
}

/// Runs cleaning passes over every compacted partition of a `LogManager`, one partition at a
/// time, so memory stays at one offset map whatever the number of partitions. Blocking: the
/// broker calls `cleanAll` from its I/O thread pool.
public final class LogCleaner: @unchecked Sendable {
    public let config: CleanerConfig
    private let logManager: LogManager
    private let lock = Lock()
    private var running = false

    public init(logManager: LogManager, config: CleanerConfig = CleanerConfig()) {
        self.logManager = logManager
        self.config = config
    }

    /// One pass over every partition that compacts and is dirty enough; partitions that fail are
    /// skipped (their error is returned) so one bad log cannot stop the others being cleaned.
    /// A call while another is still running returns at once: passes never overlap.
    @discardableResult
    public func cleanAll(now: Int64, force: Bool = false) -> (cleaned: [CleanerStats], errors: [StorageError]) {
        let started = lock.withLock { () -> Bool in
            if running { return false }
            running = true
            return true
        }
        guard started else { return ([], []) }
        defer { lock.withLock { running = false } }
        var cleaned: [CleanerStats] = []
        var errors: [StorageError] = []
        for log in logManager.allPartitionLogs where log.currentConfig.compacts {
            do {
                if let stats = try log.clean(now: now, dedupeBufferBytes: config.dedupeBufferBytes, force: force) {
                    cleaned.append(stats)
                }
            } catch {
                errors.append(error)
            }
        }
        return (cleaned, errors)
    }
}
