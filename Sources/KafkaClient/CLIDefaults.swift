#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Defaults shared by every `fjord` client command (produce, consume, topics, groups).
public enum CLIDefaults {
    /// The bootstrap list: the flag if given, else `$FJORD_BOOTSTRAP`, else localhost:9092.
    /// Comma-separated, as Kafka's `--bootstrap-server` accepts.
    public static func bootstrapServers(flag: String?) -> [String] {
        let raw = flag ?? getenv("FJORD_BOOTSTRAP").map { String(cString: $0) } ?? ""
        let servers = raw.split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        return servers.isEmpty ? ["localhost:9092"] : servers
    }

    /// The error line a command prints before exiting non-zero: the client's own one-line
    /// description, anything else as Swift describes it.
    public static func message(for error: any Error) -> String {
        "Error: \(error)"
    }
}
