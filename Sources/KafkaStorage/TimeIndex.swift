/// The sparse time index of one segment, in Kafka's `.timeindex` format.
///
/// On disk: a flat array of 12-byte entries, big-endian, no header and no checksum:
///
///     +------------------+-------------------------+
///     | timestamp: int64 | relative offset: uint32 |
///     +------------------+-------------------------+
///
/// Each entry says "the largest timestamp seen up to here is `timestamp`, first reached in the
/// batch whose last offset is base + relative offset". Entries are added beside offset-index
/// entries, and only when the timestamp grew, so both columns are monotonic and can be binary
/// searched. Every batch before an entry's offset has a timestamp ≤ the entry's timestamp, which
/// is what lets `offset(forTimestamp:)` start scanning there. Written through, never fsynced,
/// rebuilt from the log when implausible (see `OffsetIndex`).
public final class TimeIndex {
    public static let entrySize = 12
    public let baseOffset: Int64
    public let maxEntries: Int
    private var timestamps: [Int64] = []
    private var relativeOffsets: [UInt32] = []
    let file: IndexFile

    init(file: IndexFile, baseOffset: Int64, maxIndexBytes: Int) {
        self.file = file
        self.baseOffset = baseOffset
        self.maxEntries = max(1, maxIndexBytes / Self.entrySize)
    }

    public var count: Int { timestamps.count }
    public var isFull: Bool { count >= maxEntries }
    public var lastEntry: (timestamp: Int64, offset: Int64)? { count == 0 ? nil : entry(count - 1) }

    public func entry(_ i: Int) -> (timestamp: Int64, offset: Int64) {
        (timestamps[i], baseOffset + Int64(relativeOffsets[i]))
    }

    func append(timestamp: Int64, offset: Int64) throws(StorageError) {
        if let last = lastEntry, timestamp <= last.timestamp || offset <= last.offset { return }
        guard !isFull else { return }
        let relative = UInt32(truncatingIfNeeded: offset - baseOffset)
        var bytes = [UInt8](repeating: 0, count: Self.entrySize)
        for k in 0..<8 { bytes[k] = UInt8(truncatingIfNeeded: UInt64(bitPattern: timestamp) >> (56 - 8 * UInt64(k))) }
        for k in 0..<4 { bytes[8 + k] = UInt8(truncatingIfNeeded: relative >> (24 - 8 * UInt32(k))) }
        try bytes.withUnsafeBytes { raw in
            Result { () throws(StorageError) in try file.write(raw, at: Int64(count * Self.entrySize)) }
        }.get()
        timestamps.append(timestamp)
        relativeOffsets.append(relative)
    }

    /// The greatest entry whose timestamp is ≤ `target`.
    public func lookup(timestamp target: Int64) -> (timestamp: Int64, offset: Int64)? {
        guard let i = greatestIndex(count: count, where: { timestamps[$0] <= target }) else { return nil }
        return entry(i)
    }

    /// Loads the file and keeps it only if it is plausible for a segment ending before `nextOffset`.
    func load(nextOffset: Int64) throws(StorageError) -> Bool {
        let bytes = try file.readAll()
        timestamps = []
        relativeOffsets = []
        guard bytes.count % Self.entrySize == 0, bytes.count / Self.entrySize <= maxEntries else { return false }
        var i = 0
        while i < bytes.count {
            let ts = bytes.loadBigEndianInt64(at: i)
            let rel = bytes.loadBigEndianUInt32(at: i + 8)
            if let lastTs = timestamps.last, let lastRel = relativeOffsets.last, ts <= lastTs || rel <= lastRel { return false }
            guard baseOffset + Int64(rel) < nextOffset else { return false }
            timestamps.append(ts)
            relativeOffsets.append(rel)
            i += Self.entrySize
        }
        return true
    }

    /// Drops entries pointing at offsets ≥ `offset`.
    func truncate(toOffset offset: Int64) throws(StorageError) {
        var keep = count
        while keep > 0 && baseOffset + Int64(relativeOffsets[keep - 1]) >= offset { keep -= 1 }
        guard keep < count || file.mayHaveTail else { return }
        timestamps.removeSubrange(keep...)
        relativeOffsets.removeSubrange(keep...)
        try file.truncate(to: Int64(keep * Self.entrySize))
    }

    func reset() throws(StorageError) { try truncate(toOffset: Int64.min) }
    func sync() throws(StorageError) { try file.sync() }
    func close() { file.close() }
    func delete() { file.delete() }
    var path: String { file.path }
}
