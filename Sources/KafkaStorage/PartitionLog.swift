import KafkaModel
import KafkaRecords
import NIOCore
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

public struct AppendResult: Sendable, Equatable {
    public var baseOffset: Int64
    public var lastOffset: Int64
    /// The broker time stamped into the batch, or −1 for CreateTime topics (and duplicates).
    public var logAppendTime: Int64
    public var logStartOffset: Int64
    /// A retried idempotent batch: nothing was written, the offsets are the original ones.
    public var isDuplicate: Bool
}

/// A byte range of a segment file to send with sendfile. `fileDescriptor` is a fresh `dup()` owned
/// by the caller, who must close it: that keeps the data readable even if retention or truncation
/// deletes the segment meanwhile.
public struct FileSlice: Sendable, Equatable {
    public var fileDescriptor: CInt
    public var position: Int64
    public var length: Int
    /// Base offset of the slice's first batch and the offset after its last one: what a fetch hands
    /// out in offsets, known from headers already read, so callers count records without parsing.
    public var firstOffset: Int64
    public var nextOffset: Int64

    public init(fileDescriptor: CInt, position: Int64, length: Int, firstOffset: Int64 = -1, nextOffset: Int64 = -1) {
        self.fileDescriptor = fileDescriptor
        self.position = position
        self.length = length
        self.firstOffset = firstOffset
        self.nextOffset = nextOffset
    }

    /// Releases the slice's own descriptor, once it is sent or will not be.
    public func close() { _ = Glibc.close(fileDescriptor) }

    /// Offsets covered by the slice (records, less any compacted away); 0 when unknown.
    public var offsetCount: Int64 { nextOffset > firstOffset && firstOffset >= 0 ? nextOffset - firstOffset : 0 }
}

public struct LogReadResult: Sendable {
    public var slices: [FileSlice]
    public var highWatermark: Int64
    public var logStartOffset: Int64
    public var totalBytes: Int { slices.reduce(0) { $0 + $1.length } }

    /// Closes every slice's descriptor; for callers that end up not sending them.
    public func closeAll() { for slice in slices { slice.close() } }
}

/// One partition's log: a sorted run of segments, the last one active.
///
/// Every method blocks and is meant to run on a thread pool. One internal lock serialises appends,
/// reads and truncation (reads only parse a few headers and `dup` descriptors, so they hold it
/// briefly); `flush` takes it only to collect and publish, and fsyncs outside it, so appends go on
/// while a group commit is in flight. `flushedOffset` says how far the log is durable.
///
/// Directory contents: the segments, `fjord-log.properties` (`format.version=1`), and while the
/// log is closed cleanly the marker `.clean-shutdown`. Without the marker at open, the active
/// segment is re-validated batch by batch (length, magic, offsets, CRC) and cut at the first bad
/// one; older segments are re-validated only if their indexes or tail look wrong, and a cut in
/// one of them drops all later segments, as Kafka does. Indexes are rebuilt whenever implausible.
public final class PartitionLog: @unchecked Sendable {
    public static let formatVersion = 1
    static let formatFile = "fjord-log.properties"
    static let cleanShutdownFile = ".clean-shutdown"

    public let directory: FilePath
    public let topicPartition: TopicPartition
    let path: String
    let io: FileIO
    /// Files of inactive segments opened by the current operation; the lock closes them as it is
    /// released, so a partition holds only its active segment's descriptors at rest.
    let openFiles = OpenFiles()
    let lock: Lock
    private let flushLock = Lock()

    var config: LogConfig
    /// Sorted by base offset, never empty.
    var segments: [LogSegment] = []
    var producerState = ProducerStateManager()
    var _flushedOffset: Int64 = 0
    /// The first offset readers may see: the first segment's base, or beyond it after DeleteRecords
    /// (see PartitionLog+Retention.swift, which persists it).
    var _logStartOffset: Int64 = 0
    /// Serialises writers of the log-start checkpoint so an older value never lands last.
    let checkpointLock = Lock()
    /// Bumped by truncation, so a flush that started before it cannot publish a stale offset.
    var truncations = 0
    private var directoryDirty = false
    /// Files renamed `*.deleted`, waiting out `file.delete.delay.ms` (PartitionLog+Deletion.swift).
    var pendingDeletions: [PendingDeletion] = []
    /// Set after an I/O failure that left state uncertain (failed rollback, failed fsync).
    var failure: StorageError?
    /// Closed logs (deleted topics, shutdown) refuse everything: their descriptor numbers may
    /// already belong to other files.
    var isClosed = false

