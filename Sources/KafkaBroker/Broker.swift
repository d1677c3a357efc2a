import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import KafkaStorage
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The broker's shared state: configuration, the log manager, and the drivers that run storage work
/// off the event loops. Handlers receive it; they never touch a socket.
public final class Broker: Sendable {
    let config: BrokerConfig
    let logManager: LogManager
    let threadPool: NIOThreadPool
    let logger: Logger
    let partitions: PartitionDrivers
    let fetchWaiters: FetchWaiters
    let groups: GroupCoordinatorDriver
    let metrics: BrokerMetrics
    /// Error-level log of repeating failures (I/O errors above all), one line per kind per 10 s.
    let failures: FailureLog

    init(
        config: BrokerConfig, logManager: LogManager, threadPool: NIOThreadPool, coordinatorLoop: any EventLoop, logger: Logger,
        metrics: BrokerMetrics = BrokerMetrics(), failures: FailureLog? = nil
    ) {
        self.config = config
        self.metrics = metrics
        self.logManager = logManager
        self.threadPool = threadPool
        self.logger = logger
        self.failures = failures ?? FailureLog(logger: logger)
        self.fetchWaiters = FetchWaiters()
        self.partitions = PartitionDrivers(
            logManager: logManager, threadPool: threadPool, flushPolicy: config.flushPolicy, fetchWaiters: fetchWaiters)
        self.groups = GroupCoordinatorDriver(
            config: config.groupCoordinator, eventLoop: coordinatorLoop, logManager: logManager, partitions: partitions,
            threadPool: threadPool, logger: logger)
    }

    var nodeID: Int32 { config.nodeID }
    var advertisedHost: String { config.effectiveAdvertisedHost }
    var advertisedPort: Int32 { Int32(config.effectiveAdvertisedPort) }

    /// Runs blocking storage work on the I/O thread pool and completes on `eventLoop`.
    func onIOThread<T: Sendable>(
        _ eventLoop: any EventLoop, _ body: @escaping @Sendable () throws -> T
    ) -> EventLoopFuture<T> {
        threadPool.runIfActive(eventLoop: eventLoop, body)
    }
}

extension Broker {
    /// One node that has always led every partition: epoch 0 everywhere (docs/kafka-behaviour.md, "Leader epochs on a single node"),
    /// with OffsetForLeaderEpoch answering the log end for it.
    static let leaderEpoch: Int32 = 0

    /// A random version-4 UUID in its usual text form, for member IDs (`<client.id>-<uuid>` as Kafka makes them).
    static func randomUUIDString() -> String {
        let bytes = TopicID.random().bytes
        let hex = bytes.map { byte in String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }

    static func currentTimeMillis() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
