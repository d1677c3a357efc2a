import CKafkaShims
import NIOCore

extension BatchValidator {
    struct RecordWalk {
        var maxTimestamp: Int64
    }

    /// Reads every record of `batch` (whose header `checkHeader` has passed) and applies the per-record
    /// rules. A record that cannot be read ends the walk (INVALID_RECORD, like Kafka's record iterator); a
    /// record that reads fine but breaks a rule is noted and the walk goes on, so that `record_errors`
    /// names every offending record, as Kafka's does.
    static func walkRecords(
        of batch: RecordBatch, rules: Rules, now: Int64, scratch: DecompressionScratch?
    ) throws(BatchValidationError) -> RecordWalk {
        let codec = batch.attributes.compression ?? .none
        let rules = RecordRules(batch: batch, rules: rules, now: now)
        let result = batch.recordsPayload.withUnsafeReadableBytes { payload -> Result<RecordWalk, BatchValidationError> in
            if codec == .none {
                var scanner = RecordScanner(source: ContiguousChunk(pending: payload))
                return rules.walk(&scanner)
            }
            return (scratch ?? DecompressionScratch()).stream(codec, payload, limit: rules.maxUncompressedBytes) { chunks in
                var scanner = RecordScanner(source: chunks)
                return rules.walk(&scanner)
            }
        }
        return try result.get()
    }
}

/// What one record yields for the rules; key and value are skipped, never copied.
struct ScannedRecord {
    var timestampDelta: Int64
    var offsetDelta: Int32
    var hasKey: Bool
}

/// The per-record rules with everything that does not change within a batch worked out once.
struct RecordRules {
    let count: Int
    let baseTimestamp: Int64
    /// Set when the producer marked the batch LogAppendTime: every record's timestamp is then MaxTimestamp.
    let logAppendTime: Int64?
    let checksTimestamps: Bool
    /// The range a CreateTime timestamp must fall in, saturated rather than overflowing.
    let lowestTimestamp: Int64
    let highestTimestamp: Int64
    let requiresKeys: Bool
    let maxUncompressedBytes: Int

    init(batch: RecordBatch, rules: BatchValidator.Rules, now: Int64) {
        count = Int(batch.recordCount)
        baseTimestamp = batch.baseTimestamp
        logAppendTime = batch.attributes.timestampType == .logAppendTime ? batch.maxTimestamp : nil
        checksTimestamps = rules.timestampType == .createTime
        let (low, lowOverflow) = now.subtractingReportingOverflow(max(0, rules.timestampBeforeMaxMs))
        let (high, highOverflow) = now.addingReportingOverflow(max(0, rules.timestampAfterMaxMs))
        lowestTimestamp = lowOverflow ? .min : low
        highestTimestamp = highOverflow ? .max : high
        requiresKeys = rules.requiresKeys
        maxUncompressedBytes = rules.maxUncompressedBytes
    }

    func walk<Source: RecordChunkSource>(_ scanner: inout RecordScanner<Source>) -> Result<BatchValidator.RecordWalk, BatchValidationError> {
        var maxTimestamp: Int64 = -1
        var errors: [RecordValidationError] = []
        var timestampErrors = 0
        for index in 0..<count {
            let record: ScannedRecord
            do throws(ScanFailure) {
                record = try scanner.record()
            } catch {
                return .failure(error.describe(record: index, of: count))
            }
            let timestamp = logAppendTime ?? baseTimestamp &+ record.timestampDelta
            if timestamp > maxTimestamp { maxTimestamp = timestamp }
            if let problem = check(record, index: index, timestamp: timestamp) {
                if problem.problem == .timestampOutOfRange || problem.problem == .logAppendTimeFromProducer {
                    timestampErrors += 1
                }
                errors.append(problem)
            }
        }
        do throws(ScanFailure) {
            guard try scanner.atEnd() else {
                let left = Source.isContiguous ? "\(scanner.leftInChunk) bytes" : "data"
                return .failure(.init(.bytesAfterLastRecord, "\(left) after the last of the \(count) records the batch counts"))
            }
        } catch {
            return .failure(error.describe(record: count, of: count))
        }
        guard let first = errors.first else { return .success(.init(maxTimestamp: maxTimestamp)) }
        // As Kafka: one timestamp problem makes the whole answer INVALID_TIMESTAMP.
        if timestampErrors > 0 {
            return .failure(.init(
                .invalidTimestamps, "\(errors.count) of \(count) records refused for their timestamp; the first: \(first.message)",
                recordErrors: errors))
        }
        return .failure(.init(
            .invalidRecords, "\(errors.count) of \(count) records refused; the first: \(first.message)", recordErrors: errors))
    }