    func checkOpen() throws(StorageError) {
        if isClosed { throw .logOffline("\(topicPartition) is closed") }
    }
    /// True if the last open found no clean-shutdown marker.
    public let recoveredFromUncleanShutdown: Bool

    public init(directory: FilePath, topicPartition: TopicPartition, config: LogConfig, io: FileIO = PosixFileIO()) throws(StorageError) {
        self.directory = directory
        self.topicPartition = topicPartition
        self.config = config
        self.io = io
        self.path = directory.string
        self.lock = Lock(beforeUnlock: { [openFiles] in openFiles.closeUnpinned() })
        try FileSystem.makeDirectories(path)
        let isNew = try Self.checkFormat(path)
        let marker = path + "/" + Self.cleanShutdownFile
        let clean = isNew || FileSystem.exists(marker)
        recoveredFromUncleanShutdown = !clean
        do throws(StorageError) {
            try loadSegments(clean: clean)
            // From here on a crash must count as unclean.
            if FileSystem.exists(marker) {
                FileSystem.remove(marker)
                try FileSystem.syncDirectory(path)
            }
        } catch {
            for segment in segments { segment.close() }
            isClosed = true
            throw error
        }
        loadLogStartOffset()
        rebuildProducerState()
        openFiles.closeUnpinned()
        _flushedOffset = logEndOffset
    }

    /// Returns true when the directory is new (no format file yet).
    private static func checkFormat(_ path: String) throws(StorageError) -> Bool {
        let file = path + "/" + formatFile
        if let text = FileSystem.read(file) {
            let version = FileSystem.parseProperties(text)["format.version"]
            guard version == String(formatVersion) else {
                throw .unsupportedFormat("\(file) has format.version=\(version ?? "nil"), expected \(formatVersion)")
            }
            return false
        }
        try FileSystem.writeAtomically(file, FileSystem.formatProperties([("format.version", String(formatVersion))]))
        return true
    }

    private func loadSegments(clean: Bool) throws(StorageError) {
        try Self.completeSwaps(in: path)
        var bases: [Int64] = []
        for name in try FileSystem.list(path) {
            if name.hasSuffix(".tmp") || name.hasSuffix(".deleted") || name.hasSuffix(".swap") || name.hasSuffix(".cleaned") {
                FileSystem.remove(path + "/" + name)
            } else if name.hasSuffix(".log"), name.count == 24, let base = Int64(name.prefix(20)) {
                bases.append(base)
            }
        }
        bases.sort()
        if bases.isEmpty { bases = [0] }
        for (i, base) in bases.enumerated() {
            if let previous = segments.last, base < previous.nextOffset {
                if Self.fileSize(path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log")) == 0 {
                    // An empty file inside the previous segment's range holds nothing and proves
                    // nothing: the start of a roll that failed before anything was written to it.
                    try deleteSegmentFiles(from: bases[i...i])
                    continue
                }
                // Overlaps the previous segment: what follows cannot be trusted to continue the log.
                try deleteSegmentFiles(from: bases[i...])
                break
            }
            let segment = try LogSegment(directory: path, baseOffset: base, config: config, io: io, openFiles: openFiles)
            segments.append(segment)
            let isActive = i == bases.count - 1
            let trusted = (clean || !isActive) ? try segment.load() : false
            if !trusted {
                let cut = try segment.recover()
                if cut > 0 && !isActive {
                    // What follows a cut cannot continue the log: this segment becomes the active one.
                    try deleteSegmentFiles(from: bases[(i + 1)...])
                    break
                }
            }
            // One segment's files open at a time: a log of many segments must not hold them all.
            if !isActive { segment.deactivate() }
        }
        // A cut or an overlap may have ended the list early: its last segment is the active one.
        segments.last?.activate()
        // Orphan indexes (their .log is gone) would confuse a later segment with the same base.
        for name in try FileSystem.list(path) where name.hasSuffix(".index") || name.hasSuffix(".timeindex") {
            if let base = Int64(name.prefix(20)), !segments.contains(where: { $0.baseOffset == base }) {
                FileSystem.remove(path + "/" + name)
            }
        }
    }

