import KafkaRecords
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

extension PartitionLog {
    /// Whole batches from the one holding `offset`, up to `maxBytes`, possibly across segments.
    /// With `minOneBatch` the first batch comes back even if it alone exceeds `maxBytes`, or a
    /// consumer facing a big batch could never progress (Kafka's `minOneMessage`).
    public func read(from offset: Int64, maxBytes: Int, minOneBatch: Bool) throws(StorageError) -> LogReadResult {
        try lock.withLock { () throws(StorageError) -> LogReadResult in
            try checkOpen()
            let start = _logStartOffset
            let end = active.nextOffset
            guard offset >= start, offset <= end else { throw .offsetOutOfRange(requested: offset, logStart: start, logEnd: end) }
            var result = LogReadResult(slices: [], highWatermark: end, logStartOffset: start)
            do throws(StorageError) {
                try collectSlices(from: offset, maxBytes: maxBytes, minOneBatch: minOneBatch, into: &result.slices)
            } catch {
                result.closeAll()
                throw error
            }
            return result
        }
    }

    private func collectSlices(from offset: Int64, maxBytes: Int, minOneBatch: Bool, into slices: inout [FileSlice]) throws(StorageError) {
        guard var index = segmentIndex(containing: offset) else { return }
        var target = offset
        var remaining = Int64(max(0, maxBytes))
        while index < segments.count {
            let segment = segments[index]
            var reader = try segment.makeReader()
            if let first = try segment.batch(containing: target, reader: &reader) {
                let limit = first.position + min(remaining, segment.size)
                var (endPosition, nextOffset) = try segment.batchBoundary(from: first.position, limit: limit, reader: &reader)
                if endPosition == first.position {
                    guard slices.isEmpty && minOneBatch else { return }
                    endPosition = first.end
                    nextOffset = first.nextOffset
                }
                let fd = dup(try segment.fd)
                guard fd >= 0 else { throw .lastErrno("dup") }
                let length = endPosition - first.position
                slices.append(FileSlice(
                    fileDescriptor: fd, position: first.position, length: Int(length), firstOffset: first.baseOffset,
                    nextOffset: nextOffset))
                remaining -= length
                if endPosition < segment.size || remaining <= 0 { return }
            }
            index += 1
            if index < segments.count { target = segments[index].baseOffset }
        }
    }

    /// The segment with the greatest base offset ≤ `offset`.
    func segmentIndex(containing offset: Int64) -> Int? {
        greatestIndex(count: segments.count) { segments[$0].baseOffset <= offset }
    }

    /// `read` copied into memory, for tests and tools.
    public func readBytes(from offset: Int64, maxBytes: Int, minOneBatch: Bool = true) throws(StorageError) -> ByteBuffer {
        let result = try read(from: offset, maxBytes: maxBytes, minOneBatch: minOneBatch)
        defer { result.closeAll() }
        var out = ByteBufferAllocator().buffer(capacity: result.totalBytes)
        for slice in result.slices {
            var part = try readBuffer(io: io, fd: slice.fileDescriptor, at: slice.position, count: slice.length)
            out.writeBuffer(&part)
        }
        return out
    }

    // MARK: Timestamps

    /// The first offset whose record timestamp is ≥ `timestamp`, with that timestamp (ListOffsets).
    /// Exact, compressed batches included; if a batch cannot be decoded it answers the batch's base
    /// offset and max timestamp, which makes a consumer start a little early, never too late.
    public func offset(forTimestamp timestamp: Int64) -> (offset: Int64, timestamp: Int64)? {
        lock.withLock { () -> (offset: Int64, timestamp: Int64)? in
            guard !isClosed else { return nil }
            for segment in segments where segment.maxTimestamp >= timestamp {
                guard let header = try? segment.batch(forTimestamp: timestamp) else { continue }
                return refine(header, in: segment) { $0 >= timestamp }
            }
            return nil
        }
    }

    /// The offset of the record with the largest timestamp (ListOffsets MAX_TIMESTAMP, KIP-734).
    public func maxTimestampOffset() -> (offset: Int64, timestamp: Int64)? {
        lock.withLock { () -> (offset: Int64, timestamp: Int64)? in
            guard !isClosed else { return nil }
            guard let segment = segments.filter({ $0.size > 0 }).max(by: { $0.maxTimestamp < $1.maxTimestamp }),
                segment.maxTimestamp >= 0, let header = try? segment.batch(forTimestamp: segment.maxTimestamp)
            else { return nil }
            let max = segment.maxTimestamp
            return refine(header, in: segment) { $0 >= max }
        }
    }

    /// Walks the batch's records, decompressing if needed, for the first whose timestamp matches.
    /// Any failure (I/O, a corrupt or oversized batch) answers the batch's base offset and max
    /// timestamp instead: early rather than late, and ListOffsets must answer something.
    private func refine(_ header: BatchHeader, in segment: LogSegment, where matches: (Int64) -> Bool) -> (offset: Int64, timestamp: Int64) {
        let fallback = (header.baseOffset, header.maxTimestamp)
        guard let fd = try? segment.fd, let bytes = try? readBuffer(io: io, fd: fd, at: header.position, count: header.size),
            let batch = try? RecordBatch(buffer: bytes),
            var records = try? batch.makeRecordIterator(maxUncompressedBytes: max(Self.maxRefineBytes, header.size))
        else { return fallback }
        do {
            while let record = try records.next() {
                let timestamp = record.timestamp(in: batch)
                if matches(timestamp) { return (record.offset(in: batch), timestamp) }
            }
        } catch {}
        return fallback
    }

    /// A bound on what one timestamp lookup may decompress, so a hostile ratio costs a fallback
    /// answer, not the broker's memory. Legitimate batches are at most a few MiB uncompressed.
    static let maxRefineBytes = 16 * 1024 * 1024

    // MARK: Truncation

    /// Removes offset `offset` and everything after it; a batch holding `offset` goes whole, so
    /// the new log end may be below `offset`. Producer state is rebuilt from what remains. Whole
    /// segments removed are renamed `*.deleted`, removed `file.delete.delay.ms` after `now`.
    public func truncate(to offset: Int64, now: Int64 = PartitionLog.currentTimeMillis()) throws(StorageError) {
        try lock.withLock { () throws(StorageError) in
            try checkOpen()
            guard offset < active.nextOffset else { return }
            var removed: [LogSegment] = []
            while segments.count > 1, active.baseOffset >= offset {
                removed.append(segments.removeLast())
            }
            active.activate()
            // Newest first, so a crash part-way leaves a contiguous log.
            retire(removed, now: now)
            if active.baseOffset >= offset {
                try active.truncateAll()
            } else {
                try active.truncate(to: offset)
            }
            try FileSystem.syncDirectory(path)
            rebuildProducerState()
            try io.fsync(try active.fd)
            truncations += 1
            _flushedOffset = min(_flushedOffset, active.nextOffset)
            _logStartOffset = min(max(_logStartOffset, segments[0].baseOffset), active.nextOffset)
        }
    }
}
