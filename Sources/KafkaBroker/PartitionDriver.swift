import KafkaModel
import KafkaRecords
import KafkaStorage
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Runs one partition's storage work on the I/O thread pool: appends in arrival order, and
/// group commit of their fsyncs.
///
/// Order: a partition's appends go through one queue drained by at most one job at a time, so
/// batches land in the log in the order the event loops handed them over. A client pipelining
/// produce requests on one connection (librdkafka allows five, or a million without idempotence)
/// relies on that; appending each request on whichever pool thread is free reorders them.
///
/// Group commit: a round appends everything queued, answers what need not be durable, then runs
/// one fdatasync for the rest and answers them. Requests arriving during the fsync form the next
/// round, so concurrent producers share fsyncs instead of queueing for their own. A job does one
/// round and requeues itself behind other partitions' jobs, so a busy partition cannot hold a
/// pool thread while others wait. Answers are delivered on the pool thread (the produce handler
/// gathers a request's partitions and wakes its event loop once).
final class PartitionDriver: Sendable {
    let topicPartition: TopicPartition
    let log: PartitionLog
    private let threadPool: NIOThreadPool
    private let flushPolicy: BrokerConfig.FlushPolicy
    private let fetchWaiters: FetchWaiters
    private let queue = NIOLockedValueBox(Queue())

    typealias AppendCompletion = @Sendable (Result<AppendResult, any Error>) -> Void

    private struct PendingAppend {
        var batch: RecordBatch
        var now: Int64
        var needsAck: Bool
        var complete: AppendCompletion
    }

    private struct Queue {
        var appends: [PendingAppend] = []
        /// A drain job is submitted or running; it alone touches the log's append side.
        var draining = false
    }

    init(topicPartition: TopicPartition, log: PartitionLog, threadPool: NIOThreadPool, flushPolicy: BrokerConfig.FlushPolicy, fetchWaiters: FetchWaiters) {
        self.topicPartition = topicPartition
        self.log = log
        self.threadPool = threadPool
        self.flushPolicy = flushPolicy
        self.fetchWaiters = fetchWaiters
    }

    /// Appends one validated batch after every batch handed over before it; `complete` runs on an
    /// I/O pool thread once the batch is acknowledged under the flush policy (or failed).
    func append(_ batch: RecordBatch, now: Int64, needsAck: Bool, complete: @escaping AppendCompletion) {
        let start = queue.withLockedValue { queue -> Bool in
            queue.appends.append(PendingAppend(batch: batch, now: now, needsAck: needsAck, complete: complete))
            if queue.draining { return false }
            queue.draining = true
            return true
        }
        if start { submitDrain() }
    }

    /// `append` answered on `eventLoop`, for callers with one batch in hand.
    func append(_ batch: RecordBatch, now: Int64, needsAck: Bool, eventLoop: any EventLoop) -> EventLoopFuture<AppendResult> {
        let promise = eventLoop.makePromise(of: AppendResult.self)
        append(batch, now: now, needsAck: needsAck) { promise.completeWith($0) }
        return promise.futureResult
    }

    private func submitDrain() {
        threadPool.submit { state in
            guard case .active = state else {
                self.failQueued(StorageError.logOffline("the broker is shutting down"))
                return
            }
            self.drainOneRound()
        }
    }

    /// One round: the queued appends in order, then one fsync for those that must be durable.
    private func drainOneRound() {
        let appends = queue.withLockedValue { queue -> [PendingAppend] in
            defer { queue.appends.removeAll(keepingCapacity: true) }
            return queue.appends
        }
        var durable: [(complete: AppendCompletion, result: AppendResult)] = []
        var appendedBytes = 0
        var lastAppended: Int64 = -1
        for pending in appends {
            let result: AppendResult
            do {
                // The epoch is stamped by storage as it writes, so the received bytes are never copied.
                result = try log.append(pending.batch, now: pending.now, leaderEpoch: Broker.leaderEpoch)
            } catch {
                pending.complete(.failure(error))
                continue
            }
            if !result.isDuplicate {
                appendedBytes += pending.batch.sizeInBytes
                lastAppended = result.lastOffset
            }
            if pending.needsAck && flushPolicy == .always {
                durable.append((pending.complete, result))
            } else {
                pending.complete(.success(result))
            }
        }
        if appendedBytes > 0 { fetchWaiters.appended(topicPartition, bytes: appendedBytes) }

        if !durable.isEmpty {
            do {
                let flushed = try log.flush()
                for (complete, result) in durable {
                    // Below `flushed` unless a truncation took the records away meanwhile.
                    if result.lastOffset < flushed {
                        complete(.success(result))
                    } else {
                        complete(.failure(StorageError.logOffline("records truncated before they were synced")))
                    }
                }
            } catch {
                for (complete, _) in durable { complete(.failure(error)) }
            }
        } else if flushPolicy == .interval, lastAppended >= 0 {
            // Kafka's flush.messages: fsync once that many records are unsynced, without making the
            // acknowledgement wait for it (that is `always`'s job).
            let limit = log.currentConfig.flushMessages
            if limit != .max, lastAppended + 1 - log.flushedOffset >= limit { _ = try? log.flush() }
        }
        let again = queue.withLockedValue { queue -> Bool in
            if queue.appends.isEmpty {
                queue.draining = false
                return false
            }
            return true
        }
        if again { submitDrain() }
    }

    private func failQueued(_ error: any Error) {
        let appends = queue.withLockedValue { queue in
            defer {
                queue.appends.removeAll()
                queue.draining = false
            }
            return queue.appends
        }
        for pending in appends { pending.complete(.failure(error)) }
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
