#if canImport(Glibc)
import Glibc
#endif

/// The swap half of compaction: putting a cleaned group in place of the segments it replaces,
/// and at start-up finishing or undoing a swap a crash interrupted. The protocol is described at
/// the top of PartitionLog+Compaction.swift.
extension PartitionLog {
    /// Swaps the cleaned file of `group` in for its source segments, under the lock. Returns false
    /// (touching nothing) if any of them is gone or changed since planning, or became active. A
    /// failure after the commit point takes the log offline: its files are consistent for the
    /// next open, its memory no longer is. The old segments are renamed `*.deleted` and removed
    /// `file.delete.delay.ms` after `now`.
    func install(
        _ group: [CleanSegment], now: Int64, onStep: ((CleanerStep) throws(StorageError) -> Void)?
    ) throws(StorageError) -> Bool {
        try lock.withLock { () throws(StorageError) -> Bool in
            try checkOpen()
            guard let first = group.first,
                let index = segments.firstIndex(where: { $0.baseOffset == first.baseOffset }),
                index + group.count < segments.count,
                zip(segments[index...], group).allSatisfy({ $0.baseOffset == $1.baseOffset && $0.size == $1.size })
            else { return false }
            let base = first.baseOffset
            let swap = path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log.swap")
            guard rename(cleanedPath(base), swap) == 0 else { throw .lastErrno("rename to \(swap)") }
            do throws(StorageError) {
                try FileSystem.syncDirectory(path)
                try onStep?(.swapRenamed)
                let range = index..<(index + group.count)
                let old = Array(segments[range])
                segments.removeSubrange(range)
                retire(old, now: now)
                // Durable before the swap becomes `<base>.log`: a merged segment must never sit
                // beside segments it covers without its `.swap` name telling start-up so.
                try FileSystem.syncDirectory(path)
                try onStep?(.oldDeleted)
                let target = path + "/" + LogSegment.fileName(baseOffset: base, suffix: ".log")
                guard rename(swap, target) == 0 else { throw .lastErrno("rename to \(target)") }
                // The indexes built with the rewrite; if they are missing, `load` rebuilds them.
                for suffix in [".index", ".timeindex"] {
                    let name = LogSegment.fileName(baseOffset: base, suffix: suffix)
                    _ = rename(stagingPath + "/" + name, path + "/" + name)
                }
                let segment = try LogSegment(directory: path, baseOffset: base, config: config, io: io, openFiles: openFiles)
                segments.insert(segment, at: index)
                if !(try segment.load()) { try segment.recover() }
                // Never the active segment (checked above): its files close with the lock.
                segment.deactivate()
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
    /// rewrites, so the segment listing that follows sees each offset in exactly one segment.
    /// A `.swap` replaces every segment whose base offset lies in its range, as in Kafka's log
    /// loader: `[its base, the offset after its last batch)`.
    static func completeSwaps(in path: String) throws(StorageError) {
        var touched = false
        let names = try FileSystem.list(path)
        for name in names {
            if name.hasSuffix(".log.cleaned") {
                FileSystem.remove(path + "/" + name)
                touched = true
            } else if name.hasSuffix(".log.swap"), let base = Int64(name.prefix(20)) {
                let next = try swapNextOffset(path + "/" + name, base: base)
                for other in names where other.hasSuffix(".log") && other.count == 24 {
                    guard let old = Int64(other.prefix(20)), old >= base, old < next else { continue }
                    for suffix in [".log", ".index", ".timeindex"] {
                        FileSystem.remove(path + "/" + LogSegment.fileName(baseOffset: old, suffix: suffix))
                    }
                }
                // The swap's own indexes, if any, were never moved in; `load` rebuilds them.
                for suffix in [".index", ".timeindex"] {
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

    /// The offset after the last whole batch of a `.swap` file (fsynced before it got that name,
    /// so its batches are trusted), or `base + 1` if none can be read: then only the segment of
    /// the same base is replaced.
    private static func swapNextOffset(_ file: String, base: Int64) throws(StorageError) -> Int64 {
        let io = PosixFileIO()
        let fd = try io.open(file, flags: O_RDONLY, mode: 0)
        defer { io.close(fd) }
        let size = try io.fileSize(fd)
        var reader = SegmentReader(io: io, fd: fd, end: size)
        var position: Int64 = 0
        var next = base + 1
        while let header = try reader.header(at: position), header.end <= size, header.end > position {
            next = max(next, header.nextOffset)
            position = header.end
        }
        return next
    }
}
