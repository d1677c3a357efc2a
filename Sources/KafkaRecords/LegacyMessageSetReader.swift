import CKafkaShims
import NIOCore

/// Reads a message set of format v0/v1, one record at a time, unpacking compressed wrapper messages.
///
/// Not an `IteratorProtocol`: a defect must surface as an error with Kafka's code for the partition
/// (docs/message-format.md, "Errors"), not end the iteration.
///
/// Memory: plain messages are read in place (key and value are slices of `records`). A wrapper's value is
/// decompressed whole, because magic 1 inner offsets are relative to the *last* inner message, which is
/// only known at the end, and at most `maxUncompressedBytes` of it: an expansion past that is refused as
/// soon as it passes the limit, so a small bomb costs at most the limit, never its full expansion.
public struct LegacyMessageSetReader: Sendable {
    public struct Options: Sendable, Equatable {
        public enum Mode: Sendable, Equatable {
            /// A produced set (Produce v0–2): it must be whole, hold at least one message, keep one magic,
            /// and a compressed wrapper must be its only message, as Kafka's `LogValidator` requires.
            case produce
            /// A fetched set (Fetch v0–3): a partial message at the end is where the broker cut the
            /// response and is ignored, and magics and wrappers may follow each other.
            case fetch
        }

        public var mode: Mode
        /// The largest shallow message (log overhead included): the topic's `max.message.bytes`.
        public var maxMessageBytes: Int
        /// The most one wrapper's value may decompress to.
        public var maxUncompressedBytes: Int

        public init(
            mode: Mode = .produce, maxMessageBytes: Int = .max,
            maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes
        ) {
            self.mode = mode
            self.maxMessageBytes = maxMessageBytes
            self.maxUncompressedBytes = maxUncompressedBytes
        }
    }

    private struct Wrapper {
        var buffer: ByteBuffer
        var index: Int
        var magic: Int8
        /// Added to inner offsets: 0 for magic 0 (they are absolute), wrapper offset minus the last inner
        /// offset for magic 1.
        var base: Int64
        var logAppendTime: Int64?
    }

    private let records: ByteBuffer
    private let options: Options
    private var index: Int
    private let end: Int
    private var wrapper: Wrapper?
    private var firstMagic: Int8?
    /// Cleared by a caller that has already checked every shallow CRC, so each is computed once.
    var verifiesShallowCRC = true

    /// Shallow messages read so far (a wrapper counts once).
    public private(set) var shallowCount = 0
    /// The codec of the last wrapper read, `.none` while there has been none.
    public private(set) var codec: CompressionCodec = .none
    /// Bytes that wrappers' values decompressed to, in total so far.
    public private(set) var decompressedBytes = 0
    /// The magic of the first message, once one has been read.
    public var magic: Int8? { firstMagic }

    public init(_ records: ByteBuffer, options: Options = .init()) {
        self.records = records
        self.options = options
        self.index = records.readerIndex
        self.end = records.writerIndex
    }

    /// The next record, or nil at the end of the set.
    public mutating func next() throws(LegacyMessageSetError) -> LegacyRecord? {
        while true {
            if wrapper != nil {
                if let record = try nextInner() { return record }
                wrapper = nil
                continue
            }
            guard index < end else {
                if shallowCount == 0 && options.mode == .produce { throw .init(.empty, "the message set holds no message") }
                return nil
            }
            if options.mode == .fetch && isPartialTail() {
                index = end
                return nil
            }
            let view = try LegacyMessageView.read(records, at: index, end: end, verifyCRC: verifiesShallowCRC)
            index += view.size
            shallowCount += 1
            try checkShallow(view)
            if view.codecBits == 0 {
                return LegacyRecord(
                    offset: view.offset, timestamp: view.timestamp,
                    timestampType: view.isLogAppendTime ? .logAppendTime : .createTime, magic: view.magic,
                    key: view.key(in: records), value: view.value(in: records))
            }
            wrapper = try unpack(view)
        }
    }

    /// Everything left, for tests and tools.
    public mutating func readAll() throws(LegacyMessageSetError) -> [LegacyRecord] {
        var result: [LegacyRecord] = []
        while let record = try next() { result.append(record) }
        return result
    }

    /// Fewer bytes than a message's size field promises: how a fetch response ends when the broker cut it.
    private func isPartialTail() -> Bool {
        let left = end - index
        guard left >= LegacyMessageLayout.logOverhead else { return true }
        let size = Int(records.getInteger(at: index + LegacyMessageLayout.messageSize, as: Int32.self)!)
        return size >= LegacyMessageLayout.minimumMessageSize && size + LegacyMessageLayout.logOverhead > left
    }

