import KafkaRecords
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// One segment of a partition log: `<base>.log` holding whole batches back to back exactly as
/// produced (base offset assigned), plus its `.index` and `.timeindex`. Files are named by the
/// base offset zero-padded to 20 digits, as Kafka does, so Kafka's dump tools work on them.
///
/// Not thread-safe: a `PartitionLog` owns its segments and touches them only under its lock.
public final class LogSegment {
    public let baseOffset: Int64
    public let logPath: String
    let io: FileIO
    /// The `.log`; open only while needed unless the segment is active (SegmentFile.swift).
    let file: SegmentFile
    let indexIntervalBytes: Int
    public let offsetIndex: OffsetIndex
    public let timeIndex: TimeIndex

    /// Bytes of valid batches. The file is longer only by the active segment's reserved tail
    /// (`fileEnd`), or transiently during a failed write.
    public private(set) var size: Int64 = 0
    public private(set) var nextOffset: Int64
    public private(set) var maxTimestamp: Int64 = -1
    private(set) var offsetOfMaxTimestamp: Int64 = -1
    /// The first batch's timestamp: `segment.ms` counts from it, as in Kafka.
    private(set) var rollingTimestamp: Int64?
    private var bytesSinceLastIndexEntry = 0
    /// Appended to since the last fsync of its `.log`.
    var isDirty = false
    /// The file's length: `size` plus, while the segment is active, a reserved zero-filled tail.
    private(set) var fileEnd: Int64 = 0
    /// How far ahead of the data `reserve` allocates; 0 with `preallocate=false`.
    private let preallocationBytes: Int64

    /// 1 MiB ahead: the size change and block allocation then cost one fdatasync in ~7,000
    /// one-record appends instead of every one, while an idle or small partition reserves little.
    static let preallocationChunk: Int64 = 1 << 20

