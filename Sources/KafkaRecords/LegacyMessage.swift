import CKafkaShims
import KafkaModel
import NIOCore

/// Message format v0 and v1 (magic 0 and 1), the "message sets" of Produce v0–2 and Fetch v0–3. The full
/// layout, and why each check below exists, is in docs/message-format.md.
///
/// One entry: Offset int64 @0 | MessageSize int32 @8 | CRC uint32 @12 (CRC-32, IEEE, over Magic to the end)
/// | Magic int8 @16 | Attributes int8 @17 | [Timestamp int64 @18, magic 1 only] | Key bytes (int32 length,
/// -1 = null) | Value bytes. Magic sits at byte 16 in every format, v2 included, which is how a reader tells
/// them apart before knowing which one it holds.
public enum LegacyMessageLayout {
    public static let offset = 0
    public static let messageSize = 8
    public static let crc = 12
    /// The CRC-32 covers everything from here to the end of the message.
    public static let magic = 16
    public static let attributes = 17
    public static let timestamp = 18
    /// Offset and MessageSize: the bytes that MessageSize does not count.
    public static let logOverhead = 12

    /// CRC, magic and attributes (and the timestamp in v1): the bytes before the key's length.
    public static func headerSize(magic: Int8) -> Int { magic == 0 ? 6 : 14 }

    /// The smallest MessageSize of a message with this magic: header plus two null lengths.
    public static func minimumMessageSize(magic: Int8) -> Int { headerSize(magic: magic) + 8 }

    /// Below this no message of any magic fits (v0 with null key and value). A MessageSize under it is
    /// corruption, not a short read.
    public static let minimumMessageSize = 14

    /// Attribute bits: codec in bits 0–2, timestamp type in bit 3 (magic 1 only).
    public static let codecMask: Int8 = 0x07
    public static let logAppendTimeBit: Int8 = 0x08
}

/// One message as a client sees it: a plain message, or one of the messages inside a compressed wrapper.
public struct LegacyRecord: Sendable, Equatable {
    /// Absolute: for magic 1 wrappers, inner relative offsets are resolved against the wrapper's offset
    /// the way consumers do it.
    public var offset: Int64
    /// -1 (NO_TIMESTAMP) for magic 0, which has none. Inside a LogAppendTime wrapper, the wrapper's.
    public var timestamp: Int64
    public var timestampType: RecordBatchAttributes.TimestampType
    public var magic: Int8
    /// Slices of the message set, or of the wrapper's decompressed value; nil for a null.
    public var key: ByteBuffer?
    public var value: ByteBuffer?

    public init(
        offset: Int64, timestamp: Int64, timestampType: RecordBatchAttributes.TimestampType = .createTime,
        magic: Int8, key: ByteBuffer?, value: ByteBuffer?
    ) {
        self.offset = offset
        self.timestamp = timestamp
        self.timestampType = timestampType
        self.magic = magic
        self.key = key
        self.value = value
    }
}

/// A refusal of a legacy message set, with the code Kafka answers for that partition.
public struct LegacyMessageSetError: Error, Equatable, Sendable {
    public enum Reason: Sendable, Equatable, CaseIterable {
        /// No message at all.
        case empty
        /// A MessageSize (or a key or value length) runs past the bytes that are there.
        case truncated
        /// MessageSize below what the message's magic needs.
        case messageSizeTooSmall
        /// Magic outside 0...1 where a legacy message was expected.
        case invalidMagic
        case crcMismatch
        /// Key and value lengths that do not fill the message exactly.
        case malformedMessage
        /// One message larger than the topic's `max.message.bytes`.
        case messageTooLarge
        /// Shallow messages of different magics in one set.
        case magicMismatch
        /// A message inside a wrapper whose magic differs from the wrapper's.
        case innerMagicMismatch
        /// A compressed wrapper that is not the only message of the set.
        case moreThanOneWrapper
        /// zstd (never valid before magic 2) or a codec number Kafka does not define.
        case unsupportedCompression
        case nullWrapperValue
        case emptyWrapper
        /// A wrapper inside a wrapper.
        case nestedWrapper
        /// A magic 1 wrapper whose offset is below its last inner offset.
        case invalidWrapperOffset
        case decompressionFailed
        /// The wrapper's value expands past the limit: refused before it is allocated.
        case decompressedTooLarge
        /// The producer set the LogAppendTime bit, which only the broker may set.
        case logAppendTimeFromProducer
        /// The up-converted batch broke a rule of the topic (`underlying` says which).
        case rejectedAfterConversion
    }

    public var reason: Reason
    public var message: String
    /// Set for `.rejectedAfterConversion`: what `BatchValidator` said about the converted batch.
    public var underlying: BatchValidationError?

    public init(_ reason: Reason, _ message: String, underlying: BatchValidationError? = nil) {
        self.reason = reason
        self.message = message
        self.underlying = underlying
    }

    /// What Kafka's `LogValidator` and `UnifiedLog.analyzeAndValidateRecords` answer for the same defect
    /// (docs/message-format.md, "Errors").
    public var errorCode: KafkaErrorCode {
        switch reason {
        case .truncated, .messageSizeTooSmall, .invalidMagic, .crcMismatch, .malformedMessage: .corruptMessage
        case .messageTooLarge: .messageTooLarge
        case .unsupportedCompression: .unsupportedCompressionType
        case .logAppendTimeFromProducer: .invalidTimestamp
        case .rejectedAfterConversion: underlying?.errorCode ?? .invalidRecord
        case .empty, .magicMismatch, .innerMagicMismatch, .moreThanOneWrapper, .nullWrapperValue, .emptyWrapper,
            .nestedWrapper, .invalidWrapperOffset, .decompressionFailed, .decompressedTooLarge:
            .invalidRecord
        }
    }
}

