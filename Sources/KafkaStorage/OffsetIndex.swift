#if canImport(Glibc)
import Glibc
#endif

/// The sparse offset index of one segment, in Kafka's `.index` format so Kafka tools can read it.
///
/// On disk: a flat array of 8-byte entries, big-endian, no header and no checksum:
///
///     +-------------------------+-------------------------+
///     | relative offset: uint32 | file position: uint32   |
///     +-------------------------+-------------------------+
///
/// The relative offset is the *last* offset of an appended batch minus the segment's base offset;
/// the position is where that batch *starts* in the `.log`. Both strictly increase. An entry is
/// added once more than `index.interval.bytes` have been appended since the previous one, so a
/// lookup lands at most about that many bytes before the wanted batch and scans headers forward.
///
/// Entries live in memory and are written through with `pwrite`; the file is never preallocated,
/// so its length is always a whole number of entries unless a crash tore the last one. Nothing
/// is fsynced: after an unclean shutdown the index is checked and rebuilt from the log if needed.
public final class OffsetIndex {
    public static let entrySize = 8
    public let baseOffset: Int64
    public let maxEntries: Int
    private var relativeOffsets: [UInt32] = []
    private var positions: [UInt32] = []
    let file: IndexFile

    init(file: IndexFile, baseOffset: Int64, maxIndexBytes: Int) {
        self.file = file
        self.baseOffset = baseOffset
        self.maxEntries = max(1, maxIndexBytes / Self.entrySize)
    }

    public var count: Int { positions.count }
    public var isFull: Bool { count >= maxEntries }
    public var lastEntry: (offset: Int64, position: Int64)? {
        count == 0 ? nil : entry(count - 1)
    }

    public func entry(_ i: Int) -> (offset: Int64, position: Int64) {
        (baseOffset + Int64(relativeOffsets[i]), Int64(positions[i]))
    }

    func append(offset: Int64, position: Int64) throws(StorageError) {
        let relative = UInt32(truncatingIfNeeded: offset - baseOffset)
        if let last = lastEntry, offset <= last.offset || position <= last.position { return }
        guard !isFull else { return }
        var bytes: (UInt32, UInt32) = (relative.bigEndian, UInt32(truncatingIfNeeded: position).bigEndian)
        try withUnsafeBytes(of: &bytes) { raw in
            Result { () throws(StorageError) in try file.write(raw, at: Int64(count * Self.entrySize)) }
        }.get()
        relativeOffsets.append(relative)
        positions.append(UInt32(truncatingIfNeeded: position))
    }

    /// The greatest entry whose offset is ≤ `target`, i.e. a batch start at or before the batch holding it.
    public func lookup(offset target: Int64) -> (offset: Int64, position: Int64)? {
        guard target >= baseOffset else { return nil }
        let rel = target - baseOffset
        guard let i = greatestIndex(count: count, where: { Int64(relativeOffsets[$0]) <= rel }) else { return nil }
        return entry(i)
    }

    /// The greatest entry whose position is ≤ `position`; used to bound a read near its byte limit.
    public func lookup(position target: Int64) -> (offset: Int64, position: Int64)? {
        guard let i = greatestIndex(count: count, where: { Int64(positions[$0]) <= target }) else { return nil }
        return entry(i)
    }

    /// Loads the file and keeps it only if it is plausible for a log of `logSize` bytes.
    func load(logSize: Int64) throws(StorageError) -> Bool {
        let bytes = try file.readAll()
        relativeOffsets = []
        positions = []
        guard bytes.count % Self.entrySize == 0, bytes.count / Self.entrySize <= maxEntries else { return false }
        var i = 0
        while i < bytes.count {
            let rel = bytes.loadBigEndianUInt32(at: i)
            let pos = bytes.loadBigEndianUInt32(at: i + 4)
            if let lastRel = relativeOffsets.last, let lastPos = positions.last, rel <= lastRel || pos <= lastPos { return false }
            guard Int64(pos) < logSize else { return false }
            relativeOffsets.append(rel)
            positions.append(pos)
            i += Self.entrySize
        }
        return true
    }

    /// Drops entries for batches starting at or after `position` (the log is being cut there).
    func truncate(toPosition position: Int64) throws(StorageError) {
        var keep = count
        while keep > 0 && Int64(positions[keep - 1]) >= position { keep -= 1 }
        try truncate(toCount: keep)
    }

    func truncate(toCount keep: Int) throws(StorageError) {
        guard keep < count || file.mayHaveTail else { return }
        relativeOffsets.removeSubrange(keep...)
        positions.removeSubrange(keep...)
        try file.truncate(to: Int64(keep * Self.entrySize))
    }

    func reset() throws(StorageError) { try truncate(toCount: 0) }
    func sync() throws(StorageError) { try file.sync() }
    func close() { file.close() }
    func delete() { file.delete() }
    var path: String { file.path }
}

/// The file under an index: write-through of fixed-size entries, read back on load. Its
/// descriptor is a `SegmentFile`, closed while the segment is inactive.
final class IndexFile {
    let file: SegmentFile
    var path: String { file.path }
    var io: FileIO { file.io }
    /// The file may hold bytes past the in-memory entries (a torn entry seen at load).
    var mayHaveTail = true

    init(io: FileIO, path: String, openFiles: OpenFiles, pinned: Bool) throws(StorageError) {
        file = try SegmentFile(io: io, path: path, openFiles: openFiles, pinned: pinned, recreate: true)
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        try io.pwrite(try file.fd(), bytes, at: offset)
    }

    func readAll() throws(StorageError) -> [UInt8] {
        let fd = try file.fd()
        let size = Int(try io.fileSize(fd))
        var bytes = [UInt8](repeating: 0, count: size)
        let n = try bytes.withUnsafeMutableBytes { raw in
            Result { () throws(StorageError) in try io.pread(fd, into: raw, at: 0) }
        }.get()
        mayHaveTail = true
        return Array(bytes.prefix(n))
    }

    func truncate(to length: Int64) throws(StorageError) {
        try io.ftruncate(try file.fd(), to: length)
        mayHaveTail = false
    }

    func sync() throws(StorageError) { try io.fsync(try file.fd()) }
    func close() { file.close() }
    func delete() {
        file.close()
        _ = unlink(path)
    }
}

/// Binary search for the last index in `0..<count` satisfying a predicate that is true then false.
func greatestIndex(count: Int, where predicate: (Int) -> Bool) -> Int? {
    var low = 0
    var high = count - 1
    var found: Int?
    while low <= high {
        let mid = (low + high) / 2
        if predicate(mid) {
            found = mid
            low = mid + 1
        } else {
            high = mid - 1
        }
    }
    return found
}

extension Array where Element == UInt8 {
    func loadBigEndianUInt32(at i: Int) -> UInt32 {
        UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8 | UInt32(self[i + 3])
    }

    func loadBigEndianInt64(at i: Int) -> Int64 {
        var value: UInt64 = 0
        for k in 0..<8 { value = value << 8 | UInt64(self[i + k]) }
        return Int64(bitPattern: value)
    }
}
