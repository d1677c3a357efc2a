import NIOCore

extension RecordBatch {
    /// The batch with its records part in `codec`, for a topic whose `compression.type` names a codec
    /// (Kafka's `LogValidator` rebuilds such a batch whenever the producer's codec differs).
    ///
    /// Returns the batch unchanged when it already uses `codec`, when it holds no records, and for
    /// an uncompressed control batch (Kafka does not compress control records that arrive plain).
    /// Otherwise the records part is decompressed whole and compressed again; the record bytes in
    /// between are the producer's own, so keys, values, headers and every delta are kept exactly.
    /// The header keeps everything the producer set (offsets, timestamps, producer ID, epoch and
    /// sequence, transactional and timestamp-type bits): only the codec bits, BatchLength and the
    /// CRC change. The caller must have validated the batch (`BatchValidator`).
    ///
    /// `level` is the codec's level, nil for the library's default.
    public func recompressed(
        to codec: CompressionCodec, level: Int? = nil, maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes
    ) throws(RecordBatchError) -> RecordBatch {
        let source = attributes.compression
        guard source != codec, recordCount > 0 else { return self }
        if source == CompressionCodec.none && attributes.isControl { return self }
        let records = try decompressedPayload(maxUncompressedBytes: maxUncompressedBytes)
        var payload = try Compression.compress(codec, records, level: level)

        var out = ByteBufferAllocator().buffer(capacity: Self.headerSize + payload.readableBytes)
        out.writeImmutableBuffer(buffer.getSlice(at: buffer.readerIndex, length: Self.headerSize)!)
        out.writeBuffer(&payload)
        let start = out.readerIndex
        out.setInteger(Int32(out.readableBytes - Self.logOverhead), at: start + RecordBatchHeader.Layout.batchLength)
        var changed = attributes
        changed.compression = codec
        out.setInteger(changed.rawValue, at: start + RecordBatchHeader.Layout.attributes)
        let covered = out.getSlice(
            at: start + RecordBatchHeader.Layout.attributes, length: out.readableBytes - RecordBatchHeader.Layout.attributes)!
        out.setInteger(CRC32C.checksum(covered), at: start + RecordBatchHeader.Layout.crc)
        return try RecordBatch(buffer: out)
    }
}
