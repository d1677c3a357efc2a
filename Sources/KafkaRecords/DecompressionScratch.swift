import CKafkaShims
import NIOCore

/// A streaming decompressor kept from one batch to the next, so that validating compressed batches
/// allocates nothing once its contexts and 64 KiB window exist (Sources/CKafkaShims/inflate_stream.c).
///
/// Not thread-safe and deliberately not `Sendable`: give each thread its own (the broker keeps one per
/// event-loop thread). Nothing is allocated until the first compressed batch.
public final class DecompressionScratch {
    private var inflater: OpaquePointer?

    public init() {}

    deinit {
        if let inflater { fjord_inflater_destroy(inflater) }
    }

    /// Runs `body` with a source of `payload`'s decompressed bytes, at most `limit` of them in total.
    /// `payload` must stay valid until `body` returns.
    func stream<Success>(
        _ codec: CompressionCodec, _ payload: UnsafeRawBufferPointer, limit: Int,
        _ body: (inout InflaterChunks) -> Result<Success, BatchValidationError>
    ) -> Result<Success, BatchValidationError> {
        if inflater == nil { inflater = fjord_inflater_create() }
        guard let inflater else { return .failure(.init(.decompressionFailed, "out of memory")) }
        var message: UnsafePointer<CChar>? = nil
        let code = fjord_inflater_begin(
            inflater, CInt(codec.rawValue), payload.baseAddress?.assumingMemoryBound(to: UInt8.self), payload.count,
            max(0, limit), &message)
        defer { fjord_inflater_end(inflater) }
        guard code == 0 else {
            return .failure(ScanFailure.decompression(code: code, message: message).describe(record: 0, of: 0))
        }
        var chunks = InflaterChunks(inflater: inflater)
        return body(&chunks)
    }
}

/// Where a `RecordScanner` gets its bytes: the payload in one piece, or a decompressor's windows.
protocol RecordChunkSource {
    /// Whether the first chunk is the whole payload, so that a record's Length can be checked against the
    /// bytes left before its fields are read.
    static var isContiguous: Bool { get }
    /// The next bytes, valid until the next call; nil at the end of the payload.
    mutating func nextChunk() throws(ScanFailure) -> UnsafeRawBufferPointer?
}

/// An uncompressed payload, read in place.
struct ContiguousChunk: RecordChunkSource {
    static var isContiguous: Bool { true }
    var pending: UnsafeRawBufferPointer?

    @inline(__always)
    mutating func nextChunk() -> UnsafeRawBufferPointer? {
        defer { pending = nil }
        return pending
    }
}

/// A compressed payload, one decompressed window at a time.
struct InflaterChunks: RecordChunkSource {
    static var isContiguous: Bool { false }
    let inflater: OpaquePointer

    mutating func nextChunk() throws(ScanFailure) -> UnsafeRawBufferPointer? {
        var data: UnsafePointer<UInt8>? = nil
        var length = 0
        var message: UnsafePointer<CChar>? = nil
        let code = fjord_inflater_next(inflater, &data, &length, &message)
        guard code == 0 else { throw ScanFailure.decompression(code: code, message: message) }
        guard length > 0, let data else { return nil }
        return UnsafeRawBufferPointer(start: data, count: length)
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