/// CRC-32 (IEEE), the checksum of magic 0 and 1 messages; zlib computes it (Sources/CKafkaShims/crc32.c).
public enum CRC32 {
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { checksum($0) }
    }

    @inline(__always)
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt32 {
        fjord_crc32(0, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
    }

    static func checksum(_ buffer: ByteBuffer, at index: Int, length: Int) -> UInt32 {
        buffer.withUnsafeReadableBytes { raw in
            let start = index - buffer.readerIndex
            return checksum(UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)]))
        }
    }
}

/// One message's fields, located but not copied: key and value are byte ranges of the buffer read.
struct LegacyMessageView {
    var offset: Int64
    var magic: Int8
    var attributes: Int8
    var timestamp: Int64
    /// Start of the entry (its Offset field) and its full size, log overhead included.
    var start: Int
    var size: Int
    var keyStart: Int
    /// -1 for a null key.
    var keyLength: Int
    var valueStart: Int
    var valueLength: Int

    var codecBits: Int8 { attributes & LegacyMessageLayout.codecMask }
    var isLogAppendTime: Bool { magic > 0 && attributes & LegacyMessageLayout.logAppendTimeBit != 0 }

    func key(in buffer: ByteBuffer) -> ByteBuffer? {
        keyLength < 0 ? nil : buffer.getSlice(at: keyStart, length: keyLength)
    }

    func value(in buffer: ByteBuffer) -> ByteBuffer? {
        valueLength < 0 ? nil : buffer.getSlice(at: valueStart, length: valueLength)
    }

    /// Reads the entry at `index`, which must lie before `end`, checking every length against the bytes
    /// left before anything is read through it, and the CRC when `verifyCRC` (skipped only when an earlier
    /// pass over the same bytes checked it).
    static func read(
        _ buffer: ByteBuffer, at index: Int, end: Int, verifyCRC: Bool = true
    ) throws(LegacyMessageSetError) -> LegacyMessageView {
        let left = end - index
        guard left >= LegacyMessageLayout.logOverhead else {
            throw .init(.truncated, "\(left) bytes left, too few for a message's offset and size")
        }
        let declared = buffer.getInteger(at: index + LegacyMessageLayout.messageSize, as: Int32.self)!
        guard declared >= Int32(LegacyMessageLayout.minimumMessageSize) else {
            throw .init(.messageSizeTooSmall, "message size \(declared) is below the minimum of \(LegacyMessageLayout.minimumMessageSize)")
        }
        let size = Int(declared) + LegacyMessageLayout.logOverhead
        guard size <= left else {
            throw .init(.truncated, "message size \(declared) needs \(size) bytes but \(left) are left")
        }
        let magic = buffer.getInteger(at: index + LegacyMessageLayout.magic, as: Int8.self)!
        guard magic == 0 || magic == 1 else {
            throw .init(.invalidMagic, "magic \(magic) where a message of format v0 or v1 was expected")
        }
        guard Int(declared) >= LegacyMessageLayout.minimumMessageSize(magic: magic) else {
            throw .init(.messageSizeTooSmall, "message size \(declared) is too small for magic \(magic)")
        }
        let stored = buffer.getInteger(at: index + LegacyMessageLayout.crc, as: UInt32.self)!
        if verifyCRC {
            let computed = CRC32.checksum(buffer, at: index + LegacyMessageLayout.magic, length: size - LegacyMessageLayout.magic)
            guard computed == stored else {
                throw .init(.crcMismatch, "CRC-32 is \(computed) but the message at offset field \(index) says \(stored)")
            }
        }
        let messageEnd = index + size
        var at = index + LegacyMessageLayout.logOverhead + LegacyMessageLayout.headerSize(magic: magic)
        let keyLength = try Self.length(buffer, at: &at, end: messageEnd, what: "key")
        let keyStart = at
        at += max(0, keyLength)
        let valueLength = try Self.length(buffer, at: &at, end: messageEnd, what: "value")
        let valueStart = at
        at += max(0, valueLength)
        guard at == messageEnd else {
            throw .init(.malformedMessage, "key and value leave \(messageEnd - at) bytes of the message unused")
        }
        return LegacyMessageView(
            offset: buffer.getInteger(at: index, as: Int64.self)!,
            magic: magic,
            attributes: buffer.getInteger(at: index + LegacyMessageLayout.attributes, as: Int8.self)!,
            timestamp: magic == 0 ? -1 : buffer.getInteger(at: index + LegacyMessageLayout.timestamp, as: Int64.self)!,
            start: index, size: size, keyStart: keyStart, keyLength: keyLength,
            valueStart: valueStart, valueLength: valueLength)
    }

    /// An int32 length that may be -1 (null) and must fit before `end`.
    @inline(__always)
    private static func length(
        _ buffer: ByteBuffer, at index: inout Int, end: Int, what: StaticString
    ) throws(LegacyMessageSetError) -> Int {
        guard end - index >= 4 else { throw .init(.malformedMessage, "the message ends inside its \(what) length") }
        let length = Int(buffer.getInteger(at: index, as: Int32.self)!)
        index += 4
        guard length >= -1 else { throw .init(.malformedMessage, "\(what) length \(length) is negative") }
        guard length <= end - index else {
            throw .init(.malformedMessage, "\(what) length \(length) runs past the message's \(end - index) remaining bytes")
        }
        return length
    }
}
