import NIOCore

extension RecordBatch {
    /// The records part with compression undone. For an uncompressed batch this is the slice itself (no copy).
    public func decompressedPayload(
        maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes
    ) throws(RecordBatchError) -> ByteBuffer {
        guard let codec = attributes.compression else { throw .unknownCompression(attributes.rawValue & 0x7) }
        return try Compression.decompress(codec, recordsPayload, maxOutputBytes: maxUncompressedBytes)
    }

    /// Decompresses once, then decodes records lazily as the caller asks for them.
    public func makeRecordIterator(
        maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes
    ) throws(RecordBatchError) -> RecordIterator {
        guard recordCount >= 0 else { throw .invalidRecordCount }
        let payload = try decompressedPayload(maxUncompressedBytes: maxUncompressedBytes)
        return RecordIterator(payload: payload, count: Int(recordCount))
    }

    /// All records at once, for callers that want them all anyway (dump, compaction, tests).
    public func records(maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes) throws(RecordBatchError) -> [Record] {
        var iterator = try makeRecordIterator(maxUncompressedBytes: maxUncompressedBytes)
        var records: [Record] = []
        // RecordCount is untrusted; each record takes at least 7 bytes, which bounds the reservation.
        records.reserveCapacity(min(Int(recordCount), recordsPayload.readableBytes / 7 + 1))
        while let record = try iterator.next() { records.append(record) }
        return records
    }

    /// Decodes every record, without keeping any, and checks them against the header: exactly RecordCount
    /// records filling the payload, offset deltas 0, 1, 2 … (or only increasing when `allowOffsetGaps`, as
    /// in a compacted segment) ending at LastOffsetDelta. The broker calls this where the header alone cannot
    /// be trusted, above all for compressed batches, whose deltas `validate()` cannot see.
    public func validateRecords(
        maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes, allowOffsetGaps: Bool = false
    ) throws(RecordBatchError) {
        let count = Int(recordCount)
        guard count >= 0 else { throw .invalidRecordCount }
        let payload = try decompressedPayload(maxUncompressedBytes: maxUncompressedBytes)
        var cursor = RecordCursor(buffer: payload)
        var previous: Int32 = -1
        for index in 0..<count {
            let (offsetDelta, _) = try cursor.skipRecord()
            if allowOffsetGaps {
                guard offsetDelta > previous else { throw .invalidRecord("offset delta \(offsetDelta) is not increasing") }
            } else {
                guard Int(offsetDelta) == index else {
                    throw .invalidRecord("record \(index) has offset delta \(offsetDelta)")
                }
            }
            previous = offsetDelta
        }
        guard cursor.remaining == 0 else { throw .invalidRecord("\(cursor.remaining) bytes after the last record") }
        // A compacted batch keeps its LastOffsetDelta when its last record goes, so with gaps the
        // last record may end before it (`filtered`); never past it.
        if count > 0 {
            guard allowOffsetGaps ? previous <= lastOffsetDelta : previous == lastOffsetDelta else { throw .invalidRecordCount }
        }
    }
}
