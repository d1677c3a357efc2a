#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line I/O on the process's standard streams without Foundation, for the console producer and
/// consumer (the `fjord` executable holds no logic of its own).
public enum StandardStreams {
    /// Writes lines to standard output in one go, so a consumer piped into another program shows
    /// records as they arrive rather than when a stdio buffer fills. Uses the file descriptor
    /// directly: C's `stdout` is a global that strict concurrency rightly refuses to share.
    public static func writeLines(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        var text = ""
        for line in lines {
            text += line
            text += "\n"
        }
        writeAll(text, to: 1)
    }

    /// One line on standard error (error and warning messages).
    public static func writeError(_ line: String) {
        writeAll(line + "\n", to: 2)
    }

    private static func writeAll(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe (e.g. `| head`): nothing more to do
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Whether standard input is a terminal: the console producer then sends line by line instead
    /// of validating all input first.
    public static var inputIsTerminal: Bool { isatty(0) == 1 }
}