    public static func fileName(baseOffset: Int64, suffix: String) -> String {
        let digits = String(baseOffset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + suffix
    }

    /// Opens (or creates) the segment files without reading them; call `load` or `recover` next.
    /// A segment starts active (its files kept open); `deactivate` lets them close. `openFiles`
    /// is the owning log's list of files to close when its lock is released.
    init(
        directory: String, baseOffset: Int64, config: LogConfig, io: FileIO, openFiles: OpenFiles = OpenFiles()
    ) throws(StorageError) {
        self.baseOffset = baseOffset
        self.nextOffset = baseOffset
        self.io = io
        self.indexIntervalBytes = config.indexIntervalBytes
        self.preallocationBytes = config.preallocate ? min(Self.preallocationChunk, Int64(config.segmentBytes)) : 0
        let prefix = directory + "/" + Self.fileName(baseOffset: baseOffset, suffix: "")
        self.logPath = prefix + ".log"
        let file = try SegmentFile(io: io, path: logPath, openFiles: openFiles, pinned: true, recreate: false)
        self.file = file
        var indexes: [IndexFile] = []
        do throws(StorageError) {
            indexes.append(try IndexFile(io: io, path: prefix + ".index", openFiles: openFiles, pinned: true))
            indexes.append(try IndexFile(io: io, path: prefix + ".timeindex", openFiles: openFiles, pinned: true))
            size = try io.fileSize(try file.fd())
        } catch {
            file.close()
            for index in indexes { index.close() }
            throw error
        }
        offsetIndex = OffsetIndex(file: indexes[0], baseOffset: baseOffset, maxIndexBytes: config.segmentIndexBytes)
        timeIndex = TimeIndex(file: indexes[1], baseOffset: baseOffset, maxIndexBytes: config.segmentIndexBytes)
        fileEnd = size
    }

    /// The `.log`'s descriptor, reopened if the segment is inactive and it was closed.
    var fd: CInt {
        get throws(StorageError) { try file.fd() }
    }

    /// Lets the segment's three files close between operations: it is no longer the active one.
    func deactivate() {
        file.unpin()
        offsetIndex.file.file.unpin()
        timeIndex.file.file.unpin()
    }

    /// Keeps the files open between operations: the segment became the active one again.
    func activate() {
        file.pin()
        offsetIndex.file.file.pin()
        timeIndex.file.file.pin()
    }

    /// How many of the segment's files hold a descriptor now; for tests.
    var openFileCount: Int {
        [file.isOpen, offsetIndex.file.file.isOpen, timeIndex.file.file.isOpen].filter { $0 }.count
    }

    func makeReader() throws(StorageError) -> SegmentReader { SegmentReader(io: io, fd: try fd, end: size) }

    // MARK: Loading and recovery

    /// Trusts the data (clean shutdown, or a segment that was complete before the last roll) but
    /// not blindly the indexes: they must be plausible and the batch chain after the last index
    /// entry must end exactly at the file end. Returns false if the segment needs `recover()`.
    func load() throws(StorageError) -> Bool {
        resetState()
        guard try offsetIndex.load(logSize: size) else { return false }
        var reader = try makeReader()
        if let first = try reader.header(at: 0) { rollingTimestamp = first.maxTimestamp }
        var position = offsetIndex.lastEntry?.position ?? 0
        nextOffset = baseOffset
        var batches: [BatchHeader] = []
        while position < size {
            guard let header = try reader.header(at: position), header.end <= size, header.baseOffset >= baseOffset
            else { return false }
            batches.append(header)
            nextOffset = header.nextOffset
            position = header.end
        }
        if let entry = offsetIndex.lastEntry, batches.first?.lastOffset != entry.offset { return false }
        guard try timeIndex.load(nextOffset: nextOffset) else { return false }
        // An offset index without its time index means the latter was lost: rebuild both.
        if offsetIndex.count > 0 && timeIndex.count == 0 { return false }
        if let last = timeIndex.lastEntry { (maxTimestamp, offsetOfMaxTimestamp) = (last.timestamp, last.offset) }
        // Replays the tail through the normal indexing rule, so entries a crash (or a deleted
        // index file) lost come back exactly where they would have been written.
        bytesSinceLastIndexEntry = 0
        var tail = batches[...]
        if offsetIndex.lastEntry != nil, let indexed = tail.popFirst() {
            if indexed.maxTimestamp > maxTimestamp { (maxTimestamp, offsetOfMaxTimestamp) = (indexed.maxTimestamp, indexed.lastOffset) }
            bytesSinceLastIndexEntry = indexed.size
        }
        for header in tail { indexBatch(header) }
        return true
    }

    /// Re-reads every batch, checking length, magic, offsets and CRC; cuts the file at the first
    /// bad or torn batch and rebuilds both indexes. Returns the number of bytes cut.
    @discardableResult
    func recover() throws(StorageError) -> Int64 {
        try offsetIndex.reset()
        try timeIndex.reset()
        resetState()
        var reader = try makeReader()
        var position: Int64 = 0
        while position < size {
            guard let header = try reader.header(at: position), header.end <= size, header.baseOffset >= nextOffset,
                let batch = try reader.bytes(at: position, count: header.size), Self.crcMatches(batch)
            else { break }
            indexBatch(header)
            position = header.end
        }
        let cut = size - position
        if cut > 0 {
            let slack = try isZeroFilled(from: position)
            try io.ftruncate(try fd, to: position)
            size = position
            fileEnd = position
            isDirty = true
            // A reserved tail that was never written (a crash before `trim`) loses nothing.
            if slack { return 0 }
        }
        return cut
    }

    /// Whether every byte from `position` to the file end is zero: a `preallocate` tail. Compared
    /// with `memcmp` against zeros: a reserved tail is up to a megabyte per partition, checked at
    /// every unclean start, and a byte loop over it costs seconds per partition in a debug build.
    private func isZeroFilled(from position: Int64) throws(StorageError) -> Bool {
        var at = position
        while at < size {
            let chunk = try readBuffer(io: io, fd: try fd, at: at, count: Int(min(Int64(Self.zeros.count), size - at)))
            guard chunk.readableBytes > 0 else { return true }
            let zero = chunk.withUnsafeReadableBytes { raw in
                Self.zeros.withUnsafeBytes { memcmp(raw.baseAddress!, $0.baseAddress!, raw.count) == 0 }
            }
            if !zero { return false }
            at += Int64(chunk.readableBytes)
        }
        return true
    }

    private static let zeros = [UInt8](repeating: 0, count: 64 * 1024)

    static func crcMatches(_ batch: ByteBuffer) -> Bool {
        guard let stored: UInt32 = batch.getInteger(at: batch.readerIndex + 17),
            let covered = batch.getSlice(at: batch.readerIndex + 21, length: batch.readableBytes - 21)
        else { return false }
        return CRC32C.checksum(covered) == stored
    }

    private func resetState() {
        nextOffset = baseOffset
        maxTimestamp = -1
        offsetOfMaxTimestamp = -1
        rollingTimestamp = nil
        bytesSinceLastIndexEntry = 0
    }

    /// Kafka's rule: index the batch when more than `index.interval.bytes` went by since the last
    /// entry; the offset entry holds the batch's last offset and start position. Index file write
    /// failures are ignored on purpose: memory stays right, and a short or holed file fails the
    /// plausibility check at the next load and is rebuilt.
    private func indexBatch(_ header: BatchHeader) {
        if rollingTimestamp == nil { rollingTimestamp = header.maxTimestamp }
        if header.maxTimestamp > maxTimestamp { (maxTimestamp, offsetOfMaxTimestamp) = (header.maxTimestamp, header.lastOffset) }
        if bytesSinceLastIndexEntry > indexIntervalBytes {
            try? offsetIndex.append(offset: header.lastOffset, position: header.position)
            if offsetOfMaxTimestamp >= baseOffset { try? timeIndex.append(timestamp: maxTimestamp, offset: offsetOfMaxTimestamp) }
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += header.size
        nextOffset = header.nextOffset
    }

    // MARK: Append

    /// Kafka's roll rules. `segment.ms` compares record time with record time (the new batch's
    /// against the first batch's), as Kafka does, so a producer with a skewed clock cannot make
    /// every append roll a new segment.
    func shouldRoll(batchSize: Int, lastOffset: Int64, maxTimestamp: Int64, config: LogConfig) -> Bool {
        guard size > 0 else { return false }
        if size + Int64(batchSize) > Int64(config.segmentBytes) { return true }
        if let rolling = rollingTimestamp, rolling >= 0, maxTimestamp - rolling > config.segmentMs { return true }
        return offsetIndex.isFull || timeIndex.isFull || lastOffset - baseOffset > Int64(Int32.max)
    }

    /// Appends one batch (offset already assigned). On a failed write the file is cut back so the
    /// segment stays exactly as before; if even that fails the caller must take the log offline.
    func append(_ batch: ByteBuffer, baseOffset: Int64, leaderEpoch: Int32?) throws(StorageError) {
        guard var header = BatchHeader(batch, at: batch.readerIndex, position: size) else {
            throw .corruptMessage("not a v2 batch header")
        }
        header.lastOffset = baseOffset + Int64(header.lastOffsetDelta)
        header.baseOffset = baseOffset
        // BaseOffset, BatchLength, PartitionLeaderEpoch: the 16 bytes before the CRC'd part.
        let length: Int32 = batch.getInteger(at: batch.readerIndex + 8)!
        let epoch = leaderEpoch ?? batch.getInteger(at: batch.readerIndex + 12)!
        let fd = try self.fd
        if size + Int64(batch.readableBytes) > fileEnd { reserve(fd, through: size + Int64(batch.readableBytes)) }
        var head = (baseOffset.bigEndian, length.bigEndian, epoch.bigEndian)
        let written = withUnsafeBytes(of: &head) { headBytes in
            batch.withUnsafeReadableBytes { raw in
                Result { () throws(StorageError) in
                    try io.pwrite(fd, head: headBytes, tail: UnsafeRawBufferPointer(rebasing: raw[16...]), at: size)
                }
            }
        }
        if case let .failure(failure) = written {
            do { try io.ftruncate(fd, to: size) } catch { throw .logOffline("\(failure); rollback failed: \(error)") }
            fileEnd = size
            throw failure
        }
        size += Int64(batch.readableBytes)
        fileEnd = max(fileEnd, size)
        isDirty = true
        indexBatch(header)
    }

    /// Kafka's `preallocate`, a chunk at a time: the blocks past the data are allocated ahead, so
    /// a later fdatasync writes the data and no allocation metadata. On this machine's ext4 that
    /// takes a one-record append + fdatasync from ~155 to ~105 µs (docs/benchmarks.md). A refusal
    /// (disk full) is ignored: the write itself then reports what is wrong.
    private func reserve(_ fd: CInt, through end: Int64) {
        guard preallocationBytes > 0 else { return }
        let target = max(end, fileEnd + preallocationBytes)
        if io.allocate(fd, at: fileEnd, length: target - fileEnd) { fileEnd = target }
    }

    /// Cuts the reserved tail so the file ends at the last batch: done when the segment stops
    /// being active (roll, close), so only the active segment of a running broker has one.
    func trim() throws(StorageError) {
        guard fileEnd > size else { return }
        try io.ftruncate(try fd, to: size)
        fileEnd = size
        isDirty = true
    }

    // MARK: Lookup

    /// The header of the batch holding `offset` (or the first batch after it), scanning forward
    /// from the index entry at or before it.
    func batch(containing offset: Int64, reader: inout SegmentReader) throws(StorageError) -> BatchHeader? {
        var position = offsetIndex.lookup(offset: offset)?.position ?? 0
        while let header = try reader.header(at: position) {
            if header.lastOffset >= offset { return header }
            position = header.end
        }
        return nil
    }

    /// The end of the last whole batch that fits in `[start, limit]`, found through the index so
    /// a large read does not parse every header, and the offset that follows it (the base offset of
    /// the batch that did not fit, whose header the scan reads anyway).
    func batchBoundary(from start: Int64, limit: Int64, reader: inout SegmentReader) throws(StorageError) -> (position: Int64, nextOffset: Int64) {
        if limit >= size { return (size, nextOffset) }
        var position = max(start, offsetIndex.lookup(position: limit)?.position ?? start)
        while let header = try reader.header(at: position) {
            guard header.end <= limit else { return (position, header.baseOffset) }
            position = header.end
        }
        return (position, nextOffset)
    }

    /// The first batch whose max timestamp is ≥ `timestamp`.
    func batch(forTimestamp timestamp: Int64) throws(StorageError) -> BatchHeader? {
        guard maxTimestamp >= timestamp else { return nil }
        var reader = try makeReader()
        var position: Int64 = 0
        // Entries below `timestamp` prove every earlier batch is older, so the scan may start there.
        if timestamp > Int64.min, let entry = timeIndex.lookup(timestamp: timestamp - 1),
            let start = try batch(containing: entry.offset, reader: &reader)
        {
            position = start.position
        }
        while let header = try reader.header(at: position) {
            if header.maxTimestamp >= timestamp { return header }
            position = header.end
        }
        return nil
    }

    func forEachBatch(_ body: (BatchHeader) throws(StorageError) -> Void) throws(StorageError) {
        var reader = try makeReader()
        var position: Int64 = 0
        while let header = try reader.header(at: position) {
            try body(header)
            position = header.end
        }
    }

    // MARK: Truncation and lifecycle

    /// Removes every batch from the one holding `offset` on; returns the new next offset.
    func truncate(to offset: Int64) throws(StorageError) {
        var reader = try makeReader()
        guard let header = try batch(containing: offset, reader: &reader) else { return }
        try io.ftruncate(try fd, to: header.position)
        size = header.position
        fileEnd = size
        isDirty = true
        try offsetIndex.truncate(toPosition: size)
        try timeIndex.truncate(toOffset: header.baseOffset)
        // Timestamps of the removed batches may still sit in the state; a rescan is simplest.
        _ = try recoverTrusted()
    }

    /// Empties the segment entirely.
    func truncateAll() throws(StorageError) {
        try io.ftruncate(try fd, to: 0)
        size = 0
        fileEnd = 0
        isDirty = true
        try offsetIndex.reset()
        try timeIndex.reset()
        resetState()
    }

    private func recoverTrusted() throws(StorageError) -> Bool {
        if try load() { return true }
        try recover()
        return false
    }

    func sync() throws(StorageError) { try io.fsync(try fd) }

    func syncIndexes() throws(StorageError) {
        try offsetIndex.sync()
        try timeIndex.sync()
    }

    func close() {
        file.close()
        offsetIndex.close()
        timeIndex.close()
    }

    /// Unlinks the files at once (truncation, deleted topics). Segments that leave a live log go
    /// through `renameForDeletion` instead.
    func delete() {
        file.close()
        _ = unlink(logPath)
        offsetIndex.delete()
        timeIndex.delete()
    }

    static let deletedSuffix = ".deleted"

    /// First half of Kafka's asynchronous delete: closes the segment and renames its three files
    /// to `<name>.deleted`, so no later open loads them while descriptors already handed out keep
    /// reading. Returns the new paths, for `PartitionLog` to unlink after `file.delete.delay.ms`.
    /// A file that cannot be renamed is unlinked at once: a stray `.log` must never come back as
    /// a segment.
    func renameForDeletion() -> [String] {
        close()
        var renamed: [String] = []
        for path in [logPath, offsetIndex.path, timeIndex.path] {
            let target = path + Self.deletedSuffix
            if rename(path, target) == 0 {
                renamed.append(target)
            } else if errno != ENOENT {
                _ = unlink(path)
            }
        }
        return renamed
    }
}