    /// The first rule `record` breaks: offset delta, then key (Kafka checks the key before the timestamp).
    private func check(_ record: ScannedRecord, index: Int, timestamp: Int64) -> RecordValidationError? {
        let at = Int32(truncatingIfNeeded: index)
        if Int(record.offsetDelta) != index {
            return .init(
                index: at, problem: .offsetDelta,
                message: "record \(index) has offset delta \(record.offsetDelta); a batch's deltas run 0, 1, 2, …")
        }
        if requiresKeys && !record.hasKey {
            return .init(index: at, problem: .missingKey, message: "a compacted topic cannot accept a record without a key")
        }
        if checksTimestamps && timestamp != -1 {
            if timestamp < lowestTimestamp || timestamp > highestTimestamp {
                return .init(
                    index: at, problem: .timestampOutOfRange,
                    message: "timestamp \(timestamp) of record \(index) is outside [\(lowestTimestamp), \(highestTimestamp)]")
            }
        } else if logAppendTime != nil {
            return .init(
                index: at, problem: .logAppendTimeFromProducer,
                message: "record \(index) arrived with the LogAppendTime type, which only the broker may set")
        }
        return nil
    }
}

/// Why the record walk stopped, without the record's position (the caller adds it) and without
/// allocating until it is described.
enum ScanFailure: Error {
    /// The payload ended inside a record, or before RecordCount records.
    case truncated
    /// (Uncompressed) a record's Length runs past the end of the payload.
    case pastEnd(length: Int32, left: Int)
    /// A record's Length is negative or too small to hold a record's fields.
    case badLength(Int32)
    /// The record's fields run past its Length.
    case overrun
    /// The record's Length leaves this many bytes after its fields.
    case underrun(extra: Int)
    case varintTooLong
    case badFieldLength(Int32)
    case badHeaderCount(Int32)
    case badHeaderKeyLength(Int32)
    case decompression(tooLarge: Bool, message: String)

    static func decompression(code: CInt, message: UnsafePointer<CChar>?) -> ScanFailure {
        .decompression(
            tooLarge: Int(code) == Int(FJORD_COMPRESSION_TOO_LARGE),
            message: message.map { String(cString: $0) } ?? "decompression failed (\(code))")
    }

    /// The refusal for a failure met while reading record `index` (0-based) of `count`.
    func describe(record index: Int, of count: Int) -> BatchValidationError {
        switch self {
        case .truncated:
            .init(.malformedRecord, "the records end inside record \(index) of the \(count) the batch counts")
        case let .pastEnd(length, left):
            .init(.malformedRecord, "record \(index) has length \(length) but only \(left) bytes follow it")
        case let .badLength(length):
            .init(.malformedRecord, "record \(index) has length \(length), too short for a record")
        case .overrun:
            .init(.malformedRecord, "the fields of record \(index) run past its length")
        case let .underrun(extra):
            .init(.malformedRecord, "record \(index) has \(extra) bytes beyond its fields")
        case .varintTooLong:
            .init(.malformedRecord, "record \(index) has a varint longer than its type allows")
        case let .badFieldLength(length):
            .init(.malformedRecord, "record \(index) has a key or value length of \(length)")
        case let .badHeaderCount(headers):
            .init(.malformedRecord, "record \(index) has a header count of \(headers)")
        case let .badHeaderKeyLength(length):
            .init(.malformedRecord, "record \(index) has a header key length of \(length)")
        case let .decompression(tooLarge, message):
            .init(tooLarge ? .decompressedTooLarge : .decompressionFailed, "decompressing the records: \(message)")
        }
    }
}

