/// Idempotent-producer state of one partition, as a plain value: the log owns it under its lock,
/// and start-up rebuilds it by replaying stored batch headers through `record`.
///
/// Rules (Kafka's `ProducerAppendInfo`; docs/kafka-behaviour.md, "Idempotent producers"):
/// - unknown producer (never seen, or its batches were deleted): any sequence is accepted;
/// - older epoch than stored: INVALID_PRODUCER_EPOCH;
/// - newer epoch: the batch must start at sequence 0 (the producer was re-initialised);
/// - same epoch: a retry of one of the last five batches is a duplicate and gets the original
///   offsets back; otherwise the base sequence must follow the last one (wrapping at Int32.max).
public struct ProducerStateManager: Sendable {
    public static let retainedBatches = 5

    public struct BatchMetadata: Sendable, Equatable {
        public var firstSequence: Int32
        public var lastSequence: Int32
        public var baseOffset: Int64
        public var lastOffset: Int64
    }

    public struct Entry: Sendable, Equatable {
        public var epoch: Int16
        /// Oldest first, at most `retainedBatches`.
        public var batches: [BatchMetadata]
    }

    public enum Decision: Sendable, Equatable {
        case append
        case duplicate(BatchMetadata)
    }

    public private(set) var producers: [Int64: Entry] = [:]

    public init() {}

    public func entry(for producerID: Int64) -> Entry? { producers[producerID] }

    public func check(producerID: Int64, epoch: Int16, firstSequence: Int32, lastSequence: Int32) throws(StorageError) -> Decision {
        guard producerID >= 0, let entry = producers[producerID] else { return .append }
        if epoch < entry.epoch {
            throw .invalidProducerEpoch(producerID: producerID, current: entry.epoch, received: epoch)
        }
        if epoch > entry.epoch {
            guard firstSequence == 0 else { throw .outOfOrderSequence(producerID: producerID, expected: 0, received: firstSequence) }
            return .append
        }
        if let original = entry.batches.first(where: { $0.firstSequence == firstSequence && $0.lastSequence == lastSequence }) {
            return .duplicate(original)
        }
        guard let last = entry.batches.last else { return .append }
        let expected = last.lastSequence == Int32.max ? 0 : last.lastSequence + 1
        guard firstSequence == expected else {
            throw .outOfOrderSequence(producerID: producerID, expected: expected, received: firstSequence)
        }
        return .append
    }

    /// Records an appended (or replayed) batch. No checks: replay must accept what the log holds.
    public mutating func record(
        producerID: Int64, epoch: Int16, firstSequence: Int32, lastSequence: Int32, baseOffset: Int64, lastOffset: Int64
    ) {
        guard producerID >= 0 else { return }
        var entry = producers[producerID] ?? Entry(epoch: epoch, batches: [])
        if epoch != entry.epoch {
            entry = Entry(epoch: epoch, batches: [])
        }
        guard firstSequence >= 0 else {
            producers[producerID] = entry
            return
        }
        entry.batches.append(
            BatchMetadata(firstSequence: firstSequence, lastSequence: lastSequence, baseOffset: baseOffset, lastOffset: lastOffset))
        if entry.batches.count > Self.retainedBatches { entry.batches.removeFirst(entry.batches.count - Self.retainedBatches) }
        producers[producerID] = entry
    }

    mutating func record(_ header: BatchHeader) {
        guard header.producerID >= 0, !header.isControl else { return }
        record(
            producerID: header.producerID, epoch: header.producerEpoch, firstSequence: header.baseSequence,
            lastSequence: header.lastSequence, baseOffset: header.baseOffset, lastOffset: header.lastOffset)
    }

    public mutating func removeAll() { producers = [:] }
}
