import KafkaRecords
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The fields of a stored batch's header that storage needs, read without touching its records.
struct BatchHeader: Sendable, Equatable {
    var position: Int64
    /// Whole batch, including the 12 bytes of BaseOffset and BatchLength.
    var size: Int
    var baseOffset: Int64
    var lastOffset: Int64
    var maxTimestamp: Int64
    var attributes: Int16
    var producerID: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var lastOffsetDelta: Int32

    var nextOffset: Int64 { lastOffset + 1 }
    var end: Int64 { position + Int64(size) }
    var isControl: Bool { attributes & 0x20 != 0 }
    var lastSequence: Int32 {
        baseSequence < 0 ? -1 : Int32(truncatingIfNeeded: (Int64(baseSequence) + Int64(lastOffsetDelta)) % (Int64(Int32.max) + 1))
    }

    /// Parses a header at `index` of `buffer`, or nil when the bytes cannot be a v2 batch header.
    init?(_ buffer: ByteBuffer, at index: Int, position: Int64) {
        guard let length: Int32 = buffer.getInteger(at: index + 8),
            length >= Int32(RecordBatch.headerSize - RecordBatch.logOverhead),
            let magic: Int8 = buffer.getInteger(at: index + 16), magic == RecordBatch.magic,
            let base: Int64 = buffer.getInteger(at: index),
            let delta: Int32 = buffer.getInteger(at: index + 23), delta >= 0,
            let attributes: Int16 = buffer.getInteger(at: index + 21),
            let maxTimestamp: Int64 = buffer.getInteger(at: index + 35),
            let pid: Int64 = buffer.getInteger(at: index + 43),
            let epoch: Int16 = buffer.getInteger(at: index + 51),
            let sequence: Int32 = buffer.getInteger(at: index + 53)
        else { return nil }
        self.position = position
        self.size = Int(length) + RecordBatch.logOverhead
        self.baseOffset = base
        self.lastOffset = base + Int64(delta)
        self.lastOffsetDelta = delta
        self.maxTimestamp = maxTimestamp
        self.attributes = attributes
        self.producerID = pid
        self.producerEpoch = epoch
        self.baseSequence = sequence
    }
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
