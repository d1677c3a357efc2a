import KafkaRecords
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A stored batch's header and where it sits in its segment, read without touching its records.
///
/// The field parsing is KafkaRecords' `RecordBatchHeader`, so storage and the produce path agree on one
/// layout; this adds only what storage needs on top: the file position and offsets rewritten on append.
struct BatchHeader: Sendable, Equatable {
    var position: Int64
    var fields: RecordBatchHeader

    /// Parses a header at `index` of `buffer`, or nil when the bytes cannot be a v2 batch header.
    init?(_ buffer: ByteBuffer, at index: Int, position: Int64) {
        guard let fields = RecordBatchHeader(buffer, at: index) else { return nil }
        self.position = position
        self.fields = fields
    }

    /// Whole batch, including the 12 bytes of BaseOffset and BatchLength.
    var size: Int { fields.sizeInBytes }
    var baseOffset: Int64 {
        get { fields.baseOffset }
        set { fields.baseOffset = newValue }
    }
    /// Derived from BaseOffset, so setting it moves BaseOffset and keeps LastOffsetDelta.
    var lastOffset: Int64 {
        get { fields.lastOffset }
        set { fields.baseOffset = newValue - Int64(fields.lastOffsetDelta) }
    }
    var maxTimestamp: Int64 { fields.maxTimestamp }
    var attributes: Int16 { fields.attributes.rawValue }
    var producerID: Int64 { fields.producerID }
    var producerEpoch: Int16 { fields.producerEpoch }
    var baseSequence: Int32 { fields.baseSequence }
    var lastOffsetDelta: Int32 { fields.lastOffsetDelta }

    var nextOffset: Int64 { lastOffset + 1 }
    var end: Int64 { position + Int64(size) }
    var isControl: Bool { fields.attributes.isControl }
    var lastSequence: Int32 { fields.lastSequence }
}

/// Reads a segment's file through a read-ahead window, so scanning many small batch headers
/// costs one `pread` per 64 KiB rather than one per batch.
struct SegmentReader {
    static let windowSize = 64 * 1024
    let io: FileIO
    let fd: CInt
    /// Bytes past here are not part of the log (unwritten, or being written concurrently).
    let end: Int64
    private var window = ByteBuffer()
    private var windowStart: Int64 = 0

    init(io: FileIO, fd: CInt, end: Int64) {
        self.io = io
        self.fd = fd
        self.end = end
    }

    /// `count` bytes at `position`, or nil if the log ends first.
    mutating func bytes(at position: Int64, count: Int) throws(StorageError) -> ByteBuffer? {
        guard position >= 0, position + Int64(count) <= end else { return nil }
        let windowEnd = windowStart + Int64(window.readableBytes)
        if position < windowStart || position + Int64(count) > windowEnd {
            let want = Int(min(end - position, Int64(max(count, Self.windowSize))))
            window = try readBuffer(io: io, fd: fd, at: position, count: want)
            windowStart = position
            guard window.readableBytes >= count else { return nil }
        }
        return window.getSlice(at: window.readerIndex + Int(position - windowStart), length: count)
    }

    mutating func header(at position: Int64) throws(StorageError) -> BatchHeader? {
        guard let bytes = try bytes(at: position, count: RecordBatch.headerSize) else { return nil }
        return BatchHeader(bytes, at: bytes.readerIndex, position: position)
    }
}

/// Allocates a buffer and fills it from the file; short if the file is shorter.
func readBuffer(io: FileIO, fd: CInt, at position: Int64, count: Int) throws(StorageError) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: count)
    var failure: StorageError?
    buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
        let result = Result { () throws(StorageError) in
            try io.pread(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw.prefix(count)), at: position)
        }
        switch result {
        case let .success(n): return n
        case let .failure(error):
            failure = error
            return 0
        }
    }
    if let failure { throw failure }
    return buffer
}
