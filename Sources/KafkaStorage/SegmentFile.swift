#if canImport(Glibc)
import Glibc
#endif

/// One file of a segment (`.log`, `.index` or `.timeindex`) whose descriptor is opened on first
/// use and may be closed again between uses.
///
/// Why: a partition can have thousands of segments but writes only its active one. If every
/// segment kept its three descriptors, a partition's cost in descriptors would grow with its
/// data, and no partition budget derived from the descriptor limit (docs/reliability.md) could
/// be honest. So only the active segment's files are *pinned* (kept open); an inactive segment's
/// file opens when a read needs it and is closed when its log's lock is released (`OpenFiles`),
/// as Kafka opens inactive segments' indexes lazily. At rest a partition holds three descriptors.
///
/// Not thread-safe: used only under the owning log's lock (or by a segment nobody shares).
final class SegmentFile {
    let io: FileIO
    let path: String
    private let openFiles: OpenFiles
    /// Whether a missing file may be created on reopen: yes for indexes (rebuilt from the log if
    /// empty), no for a `.log`, whose disappearance must be an error, not a silently empty segment.
    private let recreate: Bool
    private var descriptor: CInt = -1
    /// Kept open between operations while true (the active segment).
    private(set) var isPinned: Bool

    /// Opens the file now, creating it if missing, so a new segment's files exist on disk at once.
    init(io: FileIO, path: String, openFiles: OpenFiles, pinned: Bool, recreate: Bool) throws(StorageError) {
        self.io = io
        self.path = path
        self.openFiles = openFiles
        self.isPinned = pinned
        self.recreate = recreate
        descriptor = try io.open(path, flags: O_RDWR | O_CREAT, mode: 0o644)
        if !pinned { openFiles.note(self) }
    }

    /// The descriptor, opening the file again if it was closed.
    func fd() throws(StorageError) -> CInt {
        if descriptor >= 0 { return descriptor }
        descriptor = try io.open(path, flags: recreate ? O_RDWR | O_CREAT : O_RDWR, mode: 0o644)
        if !isPinned { openFiles.note(self) }
        return descriptor
    }

    var isOpen: Bool { descriptor >= 0 }

    func pin() { isPinned = true }

    /// Stops keeping the file open; it is closed now and reopened only when needed.
    func unpin() {
        isPinned = false
        close()
    }

    func close() {
        guard descriptor >= 0 else { return }
        io.close(descriptor)
        descriptor = -1
    }

    func closeIfUnpinned() {
        if !isPinned { close() }
    }
}

/// The unpinned files one log opened during an operation, closed when its lock is released (the
/// lock's `beforeUnlock` hook), so reads of old segments cost an `open` each but hold nothing.
final class OpenFiles {
    private var files: [SegmentFile] = []

    init() {}

    func note(_ file: SegmentFile) { files.append(file) }

    func closeUnpinned() {
        guard !files.isEmpty else { return }
        for file in files { file.closeIfUnpinned() }
        files.removeAll(keepingCapacity: true)
    }

    /// How many files are waiting to be closed; for tests.
    var count: Int { files.count }
}
