#if canImport(Glibc)
import Glibc
#endif

/// The process's descriptor and memory limits, and the partition budget derived from them
/// (docs/reliability.md explains the formula and why each part is there).
struct ResourceLimits: Sendable, Equatable {
    /// The soft descriptor limit found at start-up, before raising it.
    var descriptorSoftLimitAtStart: UInt64
    var descriptorHardLimit: UInt64
    /// The soft limit in force after start-up raised it (to the hard limit when allowed).
    var descriptorLimit: UInt64
    /// Physical memory, or the cgroup's memory limit if that is lower.
    var memoryBytes: UInt64

    /// Descriptors kept back from the partition budget for everything that is not a partition:
    /// listeners, the event loops' epoll and eventfd, the I/O pool, metadata file writes, and
    /// descriptors a fetch holds while sendfile runs. An eighth of a small limit.
    static let reservedDescriptors: UInt64 = 256
    /// A partition at rest holds its active segment's `.log`, `.index` and `.timeindex`
    /// (SegmentFile.swift keeps inactive segments' files closed).
    static let descriptorsPerPartition: UInt64 = 3
    /// Memory set aside per partition: its in-memory indexes, producer state and driver, and its
    /// share of request and fetch buffers. A measured idle partition costs far less
    /// (docs/reliability.md); the rest is headroom for partitions that hold data.
    static let memoryPerPartition: UInt64 = 2 << 20

    /// Raises the soft descriptor limit to the hard limit (as Kafka's start scripts advise with
    /// `ulimit -n`), and reads what memory the process may use.
    static func current(raisingDescriptorLimit raise: Bool = true) -> ResourceLimits {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let start = UInt64(limit.rlim_cur)
        let hard = UInt64(limit.rlim_max)
        var now = start
        if raise && limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { now = hard }
        }
        return ResourceLimits(
            descriptorSoftLimitAtStart: start, descriptorHardLimit: hard, descriptorLimit: now, memoryBytes: availableMemory())
    }

    /// The default `--max-partitions`: the smaller of what the descriptors and the memory allow.
    /// Descriptors: the limit, less the reserve and what the allowed connections may take (at
    /// most a quarter of the limit, so a small limit still leaves room for partitions, the 50 of
    /// `__consumer_offsets` first), at three a partition.
    func partitionBudget(maxConnections: Int) -> Int {
        let reserved = min(Self.reservedDescriptors, descriptorLimit / 8)
        let connections = min(UInt64(max(0, maxConnections)), descriptorLimit / 4)
        let spare = descriptorLimit > reserved + connections ? descriptorLimit - reserved - connections : 0
        let byDescriptors = spare / Self.descriptorsPerPartition
        let byMemory = memoryBytes / Self.memoryPerPartition
        return Int(clamping: min(byDescriptors, byMemory))
    }

    private static func availableMemory() -> UInt64 {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        var memory = pages > 0 && pageSize > 0 ? UInt64(pages) * UInt64(pageSize) : UInt64.max
        // A container's limit (cgroup v2) is what the kernel enforces, whatever the machine has.
        if let text = readSmallFile("/sys/fs/cgroup/memory.max"),
            let cgroup = UInt64(text.split(separator: "\n").first ?? "")
        {
            memory = min(memory, cgroup)
        }
        return memory
    }

    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
