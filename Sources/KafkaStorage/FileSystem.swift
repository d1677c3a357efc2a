#if canImport(Glibc)
import Glibc
#endif

/// Small file-system helpers for metadata files and directories. Metadata is rare and tiny, so
/// these use POSIX directly rather than the injectable `FileIO` of the data path.
enum FileSystem {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p`, failing clearly when something in the way is not a directory or not writable.
    static func makeDirectories(_ path: String) throws(StorageError) {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if !isDirectory(prefix), mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw .lastErrno("mkdir \(prefix)")
            }
            prefix += "/"
        }
    }

    static func list(_ path: String) throws(StorageError) -> [String] {
        guard let dir = opendir(path) else { throw .lastErrno("opendir \(path)") }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk.prefix(n))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Write to a temp file, fsync, rename over the target, fsync the directory: a reader (or a
    /// crash) sees either the old or the new contents, never a mix.
    static func writeAtomically(_ path: String, _ contents: String) throws(StorageError) {
        // Topic names reach 249 bytes; keep the temp name under NAME_MAX (255).
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let tmp = parent(of: path) + "/" + String(name.prefix(200)) + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .lastErrno("open \(tmp)") }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = StorageError.lastErrno("write \(tmp)")
                close(fd)
                throw error
            }
            written += n
        }
        if fsync(fd) != 0 {
            let error = StorageError.lastErrno("fsync \(tmp)")
            close(fd)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else { throw .lastErrno("rename \(tmp)") }
        try syncDirectory(parent(of: path))
    }

    static func syncDirectory(_ path: String) throws(StorageError) {
        let fd = try openDirectory(path)
        defer { close(fd) }
        try syncDirectory(fd, path: path)
    }

    /// Opening can fail for want of a descriptor (EMFILE), which says nothing about the disk;
    /// callers that must tell that apart from a failed fsync open and sync in two steps.
    static func openDirectory(_ path: String) throws(StorageError) -> CInt {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastErrno("open directory \(path)") }
        return fd
    }

    static func syncDirectory(_ fd: CInt, path: String) throws(StorageError) {
        guard fsync(fd) == 0 else { throw .lastErrno("fsync directory \(path)") }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func remove(_ path: String) { _ = unlink(path) }

    /// Removes a directory and everything in it (partition directories are flat).
    static func removeTree(_ path: String) throws(StorageError) {
        guard isDirectory(path) else {
            remove(path)
            return
        }
        for name in try list(path) { try removeTree(path + "/" + name) }
        guard rmdir(path) == 0 || errno == ENOENT else { throw .lastErrno("rmdir \(path)") }
    }

    /// Parses `key=value` lines; blank lines and `#` comments are skipped.
    static func parseProperties(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { continue }
            result[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return result
    }

    static func formatProperties(_ pairs: [(String, String)]) -> String {
        pairs.map { "\($0.0)=\($0.1)\n" }.joined()
    }
}
