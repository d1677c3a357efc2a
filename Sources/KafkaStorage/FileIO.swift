#if canImport(Glibc)
import Glibc
#endif

/// The few file operations storage needs, behind a protocol so tests can inject torn writes,
/// fsync failures and ENOSPC at exact points and check that recovery copes.
///
/// `pwrite` either writes everything or throws; after a throw, some prefix may have reached the
/// file, exactly as after a crash, so callers must roll back with `ftruncate`.
public protocol FileIO: Sendable {
    func open(_ path: String, flags: Int32, mode: mode_t) throws(StorageError) -> CInt
    func close(_ fd: CInt)
    func pread(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) -> Int
    func pwrite(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError)
    /// `head` then `tail`, contiguous at `offset`: lets a batch go to disk with its new base offset
    /// in front of the bytes as received, without copying the batch to patch it.
    func pwrite(_ fd: CInt, head: UnsafeRawBufferPointer, tail: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError)
    func fsync(_ fd: CInt) throws(StorageError)
    func ftruncate(_ fd: CInt, to length: Int64) throws(StorageError)
    func fileSize(_ fd: CInt) throws(StorageError) -> Int64
}

extension FileIO {
    /// Reserves `[offset, offset + length)` on disk (posix_fallocate), growing the file; false if
    /// the file system refuses (full, or no support), which callers treat as "not reserved".
    public func allocate(_ fd: CInt, at offset: Int64, length: Int64) -> Bool {
        posix_fallocate(fd, off_t(offset), off_t(length)) == 0
    }
}

public struct PosixFileIO: FileIO {
    public init() {}

    public func open(_ path: String, flags: Int32, mode: mode_t) throws(StorageError) -> CInt {
        let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .lastErrno("open \(path)") }
        return fd
    }

    public func close(_ fd: CInt) { _ = Glibc.close(fd) }

    public func pread(_ fd: CInt, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(StorageError) -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .lastErrno("pread")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    public func pwrite(_ fd: CInt, _ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let n = Glibc.pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .lastErrno("pwrite")
            }
            done += n
        }
    }

    public func pwrite(_ fd: CInt, head: UnsafeRawBufferPointer, tail: UnsafeRawBufferPointer, at offset: Int64) throws(StorageError) {
        let written = withUnsafeTemporaryAllocation(of: iovec.self, capacity: 2) { vectors -> Int in
            vectors[0] = iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count)
            vectors[1] = iovec(iov_base: UnsafeMutableRawPointer(mutating: tail.baseAddress), iov_len: tail.count)
            while true {
                let n = pwritev(fd, vectors.baseAddress, 2, off_t(offset))
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
        guard written >= 0 else { throw .lastErrno("pwritev") }
        // A short write (rare: signals, quotas) is finished piece by piece.
        if written < head.count {
            try pwrite(fd, UnsafeRawBufferPointer(rebasing: head[written...]), at: offset + Int64(written))
            try pwrite(fd, tail, at: offset + Int64(head.count))
        } else if written < head.count + tail.count {
            try pwrite(fd, UnsafeRawBufferPointer(rebasing: tail[(written - head.count)...]), at: offset + Int64(written))
        }
    }

    public func fsync(_ fd: CInt) throws(StorageError) {
        guard fdatasync(fd) == 0 else { throw .lastErrno("fdatasync") }
    }

    public func ftruncate(_ fd: CInt, to length: Int64) throws(StorageError) {
        guard Glibc.ftruncate(fd, off_t(length)) == 0 else { throw .lastErrno("ftruncate") }
    }

    public func fileSize(_ fd: CInt) throws(StorageError) -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .lastErrno("fstat") }
        return Int64(st.st_size)
    }
}
