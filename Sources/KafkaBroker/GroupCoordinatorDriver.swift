import KafkaCoordinator
import KafkaModel
import KafkaRecords
import KafkaStorage
import Logging
import NIOCore
import NIOPosix

/// Runs the pure `GroupCoordinator` state machine: every event happens on one event loop, in order;
/// the driver executes the actions it returns (answers held requests, arms and cancels timers, appends
/// records to `__consumer_offsets`) and feeds back their outcomes (timer fired, append durable).
///
/// The state machine itself does no I/O and reads no clock, so it can be tested as transcripts; this
/// is the only place where it meets time and disk. A single loop is enough: every event is a short
/// in-memory step, and appends complete asynchronously without holding the loop.
final class GroupCoordinatorDriver: Sendable {
    static let offsetsTopic = "__consumer_offsets"

    private struct State {
        var coordinator: GroupCoordinator
        var pending: [RequestID: EventLoopPromise<CoordinatorResponse>] = [:]
        var timers: [CoordinatorTimer: Scheduled<Void>] = [:]
        var nextRequest: UInt64 = 0
    }

    let eventLoop: any EventLoop
    private let state: NIOLoopBoundBox<State>
    private let logManager: LogManager
    private let partitions: PartitionDrivers
    private let threadPool: NIOThreadPool
    private let logger: Logger
    let config: GroupCoordinatorConfig

    init(config: GroupCoordinatorConfig, eventLoop: any EventLoop, logManager: LogManager, partitions: PartitionDrivers, threadPool: NIOThreadPool, logger: Logger) {
        self.config = config
        self.eventLoop = eventLoop
        self.state = NIOLoopBoundBox.makeBoxSendingValue(State(coordinator: GroupCoordinator(config: config)), eventLoop: eventLoop)
        self.logManager = logManager
        self.partitions = partitions
        self.threadPool = threadPool
        self.logger = logger
    }

    // MARK: Events

    /// Runs one request event; the future completes when the coordinator answers it (at once, or after a
    /// join phase, a leader's SyncGroup or a durable append).
    func submit(
        on callerLoop: any EventLoop,
        _ event: @escaping @Sendable (inout GroupCoordinator, RequestID, Int64) -> [CoordinatorAction]
    ) -> EventLoopFuture<CoordinatorResponse> {
        let promise = eventLoop.makePromise(of: CoordinatorResponse.self)
        eventLoop.execute {
            let id = RequestID(self.state.value.nextRequest)
            self.state.value.nextRequest += 1
            self.state.value.pending[id] = promise
            let now = Broker.currentTimeMillis()
            self.perform(event(&self.state.value.coordinator, id, now), now: now)
        }
        return promise.futureResult.hop(to: callerLoop)
    }

    /// Reads coordinator state (offset fetches, describe, list) in order with the events.
    func query<T: Sendable>(on callerLoop: any EventLoop, _ body: @escaping @Sendable (GroupCoordinator) -> T) -> EventLoopFuture<T> {
        eventLoop.submit { body(self.state.value.coordinator) }.hop(to: callerLoop)
    }

    private func perform(_ actions: [CoordinatorAction], now: Int64) {
        for action in actions {
            switch action {
            case .respond(let id, let response):
                state.value.pending.removeValue(forKey: id)?.succeed(response)
            case .scheduleTimer(let timer, let deadline):
                state.value.timers.removeValue(forKey: timer)?.cancel()
                state.value.timers[timer] = eventLoop.scheduleTask(in: .milliseconds(max(0, deadline - now))) {
                    self.timerFired(timer)
                }
            case .cancelTimer(let timer):
                state.value.timers.removeValue(forKey: timer)?.cancel()
            case .append(let partition, let records, let token):
                append(records, partition: partition, token: token, now: now)
            }
        }
    }

    private func timerFired(_ timer: CoordinatorTimer) {
        state.value.timers[timer] = nil
        let now = Broker.currentTimeMillis()
        perform(state.value.coordinator.timerFired(timer, now: now), now: now)
    }

    private func appendCompleted(_ token: AppendToken, success: Bool) {
        let now = Broker.currentTimeMillis()
        perform(state.value.coordinator.appendCompleted(token, success: success, now: now), now: now)
    }

    /// Writes the coordinator's records as one batch; the answer waits until it is durable under the
    /// broker's flush policy, exactly like an acks=all produce.
    private func append(_ records: [OffsetsTopicRecord], partition: Int32, token: AppendToken, now: Int64) {
        let topicPartition = TopicPartition(topic: Self.offsetsTopic, partition: partition)
        var builder = RecordBatchBuilder()
        for record in records {
            builder.append(timestamp: now, key: ByteBuffer(bytes: record.key), value: record.value.map { ByteBuffer(bytes: $0) })
        }
        guard let driver = partitions.driver(for: topicPartition), let batch = try? builder.build() else {
            logger.error("cannot write to \(Self.offsetsTopic)", metadata: ["partition": "\(partition)"])
            return appendCompleted(token, success: false)
        }
        driver.append(batch, now: now, needsAck: true, eventLoop: eventLoop).whenComplete { result in
            switch result {
            case .success:
                self.appendCompleted(token, success: true)
            case .failure(let error):
                self.logger.error("append to \(Self.offsetsTopic) failed", metadata: ["partition": "\(partition)", "error": "\(error)"])
                self.appendCompleted(token, success: false)
            }
        }
    }

