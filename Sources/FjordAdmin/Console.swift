#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes straight to the file descriptors, so `--watch` redraws appear at once and error
/// lines keep their order with other output when both streams go to one pipe (and no C `FILE*` global
/// is touched from concurrent code).
public enum Console {
    public static func out(_ text: String) { write(STDOUT_FILENO, text) }
    public static func err(_ text: String) { write(STDERR_FILENO, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Whether standard output is a terminal, so `--watch` only clears the screen for a person.
    public static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

/// How read commands print: Kafka-style tables, or JSON for scripts.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json
}
