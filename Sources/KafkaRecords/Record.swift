import NIOCore

/// One record of a v2 batch (protocol-compat.md §2.5). Offsets and timestamps are deltas because that is
/// what the wire holds; `offset(in:)` and `timestamp(in:)` resolve them against the batch header.
public struct Record: Sendable, Equatable {
    /// Unused by Kafka so far (always 0), kept so a round trip is exact.
    public var attributes: Int8
    public var timestampDelta: Int64
    public var offsetDelta: Int32
    /// Slices of the batch (or of its decompressed payload); nil when the producer sent a null.
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]

    public init(
        attributes: Int8 = 0, timestampDelta: Int64, offsetDelta: Int32,
        key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []
    ) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// Wrapping, as `RecordBatch.lastOffset` is, for batches whose BaseOffset nobody checked.
    public func offset(in batch: RecordBatch) -> Int64 { batch.baseOffset &+ Int64(offsetDelta) }

    /// LogAppendTime batches carry the broker's time in MaxTimestamp, and that replaces every record's own.
    public func timestamp(in batch: RecordBatch) -> Int64 {
        batch.attributes.timestampType == .logAppendTime ? batch.maxTimestamp : batch.baseTimestamp &+ timestampDelta
    }
}

/// A record header. Kafka allows duplicate keys and keeps their order, hence an array of these, not a map.
public struct RecordHeader: Sendable, Equatable {
    public var key: String
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }
}

/// Decodes the records of one batch one at a time.
///
/// Not an `IteratorProtocol` because a malformed record must surface as an error the broker can map to
/// INVALID_RECORD, not end the iteration silently.
public struct RecordIterator: Sendable {
    private var cursor: RecordCursor
    private var left: Int

    init(payload: ByteBuffer, count: Int) {
        self.cursor = RecordCursor(buffer: payload)
        self.left = count
    }

    /// The next record, or nil after the batch's RecordCount records. Fails if the bytes run out early or if
    /// bytes remain after the last record, as Java's consumer does.
    public mutating func next() throws(RecordBatchError) -> Record? {
        guard left > 0 else {
            guard cursor.remaining == 0 else { throw .invalidRecord("\(cursor.remaining) bytes after the last record") }
            return nil
        }
        left -= 1
        return try cursor.readRecord()
    }
}

extension RecordCursor {
    /// Smallest possible record body: attributes, then one byte each for timestamp delta, offset delta, key
    /// length, value length and header count.
    static let minimumRecordBody = 6

    /// Reads a record's Length and narrows `end` to the record, returning the outer end to restore.
    @inline(__always)
    mutating func enterRecord() throws(RecordBatchError) -> Int {
        let length = try readVarint()
        guard length >= Int32(Self.minimumRecordBody), Int(length) <= remaining else {
            throw .invalidRecord("record length \(length) is invalid with \(remaining) bytes left")
        }
        let outer = end
        end = index + Int(length)
        return outer
    }

    @inline(__always)
    mutating func leaveRecord(outer: Int) throws(RecordBatchError) {
        guard index == end else { throw .invalidRecord("record has \(remaining) bytes beyond its fields") }
        end = outer
    }

    mutating func readRecord() throws(RecordBatchError) -> Record {
        let outer = try enterRecord()
        let attributes = Int8(bitPattern: try readByte())
        let timestampDelta = try readVarlong()
        let offsetDelta = try readVarint()
        let key = try readLength(allowNull: true).map { readSlice(length: $0) }
        let value = try readLength(allowNull: true).map { readSlice(length: $0) }
        let headerCount = try readVarint()
        // Each header takes at least two bytes, so a count beyond that is a lie told to make us allocate.
        guard headerCount >= 0, Int(headerCount) <= remaining / 2 else {
            throw .invalidRecord("header count \(headerCount) is invalid")
        }
        var headers: [RecordHeader] = []
        if headerCount > 0 {
            headers.reserveCapacity(Int(headerCount))
            for _ in 0..<headerCount {
                guard let keyLength = try readLength(allowNull: false) else { throw .invalidRecord("null header key") }
                let key = readString(length: keyLength)
                let value = try readLength(allowNull: true).map { readSlice(length: $0) }
                headers.append(RecordHeader(key: key, value: value))
            }
        }
        try leaveRecord(outer: outer)
        return Record(
            attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta,
            key: key, value: value, headers: headers)
    }

    /// The same checks as `readRecord` without building anything, for validation on the produce path.
    mutating func skipRecord() throws(RecordBatchError) -> (offsetDelta: Int32, timestampDelta: Int64) {
        let outer = try enterRecord()
        _ = try readByte()
        let timestampDelta = try readVarlong()
        let offsetDelta = try readVarint()
        if let length = try readLength(allowNull: true) { skip(length) }
        if let length = try readLength(allowNull: true) { skip(length) }
        try skipHeaders()
        try leaveRecord(outer: outer)
        return (offsetDelta, timestampDelta)
    }

    /// The header count and headers, checked like `readRecord` does but not decoded.
    @inline(__always)
    mutating func skipHeaders() throws(RecordBatchError) {
        let headerCount = try readVarint()
        guard headerCount >= 0, Int(headerCount) <= remaining / 2 else {
            throw .invalidRecord("header count \(headerCount) is invalid")
        }
        for _ in 0..<headerCount {
            guard let keyLength = try readLength(allowNull: false) else { throw .invalidRecord("null header key") }
            skip(keyLength)
            if let length = try readLength(allowNull: true) { skip(length) }
        }
    }
}
