import NIOCore

extension RecordBatch {
    /// A copy of the batch holding only the records `keep` accepts, for log compaction.
    ///
    /// Everything the header says about the batch as a whole stays as it was: BaseOffset,
    /// LastOffsetDelta, BaseTimestamp, MaxTimestamp, the producer fields and the codec. Keeping the
    /// offset range means a segment's offsets, a reader's next fetch position and the idempotent
    /// producer's sequence bookkeeping (LastSequence derives from LastOffsetDelta) are untouched by
    /// cleaning; surviving records keep their own offset and timestamp deltas, so the result has
    /// gaps (`validateRecords(allowOffsetGaps: true)` accepts it). A batch that keeps nothing comes
    /// back empty (RecordCount 0) and uncompressed, as Kafka's cleaner writes one: an empty payload is
    /// no gzip, snappy, lz4 or zstd stream, so a reader would fail to decompress it. Kafka's clients
    /// skip an empty batch by its LastOffsetDelta.
    ///
    /// Returns the batch and how many records survived.
    public func filtered(
        maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes, keep: (Record) -> Bool
    ) throws(RecordBatchError) -> (batch: RecordBatch, kept: Int) {
        var iterator = try makeRecordIterator(maxUncompressedBytes: maxUncompressedBytes)
        var payload = ByteBufferAllocator().buffer(capacity: recordsPayload.readableBytes)
        var kept = 0
        while let record = try iterator.next() {
            guard keep(record) else { continue }
            Self.encode(record, into: &payload)
            kept += 1
        }
        let codec = attributes.compression ?? .none
        if codec != .none && kept > 0 { payload = try Compression.compress(codec, payload) }
        var out = ByteBufferAllocator().buffer(capacity: Self.headerSize + payload.readableBytes)
        out.writeImmutableBuffer(buffer.getSlice(at: buffer.readerIndex, length: Self.headerSize)!)
        out.writeBuffer(&payload)
        let start = out.readerIndex
        out.setInteger(Int32(out.readableBytes - Self.logOverhead), at: start + RecordBatchHeader.Layout.batchLength)
        out.setInteger(Int32(kept), at: start + RecordBatchHeader.Layout.recordCount)
        if kept == 0 {
            var emptied = attributes
            emptied.compression = CompressionCodec.none
            out.setInteger(emptied.rawValue, at: start + RecordBatchHeader.Layout.attributes)
        }
        var result = try RecordBatch(buffer: out)
        out.setInteger(result.computedCRC, at: start + RecordBatchHeader.Layout.crc)
        result = try RecordBatch(buffer: out)
        return (result, kept)
    }

    /// One record in the v2 layout with its own deltas (the builder always numbers from 0).
    static func encode(_ record: Record, into buffer: inout ByteBuffer) {
        func fieldSize(_ bytes: ByteBuffer?) -> Int {
            guard let bytes else { return 1 }
            return ByteBuffer.recordVarintSize(Int64(bytes.readableBytes)) + bytes.readableBytes
        }
        var body = 1 + ByteBuffer.recordVarintSize(record.timestampDelta) + ByteBuffer.recordVarintSize(Int64(record.offsetDelta))
        body += fieldSize(record.key) + fieldSize(record.value) + ByteBuffer.recordVarintSize(Int64(record.headers.count))
        for header in record.headers {
            let length = header.key.utf8.count
            body += ByteBuffer.recordVarintSize(Int64(length)) + length + fieldSize(header.value)
        }
        let total = ByteBuffer.recordVarintSize(Int64(body)) + body
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { raw in
            func put(_ bytes: ByteBuffer?, at offset: Int) -> Int {
                guard let bytes else { return ByteBuffer.putRecordVarint(-1, into: raw, at: offset) }
                let at = ByteBuffer.putRecordVarint(Int64(bytes.readableBytes), into: raw, at: offset)
                bytes.withUnsafeReadableBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + source.count)]).copyMemory(from: source)
                }
                return at + bytes.readableBytes
            }
            var at = ByteBuffer.putRecordVarint(Int64(body), into: raw, at: 0)
            raw[at] = UInt8(bitPattern: record.attributes)
            at += 1
            at = ByteBuffer.putRecordVarint(record.timestampDelta, into: raw, at: at)
            at = ByteBuffer.putRecordVarint(Int64(record.offsetDelta), into: raw, at: at)
            at = put(record.key, at: at)
            at = put(record.value, at: at)
            at = ByteBuffer.putRecordVarint(Int64(record.headers.count), into: raw, at: at)
            for header in record.headers {
                let utf8 = header.key.utf8
                at = ByteBuffer.putRecordVarint(Int64(utf8.count), into: raw, at: at)
                UnsafeMutableRawBufferPointer(rebasing: raw[at...]).copyBytes(from: utf8)
                at += utf8.count
                at = put(header.value, at: at)
            }
            return at
        }
    }
}