    private static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : -1
    }

    private func deleteSegmentFiles(from bases: ArraySlice<Int64>) throws(StorageError) {
        for base in bases {
            for suffix in [".log", ".index", ".timeindex"] {
                FileSystem.remove(path + "/" + LogSegment.fileName(baseOffset: base, suffix: suffix))
            }
        }
        try FileSystem.syncDirectory(path)
    }

    /// How much of the log's tail start-up replays into producer state. A retry can only target
    /// batches appended just before a crash, so the tail suffices; producers seen only further
    /// back become unknown, which accepts any sequence (as after Kafka's producer expiry).
    static let producerStateReplayBytes: Int64 = 256 << 20

    func rebuildProducerState() {
        producerState.removeAll()
        var first = segments.count - 1
        var bytes = active.size
        while first > 0 && (first > segments.count - 2 || bytes < Self.producerStateReplayBytes) {
            first -= 1
            bytes += segments[first].size
        }
        for segment in segments[first...] {
            try? segment.forEachBatch { header in producerState.record(header) }
        }
    }

    // MARK: Offsets

    var active: LogSegment { segments[segments.count - 1] }

    public var logStartOffset: Int64 { lock.withLock { _logStartOffset } }
    /// The next offset to be assigned; on one node this is also the high watermark.
    public var logEndOffset: Int64 { lock.withLock { active.nextOffset } }
    /// Everything below this offset has been fsynced.
    public var flushedOffset: Int64 { lock.withLock { _flushedOffset } }
    public var sizeInBytes: Int64 { lock.withLock { segments.reduce(0) { $0 + $1.size } } }
    public var segmentBaseOffsets: [Int64] { lock.withLock { segments.map(\.baseOffset) } }
    public var producerStateSnapshot: ProducerStateManager { lock.withLock { producerState } }

    public var currentConfig: LogConfig { lock.withLock { config } }
    public func updateConfig(_ config: LogConfig) { lock.withLock { self.config = config } }

    // MARK: Append

    /// Appends one validated batch (the caller checks CRC and records; this checks size and
    /// producer sequences). The bytes go to the file as received, the assigned base offset written
    /// in front of them, so a batch sliced from a request buffer is never copied. The caller's
    /// buffer is left unchanged.
    ///
    /// `leaderEpoch`, if given, is stamped as the batch's PartitionLeaderEpoch (outside the CRC).
    public func append(_ batch: RecordBatch, now: Int64, leaderEpoch: Int32? = nil) throws(StorageError) -> AppendResult {
        try lock.withLock { () throws(StorageError) -> AppendResult in
            if let failure { throw .logOffline("\(failure)") }
            guard batch.sizeInBytes <= config.maxMessageBytes else {
                throw .messageTooLarge(size: batch.sizeInBytes, max: config.maxMessageBytes)
            }
            let logStart = _logStartOffset
            if batch.isIdempotent {
                let decision = try producerState.check(
                    producerID: batch.producerID, epoch: batch.producerEpoch, firstSequence: batch.baseSequence,
                    lastSequence: batch.lastSequence)
                if case let .duplicate(original) = decision {
                    return AppendResult(
                        baseOffset: original.baseOffset, lastOffset: original.lastOffset, logAppendTime: -1,
                        logStartOffset: logStart, isDuplicate: true)
                }
            }
            var batch = batch
            let base = active.nextOffset
            var appendTime: Int64 = -1
            if config.messageTimestampType == .logAppendTime {
                // Rewrites attributes, timestamp and CRC, so this path copies the batch anyway.
                batch.stampLogAppendTime(now)
                appendTime = now
            }
            let last = base + Int64(batch.lastOffsetDelta)
            if active.shouldRoll(batchSize: batch.sizeInBytes, lastOffset: last, maxTimestamp: batch.maxTimestamp, config: config) {
                try roll(at: base)
            }
            do throws(StorageError) {
                try active.append(batch.buffer, baseOffset: base, leaderEpoch: leaderEpoch)
            } catch {
                if case .logOffline = error { failure = error }
                throw error
            }
            producerState.record(
                producerID: batch.producerID, epoch: batch.producerEpoch, firstSequence: batch.baseSequence,
                lastSequence: batch.lastSequence, baseOffset: base, lastOffset: last)
            return AppendResult(
                baseOffset: base, lastOffset: last, logAppendTime: appendTime, logStartOffset: logStart, isDuplicate: false)
        }
    }

    /// Starts a new active segment. The old one stays dirty until the next `flush`.
    func roll(at base: Int64) throws(StorageError) {
        try segments.last?.trim()
        let segment: LogSegment
        do throws(StorageError) {
            segment = try LogSegment(directory: path, baseOffset: base, config: config, io: io, openFiles: openFiles)
        } catch {
            // The new segment's files may be half made (its `.log` created, an index not, for want
            // of a descriptor). Appends go on in the old segment past `base`, so a file left here
            // would overlap it at the next start. Anything at `base` lies past the log end:
            // garbage by definition, as below.
            for suffix in [".log", ".index", ".timeindex"] {
                FileSystem.remove(path + "/" + LogSegment.fileName(baseOffset: base, suffix: suffix))
            }
            throw error
        }
        if segment.size > 0 {
            // A leftover beyond the log end (say, from a failed truncation) is garbage by definition.
            try segment.truncateAll()
        }
        segments.last?.deactivate()
        segments.append(segment)
        directoryDirty = true
    }

    // MARK: Flush and close

    /// fdatasyncs every segment written since the last flush, outside the lock, and returns the
    /// offset everything below which is now durable. A failed fsync takes the log offline: after
    /// one, Linux may have dropped the dirty pages, so a retry that succeeds would prove nothing.
    @discardableResult
    public func flush() throws(StorageError) -> Int64 {
        try flushLock.withLock { () throws(StorageError) -> Int64 in
            let (descriptors, target, syncDirectory, generation) = try lock.withLock {
                () throws(StorageError) -> ([CInt], Int64, Bool, Int) in
                if let failure { throw .logOffline("\(failure)") }
                // Nothing is marked clean until every descriptor is in hand: a shortage of
                // descriptors fails this flush, and the next one syncs the same segments.
                let dirty = segments.filter(\.isDirty)
                var fds: [CInt] = []
                do throws(StorageError) {
                    for segment in dirty {
                        let fd = dup(try segment.fd)
                        guard fd >= 0 else { throw .lastErrno("dup") }
                        fds.append(fd)
                    }
                } catch {
                    for fd in fds { _ = Glibc.close(fd) }
                    throw error
                }
                for segment in dirty { segment.isDirty = false }
                let syncDirectory = directoryDirty
                directoryDirty = false
                return (fds, active.nextOffset, syncDirectory, truncations)
            }
            defer { for fd in descriptors { _ = Glibc.close(fd) } }
            // Only a failed fsync takes the log offline (after one, Linux may have dropped the dirty
            // pages). Failing to open the directory is a passing shortage of descriptors: the
            // directory stays due and the next flush tries again.
            do throws(StorageError) {
                for fd in descriptors { try io.fsync(fd) }
            } catch {
                lock.withLock { failure = error }
                throw error
            }
            if syncDirectory {
                let directory: CInt
                do throws(StorageError) {
                    directory = try FileSystem.openDirectory(path)
                } catch {
                    lock.withLock { directoryDirty = true }
                    throw error
                }
                defer { _ = Glibc.close(directory) }
                do throws(StorageError) {
                    try FileSystem.syncDirectory(directory, path: path)
                } catch {
                    lock.withLock { failure = error }
                    throw error
                }
            }
            return lock.withLock {
                if generation == truncations { _flushedOffset = max(_flushedOffset, target) }
                return _flushedOffset
            }
        }
    }

    /// Flushes, then writes the clean-shutdown marker so the next open can trust the indexes.
    /// The log must not be used afterwards.
    /// Syncs under the lock, so no append can slip in between the last fsync and the marker.
    /// A log that already failed closes without the marker and reports why.
    public func close() throws(StorageError) {
        try lock.withLock { () throws(StorageError) in
            guard !isClosed else { return }
            isClosed = true
            defer { for segment in segments { segment.close() } }
            if let failure { throw .logOffline("\(failure)") }
            failure = .logOffline("closed")
            try active.trim()
            for segment in segments where segment.isDirty { try segment.sync() }
            for segment in segments { try segment.syncIndexes() }
            try FileSystem.syncDirectory(path)
            _flushedOffset = active.nextOffset
            try FileSystem.writeAtomically(path + "/" + Self.cleanShutdownFile, "clean=true\n")
        }
    }

    /// Closes descriptors without flushing or marking a clean shutdown, as a crash would leave it.
    public func closeWithoutMarker() {
        lock.withLock {
            guard !isClosed else { return }
            for segment in segments { segment.close() }
            isClosed = true
            failure = .logOffline("closed")
        }
    }

    deinit {
        if !isClosed { for segment in segments { segment.close() } }
    }
}
