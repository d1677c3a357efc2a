import KafkaModel
import KafkaRecords
import KafkaStorage
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs one partition's storage work on the I/O thread pool and groups its fsyncs.
///
/// Group commit: a produce that must be durable registers the last offset it needs; one flush loop per
/// partition runs fdatasync back to back while anyone waits, and each fdatasync releases every waiter
/// whose offset it covers. Concurrent producers therefore share fsyncs instead of queueing for their own.
final class PartitionDriver: Sendable {
    let topicPartition: TopicPartition
    let log: PartitionLog
    private let threadPool: NIOThreadPool
    private let flushPolicy: BrokerConfig.FlushPolicy
    private let fetchWaiters: FetchWaiters
    private let commit = NIOLockedValueBox(GroupCommit())

    private struct GroupCommit {
        var flushing = false
        var waiters: [(offset: Int64, promise: EventLoopPromise<Void>)] = []
    }

    init(topicPartition: TopicPartition, log: PartitionLog, threadPool: NIOThreadPool, flushPolicy: BrokerConfig.FlushPolicy, fetchWaiters: FetchWaiters) {
        self.topicPartition = topicPartition
        self.log = log
        self.threadPool = threadPool
        self.flushPolicy = flushPolicy
        self.fetchWaiters = fetchWaiters
    }

    /// Appends one validated batch; the future completes once the batch is acknowledged under the flush policy.
    func append(_ batch: RecordBatch, now: Int64, needsAck: Bool, eventLoop: any EventLoop) -> EventLoopFuture<AppendResult> {
        let log = self.log
        let waiters = self.fetchWaiters
        let topicPartition = self.topicPartition
        let appended = threadPool.runIfActive(eventLoop: eventLoop) { () throws -> AppendResult in
            // The epoch is stamped by storage as it writes, so the received bytes are never copied.
            let result = try log.append(batch, now: now, leaderEpoch: Broker.leaderEpoch)
            if !result.isDuplicate { waiters.appended(topicPartition, bytes: batch.sizeInBytes) }
            return result
        }
        if flushPolicy == .interval {
            // Kafka's flush.messages: fsync once that many records are unsynced, without making the
            // acknowledgement wait for it (that is `always`'s job).
            return appended.map { result in
                let limit = log.currentConfig.flushMessages
                if limit != .max, !result.isDuplicate, result.lastOffset + 1 - log.flushedOffset >= limit {
                    _ = self.awaitDurable(through: result.lastOffset, eventLoop: eventLoop)
                }
                return result
            }
        }
        guard needsAck && flushPolicy == .always else { return appended }
        return appended.flatMap { result in
            self.awaitDurable(through: result.lastOffset, eventLoop: eventLoop).map { result }
        }
    }

    /// Completes once every offset up to and including `offset` is on stable storage.
    func awaitDurable(through offset: Int64, eventLoop: any EventLoop) -> EventLoopFuture<Void> {
        if log.flushedOffset > offset { return eventLoop.makeSucceededVoidFuture() }
        let promise = eventLoop.makePromise(of: Void.self)
        let startLoop = commit.withLockedValue { state -> Bool in
            state.waiters.append((offset, promise))
            if state.flushing { return false }
            state.flushing = true
            return true
        }
        if startLoop { threadPool.submit { _ in self.runFlushLoop() } }
        return promise.futureResult
    }

    private func runFlushLoop() {
        while true {
            var failure: (any Error)?
            do { try log.flush() } catch { failure = error }
            let flushed = log.flushedOffset
            let (done, again) = commit.withLockedValue { state -> ([EventLoopPromise<Void>], Bool) in
                var done: [EventLoopPromise<Void>] = []
                if failure != nil {
                    done = state.waiters.map(\.promise)
                    state.waiters.removeAll()
                } else {
                    state.waiters.removeAll { waiter in
                        guard waiter.offset < flushed else { return false }
                        done.append(waiter.promise)
                        return true
                    }
                }
                if state.waiters.isEmpty { state.flushing = false }
                return (done, state.flushing)
            }
            for promise in done {
                if let failure { promise.fail(failure) } else { promise.succeed() }
            }
            if !again { return }
        }
    }
}

/// The drivers of every open partition, created on first use.
final class PartitionDrivers: Sendable {
    private let logManager: LogManager
    private let threadPool: NIOThreadPool
    private let flushPolicy: BrokerConfig.FlushPolicy
    private let fetchWaiters: FetchWaiters
    private let drivers = NIOLockedValueBox([TopicPartition: PartitionDriver]())

    init(logManager: LogManager, threadPool: NIOThreadPool, flushPolicy: BrokerConfig.FlushPolicy, fetchWaiters: FetchWaiters) {
        self.logManager = logManager
        self.threadPool = threadPool
        self.flushPolicy = flushPolicy
        self.fetchWaiters = fetchWaiters
    }

    func driver(for topicPartition: TopicPartition) -> PartitionDriver? {
        if let driver = drivers.withLockedValue({ $0[topicPartition] }), driver.log === logManager.partitionLog(topicPartition) {
            return driver
        }
        guard let log = logManager.partitionLog(topicPartition) else { return nil }
        return drivers.withLockedValue { drivers in
            if let driver = drivers[topicPartition], driver.log === log { return driver }
            let driver = PartitionDriver(
                topicPartition: topicPartition, log: log, threadPool: threadPool, flushPolicy: flushPolicy, fetchWaiters: fetchWaiters)
            drivers[topicPartition] = driver
            return driver
        }
    }

    func forget(topic: String) {
        drivers.withLockedValue { drivers in drivers = drivers.filter { $0.key.topic != topic } }
    }
}
