import KafkaModel
import KafkaProtocol
import KafkaStorage
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// `fjord serve` as a service: opens the data directory (recovering every partition), listens, and on
/// graceful shutdown stops accepting, lets in-flight requests finish, then flushes and closes the logs.
public final class KafkaServer: Service, Sendable {
    private let config: BrokerConfig
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let startedPort = NIOLockedValueBox<Int?>(nil)
    private let startedMetricsPort = NIOLockedValueBox<Int?>(nil)
    /// Made before the listener binds, so connections accepted before the broker exists are counted.
    private let metrics = BrokerMetrics()
    /// Open client connections by identity, so shutdown can ask each to finish and close.
    private let connections = NIOLockedValueBox([ObjectIdentifier: any Channel]())
    private let failures: FailureLog

    public init(config: BrokerConfig, logger: Logger) {
        self.config = config
        self.logger = logger
        self.failures = FailureLog(logger: logger)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
    }

    /// The bound port once listening (useful with `--listen 127.0.0.1:0`).
    public var boundPort: Int? { startedPort.withLockedValue { $0 } }

    /// The bound port of the metrics listener, once listening (nil when it is off).
    public var metricsPort: Int? { startedMetricsPort.withLockedValue { $0 } }

    public func run() async throws {
        let started = ContinuousClock.now
        let threadPool = NIOThreadPool(numberOfThreads: max(2, config.ioThreads))
        threadPool.start()
        let maxPartitions = checkResourceLimits()
        let logManager: LogManager
        do {
            let directory = config.dataDirectory
            let nodeID = config.nodeID
            logManager = try await threadPool.runIfActive {
                try LogManager(dataDirectory: .init(directory), nodeID: nodeID, maxPartitions: maxPartitions)
            }
            reportOffline(logManager)
        } catch {
            try? await threadPool.shutdownGracefully()
            try? await group.shutdownGracefully()
            throw error
        }
        // The dispatcher needs the bound port (for `--listen HOST:0`), so it exists only after the bind;
        // a connection accepted in between waits for it rather than being dropped.
        let dispatcherPromise = group.next().makePromise(of: RequestDispatcher.self)
        let channel: any Channel
        do {
            let failures = self.failures
            let listener = "\(config.listenHost):\(config.listenPort)"
            channel = try await ServerBootstrap(group: group)
                .serverChannelInitializer { AcceptFailures.install(on: $0, failures: failures, listener: listener) }
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                // Produce requests are up to a megabyte or more: NIO's default reads (2 KiB growing
                // to 64 KiB, four per wake-up) cost a syscall and a merge per 64 KiB. Idle and
                // small-request connections stay at the small start size.
                .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 1 << 20))
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    guard self.connectionOpened(channel) else {
                        return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
                    }
                    return dispatcherPromise.futureResult.hop(to: channel.eventLoop).flatMapThrowing { dispatcher in
                        try self.initialize(channel, dispatcher: dispatcher)
                    }
                }
                .bind(host: config.listenHost, port: config.listenPort)
                .get()
        } catch {
            // An unfulfilled promise is a bug NIO reports loudly; nobody will wait on this one.
            dispatcherPromise.fail(error)
            try? await threadPool.shutdownGracefully()
            try? await group.shutdownGracefully()
            throw error
        }
        let port = channel.localAddress?.port ?? config.listenPort
        startedPort.withLockedValue { $0 = port }

        var advertised = config
        if advertised.advertisedPort == nil { advertised.advertisedPort = port }
        let broker = Broker(
            config: advertised, logManager: logManager, threadPool: threadPool, coordinatorLoop: group.next(), logger: logger,
            metrics: metrics, failures: failures)
        // Groups load in the background; their requests are answered COORDINATOR_LOAD_IN_PROGRESS meanwhile.
        let loadStarted = ContinuousClock.now
        broker.groups.start().whenComplete { result in
            let elapsed = (ContinuousClock.now - loadStarted).components
            let ms = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
            switch result {
            case .success: self.logger.info("group coordinator loaded", metadata: ["load_ms": "\(ms)"])
            case .failure(let error): self.logger.error("group coordinator failed to load", metadata: ["error": "\(error)"])
            }
        }
        // After the coordinator has begun loading (so /health cannot answer "ok" too early) and before the
        // first Kafka request is served (so whoever sees the broker answer finds the metrics port logged).
        let metricsServer = await startMetricsServer(broker: broker)
        dispatcherPromise.succeed(RequestDispatcher(broker: broker))
        let expiry = group.next().scheduleRepeatedTask(initialDelay: .minutes(10), delay: .minutes(10)) { _ in
            broker.groups.expireOffsets()
        }
        let flushTask = config.flushPolicy == .interval
            ? IntervalFlush(logManager: logManager, threadPool: threadPool, defaultIntervalMs: config.flushIntervalMs, logger: logger)
                .schedule(on: group.next())
            : nil
        let retention = RetentionTask(logManager: logManager, threadPool: threadPool, logger: logger)
        let retentionTask = retention.schedule(on: group.next(), intervalMs: config.retentionCheckIntervalMs)
        let deletedFilesTask = retention.scheduleDeletedFileRemoval(on: group.next())
        let cleanerTask = LogCleanerTask.start(
            logManager: logManager, config: config.logCleaner, threadPool: threadPool, eventLoop: group.next(), logger: logger)

        let elapsed = (ContinuousClock.now - started).components
        let startupMs = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        logger.info(
            "listening",
            metadata: [
                "address": "\(config.listenHost):\(port)",
                "advertised": "\(advertised.effectiveAdvertisedHost):\(advertised.effectiveAdvertisedPort)",
                "data_dir": "\(config.dataDirectory)", "flush": "\(config.flushPolicy.rawValue)",
                "startup_ms": "\(Int(startupMs.rounded()))",
            ])

        await withGracefulShutdownHandler {
            try? await channel.closeFuture.get()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
        await metricsServer?.close()
        flushTask?.cancel()
        retentionTask.cancel()
        deletedFilesTask.cancel()
        cleanerTask.cancel()
        expiry.cancel()
        let open = connections.withLockedValue { Array($0.values) }
        logger.info("shutting down: answering in-flight requests", metadata: ["connections": "\(open.count)"])
        // Each connection stops reading, writes the answers it owes, then closes. Parked fetches and
        // group commits finish within their own timeouts; after 10 s whatever is left is closed.
        for channel in open { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
        for _ in 0..<500 where !connections.withLockedValue({ $0.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        for channel in connections.withLockedValue({ Array($0.values) }) { channel.close(promise: nil) }
        do {
            try await threadPool.runIfActive { try logManager.close() }
        } catch {
            logger.error("closing the logs failed", metadata: ["error": "\(error)"])
        }
        try? await threadPool.shutdownGracefully()
        try? await group.shutdownGracefully()
        logger.info("stopped")
    }

    /// Raises the descriptor limit, logs the limits, and returns the partition budget: the
    /// configured one, or the one they allow.
    private func checkResourceLimits() -> Int {
        let limits = ResourceLimits.current()
        let derived = limits.partitionBudget(maxConnections: config.maxConnections)
        let budget = config.maxPartitions ?? derived
        logger.info(
            "resource limits",
            metadata: [
                "descriptors_soft_at_start": "\(limits.descriptorSoftLimitAtStart)", "descriptors_hard": "\(limits.descriptorHardLimit)",
                "descriptors": "\(limits.descriptorLimit)", "memory_bytes": "\(limits.memoryBytes)",
                "max_partitions": "\(budget)", "max_partitions_from": config.maxPartitions == nil ? "limits" : "--max-partitions",
                "max_partitions_per_request": "\(config.maxPartitionsPerRequest)",
            ])
        if budget > derived {
            logger.warning(
                "--max-partitions is above what the descriptor limit and memory allow; creating that many partitions may fail",
                metadata: ["max_partitions": "\(budget)", "allowed_by_limits": "\(derived)"])
        }
        return budget
    }

    /// Start-up found partitions it could not open: each is named with its path and reason, and
    /// served as offline (KAFKA_STORAGE_ERROR) while everything else is served normally.
    private func reportOffline(_ logManager: LogManager) {
        for (tp, reason) in logManager.offlinePartitions.sorted(by: { $0.key < $1.key }) {
            logger.error(
                "partition offline: its log could not be opened",
                metadata: [
                    "partition": "\(tp)", "path": "\(config.dataDirectory)/\(tp.directoryName)", "reason": "\(reason)",
                ])
        }
        for (topic, reason) in logManager.unreadableTopics.sorted(by: { $0.key < $1.key }) {
            logger.error("topic not loaded: its metadata could not be read", metadata: ["topic": "\(topic)", "reason": "\(reason)"])
        }
        if logManager.partitionCount > logManager.maxPartitions {
            logger.warning(
                "more partitions exist than --max-partitions allows; new ones will be refused",
                metadata: ["partitions": "\(logManager.partitionCount)", "max_partitions": "\(logManager.maxPartitions)"])
        }
    }

    private func connectionOpened(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let accepted = connections.withLockedValue { open -> Bool in
            guard open.count < config.maxConnections else { return false }
            open[id] = channel
            return true
        }
        guard accepted else {
            logger.warning("connection limit reached, refusing connection", metadata: ["limit": "\(config.maxConnections)"])
            return false
        }
        metrics.connectionOpened()
        channel.closeFuture.whenComplete { _ in
            _ = self.connections.withLockedValue { $0.removeValue(forKey: id) }
            self.metrics.connectionClosed()
        }
        return true
    }

    /// Binds `--metrics-listen` unless it is off. A port already taken is logged, not fatal: the
    /// broker's job is serving Kafka clients, and refusing them for a monitoring port would turn a
    /// metrics misconfiguration into an outage.
    private func startMetricsServer(broker: Broker) async -> MetricsServer? {
        guard let host = config.metricsListenHost else {
            logger.info("metrics listener disabled")
            return nil
        }
        do {
            let server = try await MetricsServer.start(host: host, port: config.metricsListenPort, group: group, broker: broker)
            let port = server.port ?? config.metricsListenPort
            startedMetricsPort.withLockedValue { $0 = port }
            logger.info("metrics listening", metadata: ["address": "\(host):\(port)", "paths": "/metrics /health"])
            return server
        } catch {
            logger.error(
                "metrics listener failed to bind; serving Kafka without it",
                metadata: ["address": "\(host):\(config.metricsListenPort)", "error": "\(error)"])
            return nil
        }
    }

    private func initialize(_ channel: any Channel, dispatcher: RequestDispatcher) throws {
        let handler = KafkaConnectionHandler(
            dispatcher: dispatcher, maxInFlight: config.maxInFlightRequestsPerConnection, logger: logger)
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: config.maxRequestBytes)))
        try channel.pipeline.syncOperations.addHandler(handler)
    }
}
