#if canImport(Glibc)
import Glibc
#endif

/// CPU time and memory of another process (the broker) read from /proc, so a benchmark can say
/// what the broker itself spent, separately from the client that shares the machine.
public struct ProcSample: Sendable, Equatable, Codable {
    /// User plus system CPU seconds since the process started.
    public var cpuSeconds: Double
    public var userSeconds: Double
    public var systemSeconds: Double
    /// Resident set now and at its peak, in bytes.
    public var rssBytes: Int
    public var peakRSSBytes: Int

    public init(cpuSeconds: Double, userSeconds: Double, systemSeconds: Double, rssBytes: Int, peakRSSBytes: Int) {
        self.cpuSeconds = cpuSeconds
        self.userSeconds = userSeconds
        self.systemSeconds = systemSeconds
        self.rssBytes = rssBytes
        self.peakRSSBytes = peakRSSBytes
    }

    /// Reads `/proc/<pid>/stat` and `/proc/<pid>/status`; nil when the process is gone or this is
    /// not Linux.
    public static func read(pid: Int32) -> ProcSample? {
        guard let stat = readText("/proc/\(pid)/stat"), let status = readText("/proc/\(pid)/status") else { return nil }
        return parse(stat: stat, status: status, ticksPerSecond: Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// The command name in `stat` may hold spaces and parentheses, so fields are counted after the
    /// last ')': utime and stime are fields 14 and 15 of the whole line.
    static func parse(stat: String, status: String, ticksPerSecond: Double) -> ProcSample? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let utime = Double(fields[11]), let stime = Double(fields[12]), ticksPerSecond > 0 else { return nil }
        func kilobytes(_ key: String) -> Int {
            for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
                return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
            }
            return 0
        }
        let user = utime / ticksPerSecond
        let system = stime / ticksPerSecond
        return ProcSample(
            cpuSeconds: user + system, userSeconds: user, systemSeconds: system,
            rssBytes: kilobytes("VmRSS") * 1024, peakRSSBytes: kilobytes("VmHWM") * 1024)
    }

    static func readText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The broker's cost over one benchmark phase: CPU seconds spent between two samples and the RSS
/// at the end.
public struct BrokerUsage: Sendable, Equatable, Codable {
    public var pid: Int32
    public var cpuSeconds: Double
    public var userSeconds: Double
    public var systemSeconds: Double
    public var rssBytes: Int
    public var peakRSSBytes: Int

    public init(pid: Int32, before: ProcSample, after: ProcSample) {
        self.pid = pid
        cpuSeconds = after.cpuSeconds - before.cpuSeconds
        userSeconds = after.userSeconds - before.userSeconds
        systemSeconds = after.systemSeconds - before.systemSeconds
        rssBytes = after.rssBytes
        peakRSSBytes = after.peakRSSBytes
    }

    public var text: String {
        "broker cpu \(fixed(cpuSeconds, 2)) s (user \(fixed(userSeconds, 2)), sys \(fixed(systemSeconds, 2))), rss \(rssBytes / 1_048_576) MB (peak \(peakRSSBytes / 1_048_576) MB)"
    }
}

/// Samples before a phase and measures after it; a missing pid gives nil rather than an error so
/// a benchmark still reports its own figures.
public struct BrokerProbe: Sendable {
    public let pid: Int32?
    private let before: ProcSample?

    public init(pid: Int32?) {
        self.pid = pid
        before = pid.flatMap { ProcSample.read(pid: $0) }
    }

    public func finish() -> BrokerUsage? {
        guard let pid, let before, let after = ProcSample.read(pid: pid) else { return nil }
        return BrokerUsage(pid: pid, before: before, after: after)
    }
}
