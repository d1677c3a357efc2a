import CKafkaShims
import NIOCore

/// The codecs of a batch's records part, in the byte formats Kafka's Java client writes and reads.
///
/// The work happens in C (`CKafkaShims`), against the system snappy, lz4, zstd and zlib, so that the formats
/// are byte-for-byte the ones those libraries define rather than a re-implementation of them.
public enum Compression {
    /// The ceiling callers should use when they have no better one: the largest batch Kafka accepts by
    /// default is about 1 MiB, so 64 MiB of records from one batch is already a hostile ratio.
    public static let defaultMaxOutputBytes = 64 * 1024 * 1024

    /// Compresses `input` as Java does (gzip stream, xerial-framed snappy, LZ4 frame with 64 KiB independent
    /// blocks, zstd frame). `.none` returns the input unchanged.
    public static func compress(
        _ codec: CompressionCodec, _ input: ByteBuffer, level: Int? = nil
    ) throws(RecordBatchError) -> ByteBuffer {
        guard codec != .none else { return input }
        // CInt.min is the C side's "library default": zstd gives negative levels a meaning of their own.
        let clevel = level.map { CInt(clamping: $0) } ?? CInt.min
        return try run(input) { pointer, count, output, error in
            fjord_compress(CInt(codec.rawValue), pointer, count, clevel, output, error)
        }
    }

    /// Decompresses `input`, refusing to produce more than `maxOutputBytes`: a few KiB of crafted zstd or
    /// gzip can expand to gigabytes, and the broker must fail such a batch instead of allocating for it.
    public static func decompress(
        _ codec: CompressionCodec, _ input: ByteBuffer, maxOutputBytes: Int
    ) throws(RecordBatchError) -> ByteBuffer {
        guard codec != .none else {
            guard input.readableBytes <= maxOutputBytes else {
                throw .compression("decompressed size exceeds the limit")
            }
            return input
        }
        let limit = max(0, maxOutputBytes)
        return try run(input) { pointer, count, output, error in
            fjord_decompress(CInt(codec.rawValue), pointer, count, limit, output, error)
        }
    }

    private static func run(
        _ input: ByteBuffer,
        _ body: (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<fjord_output>, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> CInt
    ) throws(RecordBatchError) -> ByteBuffer {
        var output = fjord_output(data: nil, size: 0, capacity: 0)
        var message: UnsafePointer<CChar>? = nil
        defer { fjord_output_free(&output) }
        let code = input.withUnsafeReadableBytes { raw in
            body(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, &output, &message)
        }
        guard code == 0 else {
            throw .compression(message.map { String(cString: $0) } ?? "compression failed (\(code))")
        }
        // One copy into NIO-owned memory; the C side owns its growable buffer so it can enforce the limit.
        var result = ByteBufferAllocator().buffer(capacity: output.size)
        if output.size > 0, let data = output.data {
            result.writeBytes(UnsafeRawBufferPointer(start: data, count: output.size))
        }
        return result
    }
}
