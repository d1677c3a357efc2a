// ListOffsets v0's offsets "before" a time, computed from segment boundaries as Kafka did before
// the time index existed (Kafka's UnifiedLog.legacyFetchOffsetsBefore).

#if canImport(Glibc)
import Glibc
#endif

/// ListOffsets v0 answers a list of offsets, newest first, taken from segment boundaries: each
/// segment contributes its base offset (never below the log start) stamped with the time its file
/// was last modified, and a non-empty active segment adds the log end offset stamped "now".
/// Latest (−1) starts from the last entry, earliest (−2) from the first; any other time from the
/// last entry stamped at or before it. At most `maxNumOffsets` entries are returned, walking back.
public enum LegacyOffsets {
    /// One candidate: an offset and the time it is stamped with.
    public struct Entry: Hashable, Sendable {
        public var offset: Int64
        public var time: Int64
        public init(offset: Int64, time: Int64) {
            self.offset = offset
            self.time = time
        }
    }

    /// The candidates of a log, oldest first. `segments` are (base offset, file mtime in ms), oldest
    /// first; `lastSegmentHasData` tells whether the active segment holds any batch.
    public static func entries(
        segments: [(baseOffset: Int64, lastModified: Int64)], lastSegmentHasData: Bool,
        logStartOffset: Int64, logEndOffset: Int64, now: Int64
    ) -> [Entry] {
        var entries = segments.map { Entry(offset: max($0.baseOffset, logStartOffset), time: $0.lastModified) }
        if lastSegmentHasData { entries.append(Entry(offset: logEndOffset, time: now)) }
        return entries
    }

    /// The offsets answered for `timestamp`, in descending order; nil for a negative
    /// `maxNumOffsets`, which Kafka answers with UNKNOWN_SERVER_ERROR (its array allocation fails).
    public static func offsets(_ entries: [Entry], before timestamp: Int64, maxNumOffsets: Int32) -> [Int64]? {
        var start: Int
        switch timestamp {
        case -1: start = entries.count - 1
        case -2: start = entries.isEmpty ? -1 : 0
        default: start = entries.lastIndex { $0.time <= timestamp } ?? -1
        }
        let count = min(Int(maxNumOffsets), start + 1)
        guard count >= 0 else { return nil }
        var result: [Int64] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            result.append(entries[start].offset)
            start -= 1
        }
        return result.sorted(by: >)
    }
}

extension PartitionLog {
    /// ListOffsets v0 for this log (see `LegacyOffsets`); segment times are the `.log` files' mtimes.
    public func legacyOffsets(before timestamp: Int64, maxNumOffsets: Int32, now: Int64) -> [Int64]? {
        let entries = lock.withLock { () -> [LegacyOffsets.Entry] in
            LegacyOffsets.entries(
                segments: segments.map { ($0.baseOffset, Self.modificationTime(of: $0.logPath) ?? now) },
                lastSegmentHasData: (segments.last?.size ?? 0) > 0,
                logStartOffset: _logStartOffset, logEndOffset: active.nextOffset, now: now)
        }
        return LegacyOffsets.offsets(entries, before: timestamp, maxNumOffsets: maxNumOffsets)
    }

    /// A file's last modification time in milliseconds, as Java's `File.lastModified`.
    static func modificationTime(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }
}
