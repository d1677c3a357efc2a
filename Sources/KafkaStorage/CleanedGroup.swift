import KafkaRecords
import NIOCore

/// When the tombstones of a source segment may go, as far as merging it with others is concerned.
/// Segments merge only if their tombstones share one clock, so merging never moves a tombstone's
/// expiry earlier or later (see `PartitionLog.clean`).
enum TombstoneClock: Equatable {
    /// Clean for `delete.retention.ms` since this time: its tombstones go in this pass, so the
    /// segment merges with any other.
    case expired(since: Int64)
    /// Clean since this time (this pass's `now` for a segment cleaned for the first time), or nil
    /// if not wholly cleaned yet (the offset map stopped inside it).
    case cleaned(since: Int64?)
}

/// One output segment of a cleaning pass (Kafka's cleaner groups segments likewise): the cleaned
/// batches of one or more consecutive source segments, built as a `LogSegment` in the staging
/// directory and named by the first source segment's base offset.
final class CleanedGroup {
    let baseOffset: Int64
    let target: LogSegment
    private(set) var members: [PartitionLog.CleanSegment] = []
    private(set) var clocks: [TombstoneClock] = []
    /// True once the output differs from the single source segment's bytes; a group of several
    /// segments is always installed.
    var changed = false
    /// The last batch of the latest member, emptied by cleaning: kept only if no later batch
    /// joins the group, since the group's last batch must carry its last offset.
    var pendingTail: ByteBuffer?
    var recordsRemoved = 0
    var tombstonesRemoved = 0
    private var isClosed = false

    init(baseOffset: Int64, staging: String, config: LogConfig, io: FileIO) throws(StorageError) {
        self.baseOffset = baseOffset
        PartitionLog.removeStaged(baseOffset, in: staging)
        target = try LogSegment(directory: staging, baseOffset: baseOffset, config: config, io: io)
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        target.close()
    }

    /// The clock the group's non-expired members share, if any.
    private var sharedClock: TombstoneClock? {
        clocks.first { if case .expired = $0 { false } else { true } }
    }

    /// Whether `segment` may join: its offsets must stay within 2³¹ of the group's base (the
    /// index holds 32-bit relative offsets) and its tombstones must share the group's clock.
    func accepts(_ segment: PartitionLog.CleanSegment, clock: TombstoneClock) -> Bool {
        guard segment.nextOffset - 1 - baseOffset <= Int64(Int32.max) else { return false }
        if case .expired = clock { return true }
        return sharedClock.map { $0 == clock } ?? true
    }

    /// When the output segment counts as cleaned, for the checkpoint (nil: not wholly cleaned).
    var cleanedAt: Int64? {
        switch sharedClock {
        case let .cleaned(since)?: return since
        case .expired?: return nil
        case nil:
            return clocks.compactMap { if case let .expired(since) = $0 { since } else { nil } }.min()
        }
    }

    struct Mark {
        var size: Int64
        var pendingTail: ByteBuffer?
        var changed: Bool
        var recordsRemoved: Int
        var tombstonesRemoved: Int
    }

    func add(_ segment: PartitionLog.CleanSegment, clock: TombstoneClock) -> Mark {
        let mark = Mark(
            size: target.size, pendingTail: pendingTail, changed: changed, recordsRemoved: recordsRemoved,
            tombstonesRemoved: tombstonesRemoved)
        if !members.isEmpty { changed = true }
        members.append(segment)
        clocks.append(clock)
        return mark
    }

    /// True if the output outgrew `segment.bytes` or an index filled, counting the pending tail.
    func overflows(segmentBytes: Int) -> Bool {
        target.size + Int64(pendingTail?.readableBytes ?? 0) > Int64(segmentBytes) || target.offsetIndex.isFull
            || target.timeIndex.isFull
    }

    /// Takes the latest member back out, its output cut off, as it was before `add`.
    func removeLast(to mark: Mark) throws(StorageError) {
        let segment = members.removeLast()
        clocks.removeLast()
        if target.size > mark.size { try target.truncate(to: segment.baseOffset) }
        guard target.size == mark.size else { throw .corruptMessage("cleaner: could not cut staged group \(baseOffset) back") }
        pendingTail = mark.pendingTail
        changed = mark.changed
        recordsRemoved = mark.recordsRemoved
        tombstonesRemoved = mark.tombstonesRemoved
    }

    func append(_ buffers: [ByteBuffer]) throws(StorageError) {
        for buffer in buffers {
            let base: Int64 = buffer.getInteger(at: buffer.readerIndex)!
            try target.append(buffer, baseOffset: base, leaderEpoch: nil)
        }
    }

    /// Writes the pending tail, if any: the group is complete.
    func seal() throws(StorageError) {
        if let tail = pendingTail {
            try append([tail])
            pendingTail = nil
        }
    }
}
