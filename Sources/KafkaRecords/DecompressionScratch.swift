import CKafkaShims

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