    // MARK: Start-up

    /// Creates `__consumer_offsets` if needed, then replays each partition into the state machine.
    /// Groups of a partition still loading are answered COORDINATOR_LOAD_IN_PROGRESS meanwhile.
    func start() -> EventLoopFuture<Void> {
        let count = config.offsetsTopicPartitions
        let logManager = self.logManager
        let started = eventLoop.submit {
            let now = Broker.currentTimeMillis()
            for partition in 0..<count {
                self.perform(self.state.value.coordinator.partitionLoadStarted(partition: partition, now: now), now: now)
            }
        }
        return started.flatMap {
            self.threadPool.runIfActive(eventLoop: self.eventLoop) {
                if logManager.topic(named: Self.offsetsTopic) == nil {
                    _ = try logManager.createTopic(
                        name: Self.offsetsTopic, partitions: count,
                        configs: ["cleanup.policy": "compact", "segment.bytes": "104857600", "compression.type": "producer"],
                        validateOnly: false)
                }
            }
        }.flatMap {
            let loads = (0..<count).map { self.load(partition: $0) }
            return EventLoopFuture.andAllComplete(loads, on: self.eventLoop)
        }
    }

    private func load(partition: Int32) -> EventLoopFuture<Void> {
        let topicPartition = TopicPartition(topic: Self.offsetsTopic, partition: partition)
        let logManager = self.logManager
        let logger = self.logger
        if case .offline(let reason) = logManager.partitionState(topicPartition) {
            // Its groups stay "loading" (COORDINATOR_LOAD_IN_PROGRESS, which clients retry) rather
            // than look empty: an empty group would send its consumers to auto.offset.reset.
            logger.error(
                "groups of an offline \(Self.offsetsTopic) partition are unavailable",
                metadata: ["partition": "\(partition)", "reason": "\(reason)"])
            return eventLoop.makeSucceededVoidFuture()
        }
        return threadPool.runIfActive(eventLoop: eventLoop) { () -> [OffsetsTopicRecord] in
            guard let log = logManager.partitionLog(topicPartition) else { return [] }
            return try Self.readRecords(of: log, logger: logger)
        }.map { records in
            var skipped = 0
            for record in records {
                do { try self.state.value.coordinator.replay(key: record.key, value: record.value) } catch { skipped += 1 }
            }
            if skipped > 0 { logger.warning("skipped unreadable records while loading groups", metadata: ["partition": "\(partition)", "count": "\(skipped)"]) }
            let now = Broker.currentTimeMillis()
            self.perform(self.state.value.coordinator.partitionLoadFinished(partition: partition, now: now), now: now)
        }.recover { error in
            // A read error must not look like an empty partition: finishing the load would present
            // its groups with no committed offsets and send their consumers to auto.offset.reset.
            // The groups stay loading (COORDINATOR_LOAD_IN_PROGRESS, which clients retry).
            logger.error(
                "loading groups failed; the groups of this partition stay unavailable",
                metadata: ["partition": "\(partition)", "error": "\(error)"])
        }
    }

    /// Every record of a partition, oldest first (later records win on replay). A read error throws
    /// (the caller keeps the partition's groups loading); a batch whose records cannot be decoded is
    /// logged at error level with its offset and skipped, because the rest of the log is still good.
    static func readRecords(of log: PartitionLog, logger: Logger) throws -> [OffsetsTopicRecord] {
        var records: [OffsetsTopicRecord] = []
        var offset = log.logStartOffset
        let end = log.logEndOffset
        while offset < end {
            let bytes = try log.readBytes(from: offset, maxBytes: 1 << 20)
            let (batches, _) = RecordBatch.split(bytes)
            guard let last = batches.last else { break }
            for batch in batches where !batch.attributes.isControl {
                do {
                    var iterator = try batch.makeRecordIterator()
                    while let record = try iterator.next() {
                        guard let key = record.key else { continue }
                        records.append(OffsetsTopicRecord(key: Array(key.readableBytesView), value: record.value.map { Array($0.readableBytesView) }))
                    }
                } catch {
                    logger.error(
                        "unreadable batch in \(Self.offsetsTopic) skipped while loading groups",
                        metadata: ["baseOffset": "\(batch.baseOffset)", "error": "\(error)"])
                }
            }
            offset = last.nextOffset
        }
        return records
    }

    /// Offsets of groups that have been empty longer than the retention are removed (tombstones).
    func expireOffsets() {
        eventLoop.execute {
            let now = Broker.currentTimeMillis()
            self.perform(self.state.value.coordinator.expireOffsets(now: now), now: now)
        }
    }
}