/// What reading a record's fields needs: bytes and skips bounded by the record's Length.
protocol RecordFieldReader {
    mutating func byte() throws(ScanFailure) -> UInt8
    /// Discards `count` bytes of the current record.
    mutating func skip(_ count: Int) throws(ScanFailure)
    /// Bytes of the current record not read yet.
    var leftInRecord: Int { get }
}

extension RecordFieldReader {
    /// Zigzag varint, as Kafka's `ByteUtils.readVarint`, refusing a fifth byte with bits beyond 32.
    @inline(__always)
    mutating func varint() throws(ScanFailure) -> Int32 {
        let first = try byte()
        // One byte (-64...63) is the usual case: offset deltas, key and header counts, short lengths.
        if first & 0x80 == 0 { return Int32(first >> 1) ^ -Int32(first & 1) }
        var raw = UInt32(first & 0x7F)
        var shift: UInt32 = 7
        while true {
            let byte = try byte()
            if shift == 28 {
                guard byte & 0xF0 == 0 else { throw .varintTooLong }
                raw |= UInt32(byte) << 28
                break
            }
            raw |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int32(bitPattern: raw >> 1) ^ -Int32(bitPattern: raw & 1)
    }

    /// Zigzag varlong, as Kafka's `ByteUtils.readVarlong`, refusing a tenth byte with bits beyond 64.
    @inline(__always)
    mutating func varlong() throws(ScanFailure) -> Int64 {
        let first = try byte()
        if first & 0x80 == 0 { return Int64(first >> 1) ^ -Int64(first & 1) }
        var raw = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while true {
            let byte = try byte()
            if shift == 63 {
                guard byte & 0xFE == 0 else { throw .varintTooLong }
                raw |= UInt64(byte) << 63
                break
            }
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A key, value or header value: length -1 (null) or a length the record still has room for.
    @inline(__always)
    mutating func skipNullableField() throws(ScanFailure) -> Bool {
        let length = try varint()
        if length == -1 { return false }
        guard length >= 0 else { throw .badFieldLength(length) }
        try skip(Int(length))
        return true
    }

    /// Everything after a record's Length. The caller checks that the fields used all of it.
    @inline(__always)
    mutating func fields() throws(ScanFailure) -> ScannedRecord {
        _ = try byte()  // attributes: unused by every record format so far
        let timestampDelta = try varlong()
        let offsetDelta = try varint()
        let hasKey = try skipNullableField()
        _ = try skipNullableField()
        let headers = try varint()
        // Each header takes at least two bytes, which also bounds the loop by the record's Length.
        guard headers >= 0, Int(headers) <= leftInRecord / 2 else { throw .badHeaderCount(headers) }
        for _ in 0..<Int(headers) {
            let keyLength = try varint()
            guard keyLength >= 0 else { throw .badHeaderKeyLength(keyLength) }
            try skip(Int(keyLength))
            _ = try skipNullableField()
        }
        return ScannedRecord(timestampDelta: timestampDelta, offsetDelta: offsetDelta, hasKey: hasKey)
    }
}

/// A record that lies whole in one chunk, the usual case: read through a plain pointer and the record's
/// end, which the compiler keeps in registers.
private struct InChunkRecord: RecordFieldReader {
    let base: UnsafeRawPointer
    var at: Int
    let end: Int

    var leftInRecord: Int { end - at }

    @inline(__always)
    mutating func byte() throws(ScanFailure) -> UInt8 {
        guard at < end else { throw .overrun }
        let value = base.load(fromByteOffset: at, as: UInt8.self)
        at &+= 1
        return value
    }

    @inline(__always)
    mutating func skip(_ count: Int) throws(ScanFailure) {
        guard count <= end - at else { throw .overrun }
        at &+= count
    }
}

/// Reads records from a `RecordChunkSource` without copying them, checking each field against the
/// record's own Length as well as against the end of the payload: a record whose fields overrun its Length
/// must fail, not borrow its neighbour's bytes.
///
/// A record inside the current chunk is read by `InChunkRecord`. One that straddles chunks (decompressed
/// windows) is read here, with absolute positions and a `limit` at wherever the chunk or the record ends
/// first, so a byte costs one comparison and crossing either boundary takes the slow path.
struct RecordScanner<Source: RecordChunkSource>: RecordFieldReader {
    private var source: Source
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    /// Absolute position of `chunk[0]`.
    private var chunkStart = 0
    private var index = 0
    /// Index in `chunk` where reading must stop: its end, or the current record's end if that comes first.
    private var limit = 0
    /// Absolute end of the current record; Int.max between records.
    private var recordEnd = Int.max

    /// Smallest record body: attributes, then one byte each for timestamp delta, offset delta, key length,
    /// value length and header count.
    static var minimumBody: Int32 { 6 }

    init(source: Source) {
        self.source = source
    }

    var leftInChunk: Int { chunk.count - index }
    var leftInRecord: Int { recordEnd - position }
    private var position: Int { chunkStart + index }

    @inline(__always)
    private mutating func setLimit() {
        limit = recordEnd - chunkStart < chunk.count ? recordEnd - chunkStart : chunk.count
    }

    @inline(__always)
    mutating func byte() throws(ScanFailure) -> UInt8 {
        if index == limit { try advance() }
        let value = chunk[index]
        index &+= 1
        return value
    }

    /// At `limit`: fails at the record's end, otherwise moves to the next non-empty chunk.
    @inline(never)
    private mutating func advance() throws(ScanFailure) {
        guard position < recordEnd else { throw .overrun }
        try refill()
        setLimit()
    }

    @inline(never)
    private mutating func refill() throws(ScanFailure) {
        while true {
            guard let next = try source.nextChunk() else { throw .truncated }
            chunkStart += chunk.count
            chunk = next
            index = 0
            if next.count > 0 { return }
        }
    }

    @inline(__always)
    mutating func skip(_ count: Int) throws(ScanFailure) {
        guard count <= recordEnd - position else { throw .overrun }
        if count <= chunk.count - index {
            index &+= count
            return
        }
        let target = position + count
        while target > chunkStart + chunk.count { try refill() }
        index = target - chunkStart
        setLimit()
    }

    /// One record: its Length, then its fields, which must fill exactly that Length.
    mutating func record() throws(ScanFailure) -> ScannedRecord {
        let length = try varint()
        guard length >= Self.minimumBody else { throw .badLength(length) }
        if Int(length) <= leftInChunk {
            var body = InChunkRecord(base: chunk.baseAddress!, at: index, end: index + Int(length))
            let record = try body.fields()
            index = body.end
            guard body.at == body.end else { throw .underrun(extra: body.end - body.at) }
            return record
        }
        // The whole payload is in `chunk` when it is contiguous, so this Length runs past its end.
        guard !Source.isContiguous else { throw .pastEnd(length: length, left: leftInChunk) }
        recordEnd = position + Int(length)
        setLimit()
        let record = try fields()
        let extra = recordEnd - position
        recordEnd = .max
        setLimit()
        if extra > 0 {
            // Streamed payloads cannot be measured up front: tell a Length past the end from one that
            // merely overlaps the next record.
            throw try atEnd() ? .truncated : .underrun(extra: extra)
        }
        return record
    }

    /// Whether the payload is used up; decompresses further if need be.
    mutating func atEnd() throws(ScanFailure) -> Bool {
        if index < chunk.count { return false }
        while let next = try source.nextChunk() {
            chunkStart += chunk.count
            chunk = next
            index = 0
            setLimit()
            if next.count > 0 { return false }
        }
        return true
    }
}
