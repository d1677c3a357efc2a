import SystemPackage

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// POSIX I/O with one armed fault, for crash-point tests. A fault fires on the n-th matching call
/// after arming and then disarms, so a test can fail exactly one write or fsync.
public final class FaultyFileIO: FileIO, @unchecked Sendable {
    public enum Fault: Sendable, Equatable {
        /// Writes `keepBytes` of the data, then fails with `errno` (a torn write).
        case shortWrite(keepBytes: Int, errno: Int32)
        case writeError(errno: Int32)
        case fsyncError(errno: Int32)
        /// `open` fails with `errno` (EMFILE, ENOSPC, EACCES ...), opening nothing.
        case openError(errno: Int32)
    }

    private let base = PosixFileIO()
    private let lock = Lock()
    private var armed: (fault: Fault, skip: Int)?
    private var _fired = 0

    public init() {}

    /// Arms `fault` to fire on the call after `skipping` matching calls have gone through.
    public func inject(_ fault: Fault, skipping: Int = 0) { lock.withLock { armed = (fault, skipping) } }
    public func clear() { lock.withLock { armed = nil } }
    public var firedCount: Int { lock.withLock { _fired } }

    private enum Call { case write, fsync, open }

    private func take(_ call: Call) -> Fault? {
        lock.withLock { () -> Fault? in
            guard let current = armed else { return nil }
            let matches: Bool
            switch current.fault {
            case .shortWrite, .writeError: matches = call == .write
            case .fsyncError: matches = call == .fsync
            case .openError: matches = call == .open
            }
            guard matches else { return nil }
            if current.skip > 0 {
                armed = (current.fault, current.skip - 1)
                return nil
            }
            armed = nil
            _fired += 1
            return current.fault
        }
    }

    public func open(_ path: String, flags: Int32, mode: mode_t) throws(StorageError) -> CInt {
        if case let .openError(code)? = take(.open) { throw .io(errno: code, context: "open \(path) (injected)") }
        return try base.open(path, flags: flags, mode: mode)
    }
    public func close(_ fd: CInt) { base.close(fd) }
    public func pread(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) -> Int {
        try base.pread(fd, into: buffer, at: offset)
    }

    public func pwrite(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        switch take(.write) {
        case let .shortWrite(keep, code)?:
            try base.pwrite(fd, UnsafeRawBufferPointer(rebasing: bytes.prefix(max(0, min(keep, bytes.count)))), at: offset)
            throw .io(errno: code, context: "pwrite (injected)")
        case let .writeError(code)?:
            throw .io(errno: code, context: "pwrite (injected)")
        case .fsyncError?, .openError?, nil:
            try base.pwrite(fd, bytes, at: offset)
        }
    }

    public func pwrite(_ fd: CInt, head: UnsafeRawBufferPointer, tail: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        // Joined so the armed fault sees one write of the whole batch, as the POSIX path makes.
        let joined = Array(head) + Array(tail)
        try joined.withUnsafeBytes { raw in Result { () throws(StorageError) in try pwrite(fd, raw, at: offset) } }.get()
    }

    public func fsync(_ fd: CInt) throws(StorageError) {
        if case let .fsyncError(code)? = take(.fsync) { throw .io(errno: code, context: "fdatasync (injected)") }
        try base.fsync(fd)
    }

    public func ftruncate(_ fd: CInt, to length: Int64) throws(StorageError) { try base.ftruncate(fd, to: length) }
    public func fileSize(_ fd: CInt) throws(StorageError) -> Int64 { try base.fileSize(fd) }
}