    private mutating func checkShallow(_ view: LegacyMessageView) throws(LegacyMessageSetError) {
        guard view.size <= options.maxMessageBytes else {
            throw .init(.messageTooLarge, "a message of \(view.size) bytes is above max.message.bytes \(options.maxMessageBytes)")
        }
        guard options.mode == .produce else { return }
        if let firstMagic, firstMagic != view.magic {
            throw .init(.magicMismatch, "message of magic \(view.magic) after one of magic \(firstMagic)")
        }
        firstMagic = view.magic
        if view.codecBits != 0 && (shallowCount > 1 || index < end) {
            throw .init(.moreThanOneWrapper, "a compressed message must be the only message of a produced set")
        }
    }

    private mutating func unpack(_ view: LegacyMessageView) throws(LegacyMessageSetError) -> Wrapper {
        guard let codec = CompressionCodec(rawValue: view.codecBits), codec != .zstd else {
            throw .init(.unsupportedCompression, "codec \(view.codecBits) is not one of message format v\(view.magic)")
        }
        self.codec = codec
        guard var payload = view.value(in: records) else {
            throw .init(.nullWrapperValue, "a compressed message with a null value")
        }
        if codec == .lz4 && view.magic == 0 { payload = LZ4LegacyFraming.repairedForDecoding(payload) }
        let inner = try LegacyCodec.decompress(codec, payload, limit: options.maxUncompressedBytes)
        decompressedBytes += inner.readableBytes
        guard inner.readableBytes > 0 else { throw .init(.emptyWrapper, "a compressed message with no messages inside") }
        var base: Int64 = 0
        if view.magic == 1 && view.offset != 0 {
            // Java producers put the last relative offset on the wrapper, and brokers the absolute one;
            // some librdkafka versions put 0 there, which Kafka reads as "already absolute".
            let last = Self.lastOffset(in: inner)
            guard view.offset >= last else {
                throw .init(.invalidWrapperOffset, "wrapper offset \(view.offset) is below its last inner offset \(last)")
            }
            base = view.offset - last
        }
        return Wrapper(
            buffer: inner, index: inner.readerIndex, magic: view.magic, base: base,
            logAppendTime: view.isLogAppendTime ? view.timestamp : nil)
    }

    private mutating func nextInner() throws(LegacyMessageSetError) -> LegacyRecord? {
        guard var current = wrapper, current.index < current.buffer.writerIndex else { return nil }
        let view = try LegacyMessageView.read(current.buffer, at: current.index, end: current.buffer.writerIndex)
        current.index += view.size
        wrapper = current
        guard view.magic == current.magic else {
            throw .init(.innerMagicMismatch, "inner message of magic \(view.magic) in a wrapper of magic \(current.magic)")
        }
        guard view.codecBits == 0 else {
            throw .init(.nestedWrapper, "a compressed message inside a compressed message")
        }
        let logAppendTime = current.logAppendTime
        return LegacyRecord(
            offset: current.base &+ view.offset, timestamp: logAppendTime ?? view.timestamp,
            timestampType: logAppendTime == nil ? .createTime : .logAppendTime, magic: view.magic,
            key: view.key(in: current.buffer), value: view.value(in: current.buffer))
    }

    /// The Offset field of the last whole entry, walking sizes only; the full read that follows reports
    /// whatever is wrong with the entries.
    private static func lastOffset(in buffer: ByteBuffer) -> Int64 {
        var at = buffer.readerIndex
        var last: Int64 = 0
        while buffer.writerIndex - at >= LegacyMessageLayout.logOverhead {
            let size = Int(buffer.getInteger(at: at + LegacyMessageLayout.messageSize, as: Int32.self)!)
            guard size >= LegacyMessageLayout.minimumMessageSize, size <= buffer.writerIndex - at - LegacyMessageLayout.logOverhead else { break }
            last = buffer.getInteger(at: at, as: Int64.self)!
            at += size + LegacyMessageLayout.logOverhead
        }
        return last
    }
}

/// Whole-payload compression for wrapper messages, through the bounded C codecs of
/// Sources/CKafkaShims/compression.c, keeping their result codes so a bomb is told apart from garbage.
enum LegacyCodec {
    static func decompress(
        _ codec: CompressionCodec, _ payload: ByteBuffer, limit: Int
    ) throws(LegacyMessageSetError) -> ByteBuffer {
        var output = fjord_output(data: nil, size: 0, capacity: 0)
        var message: UnsafePointer<CChar>? = nil
        defer { fjord_output_free(&output) }
        let code = payload.withUnsafeReadableBytes { raw in
            fjord_decompress(
                CInt(codec.rawValue), raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count, max(0, limit),
                &output, &message)
        }
        guard code == CInt(FJORD_COMPRESSION_OK) else {
            let text = message.map { String(cString: $0) } ?? "decompression failed (\(code))"
            if code == CInt(FJORD_COMPRESSION_TOO_LARGE) {
                throw .init(.decompressedTooLarge, "\(codec) wrapper: \(text) of \(limit) bytes")
            }
            throw .init(.decompressionFailed, "\(codec) wrapper: \(text)")
        }
        var result = ByteBufferAllocator().buffer(capacity: output.size)
        if output.size > 0, let data = output.data {
            result.writeBytes(UnsafeRawBufferPointer(start: data, count: output.size))
        }
        return result
    }
}
