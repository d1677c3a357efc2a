import KafkaModel
import NIOCore

// Kafka's primitive types (docs/protocol.md, "Encodings"). Every length and count read here is checked
// against the bytes still readable before anything is allocated, so a hostile size costs nothing.

extension ByteBuffer {
    @inlinable
    mutating func readKafkaInteger<T: FixedWidthInteger>(_ field: StaticString, as type: T.Type = T.self) throws -> T {
        guard let value = self.readInteger(as: T.self) else { throw ProtocolError.truncated(field: "\(field)") }
        return value
    }

    public mutating func readKafkaInt8(_ field: StaticString = "int8") throws -> Int8 { try readKafkaInteger(field) }
    public mutating func readKafkaInt16(_ field: StaticString = "int16") throws -> Int16 { try readKafkaInteger(field) }
    public mutating func readKafkaInt32(_ field: StaticString = "int32") throws -> Int32 { try readKafkaInteger(field) }
    public mutating func readKafkaInt64(_ field: StaticString = "int64") throws -> Int64 { try readKafkaInteger(field) }
    public mutating func readKafkaUInt32(_ field: StaticString = "uint32") throws -> UInt32 { try readKafkaInteger(field) }

    public mutating func readKafkaBool(_ field: StaticString = "bool") throws -> Bool {
        try readKafkaInt8(field) != 0
    }

    public mutating func readKafkaUUID(_ field: StaticString = "uuid") throws -> TopicID {
        let high: UInt64 = try readKafkaInteger(field)
        let low: UInt64 = try readKafkaInteger(field)
        return TopicID(high: high, low: low)
    }

    /// Protobuf-style unsigned varint, at most 5 bytes for 32 bits.
    public mutating func readUnsignedVarint(_ field: StaticString = "uvarint") throws -> UInt32 {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard let byte = self.readInteger(as: UInt8.self) else { throw ProtocolError.truncated(field: "\(field)") }
            if shift == 28 && byte & 0xF0 != 0 { throw ProtocolError.invalidValue(field: "\(field)") }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Zigzag-encoded signed varint (record fields).
    public mutating func readVarint(_ field: StaticString = "varint") throws -> Int32 {
        let raw = try readUnsignedVarint(field)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Zigzag-encoded signed varlong (record fields).
    public mutating func readVarlong(_ field: StaticString = "varlong") throws -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = self.readInteger(as: UInt8.self) else { throw ProtocolError.truncated(field: "\(field)") }
            if shift == 63 && byte & 0xFE != 0 { throw ProtocolError.invalidValue(field: "\(field)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (result >> 1) ^ (0 &- (result & 1)))
    }

    /// Reads a length for a string or bytes field: classic (int16/int32, −1 = null) or compact (uvarint length+1, 0 = null).
    /// Returns nil for null; throws if the length exceeds what is readable.
    @inlinable
    mutating func readKafkaLength(_ field: StaticString, flexible: Bool, wide: Bool) throws -> Int? {
        let length: Int
        if flexible {
            let raw = try readUnsignedVarint(field)
            if raw == 0 { return nil }
            length = Int(raw) - 1
        } else if wide {
            let raw = try readKafkaInt32(field)
            if raw == -1 { return nil }
            length = Int(raw)
        } else {
            let raw = try readKafkaInt16(field)
            if raw == -1 { return nil }
            length = Int(raw)
        }
        guard length >= 0, length <= self.readableBytes else {
            throw ProtocolError.invalidLength(field: "\(field)", length: length)
        }
        return length
    }

    public mutating func readKafkaNullableString(_ field: StaticString = "string", flexible: Bool) throws -> String? {
        guard let length = try readKafkaLength(field, flexible: flexible, wide: false) else { return nil }
        guard let string = self.readString(length: length) else { throw ProtocolError.truncated(field: "\(field)") }
        // Invalid UTF-8 is kept, as Kafka keeps it, by replacing each bad byte with U+FFFD, which takes three
        // bytes: a classic string of up to 32,767 bytes can come out longer than its int16 length can say, and
        // encoding it again (a response echoing a name) would wrap the length and corrupt the stream.
        if !flexible && string.utf8.count > Int(Int16.max) { throw ProtocolError.invalidValue(field: "\(field)") }
        return string
    }

    public mutating func readKafkaString(_ field: StaticString = "string", flexible: Bool) throws -> String {
        guard let string = try readKafkaNullableString(field, flexible: flexible) else {
            throw ProtocolError.invalidValue(field: "\(field)")
        }
        return string
    }

    /// Bytes fields are returned as slices of this buffer: no copy.
    public mutating func readKafkaNullableBytes(_ field: StaticString = "bytes", flexible: Bool) throws -> ByteBuffer? {
        guard let length = try readKafkaLength(field, flexible: flexible, wide: true) else { return nil }
        return self.readSlice(length: length)
    }

    public mutating func readKafkaBytes(_ field: StaticString = "bytes", flexible: Bool) throws -> ByteBuffer {
        guard let bytes = try readKafkaNullableBytes(field, flexible: flexible) else {
            throw ProtocolError.invalidValue(field: "\(field)")
        }
        return bytes
    }

    /// Reads an array count (classic int32, or compact uvarint count+1). Returns nil for a null array.
    /// `minimumElementSize` is the fewest bytes one element can take; the count is rejected if even
    /// that many elements could not fit in what is left, so `reserveCapacity(count)` is always safe.
    public mutating func readKafkaArrayCount(
        _ field: StaticString = "array", flexible: Bool, minimumElementSize: Int = 1
    ) throws -> Int? {
        let count: Int
        if flexible {
            let raw = try readUnsignedVarint(field)
            if raw == 0 { return nil }
            count = Int(raw) - 1
        } else {
            let raw = try readKafkaInt32(field)
            if raw == -1 { return nil }
            count = Int(raw)
        }
        guard count >= 0, count.multipliedReportingOverflow(by: max(minimumElementSize, 1)).partialValue <= self.readableBytes,
            count <= self.readableBytes
        else {
            throw ProtocolError.invalidLength(field: "\(field)", length: count)
        }
        return count
    }

    /// Reads an array; a null array reads as empty.
    public mutating func readKafkaArray<Element>(
        _ field: StaticString = "array", flexible: Bool, minimumElementSize: Int = 1,
        _ element: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        try readKafkaNullableArray(field, flexible: flexible, minimumElementSize: minimumElementSize, element) ?? []
    }

    public mutating func readKafkaNullableArray<Element>(
        _ field: StaticString = "array", flexible: Bool, minimumElementSize: Int = 1,
        _ element: (inout ByteBuffer) throws -> Element
    ) throws -> [Element]? {
        guard let count = try readKafkaArrayCount(field, flexible: flexible, minimumElementSize: minimumElementSize) else {
            return nil
        }
        var result: [Element] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self)) }
        return result
    }

    /// Reads a tagged-field section. Unknown tags are kept as raw bytes so that they survive a round trip.
    public mutating func readTaggedFields(_ field: StaticString = "tagged fields") throws -> TaggedFields {
        let count = Int(try readUnsignedVarint(field))
        guard count <= self.readableBytes else { throw ProtocolError.invalidLength(field: "\(field)", length: count) }
        if count == 0 { return TaggedFields() }
        var fields = TaggedFields()
        var previous: UInt32? = nil
        for _ in 0..<count {
            let tag = try readUnsignedVarint(field)
            if let previous, tag <= previous { throw ProtocolError.invalidValue(field: "\(field)") }
            previous = tag
            let size = Int(try readUnsignedVarint(field))
            guard size <= self.readableBytes, let value = self.readSlice(length: size) else {
                throw ProtocolError.invalidLength(field: "\(field)", length: size)
            }
            fields.fields.append(.init(tag: tag, value: value))
        }
        return fields
    }

    // MARK: Writing

    public mutating func writeKafkaBool(_ value: Bool) { writeInteger(value ? 1 : 0, as: Int8.self) }

    public mutating func writeKafkaUUID(_ id: TopicID) {
        writeInteger(id.high)
        writeInteger(id.low)
    }

    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var value = value
        while value >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        writeInteger(UInt8(value))
    }

    public mutating func writeVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    public mutating func writeVarlong(_ value: Int64) {
        var raw = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while raw >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: raw) | 0x80)
            raw >>= 7
        }
        writeInteger(UInt8(raw))
    }

    public mutating func writeKafkaNullableString(_ value: String?, flexible: Bool) {
        guard let value else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int16.self) }
            return
        }
        let count = value.utf8.count
        if flexible { writeUnsignedVarint(UInt32(count + 1)) } else { writeInteger(Int16(truncatingIfNeeded: count)) }
        writeString(value)
    }

    public mutating func writeKafkaString(_ value: String, flexible: Bool) {
        writeKafkaNullableString(value, flexible: flexible)
    }

    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, flexible: Bool) {
        guard var value else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        let count = value.readableBytes
        if flexible { writeUnsignedVarint(UInt32(count + 1)) } else { writeInteger(Int32(count)) }
        writeBuffer(&value)
    }

    public mutating func writeKafkaBytes(_ value: ByteBuffer, flexible: Bool) {
        writeKafkaNullableBytes(value, flexible: flexible)
    }

    /// Writes an array count; nil writes the null marker.
    public mutating func writeKafkaArrayCount(_ count: Int?, flexible: Bool) {
        guard let count else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        if flexible { writeUnsignedVarint(UInt32(count + 1)) } else { writeInteger(Int32(count)) }
    }

    public mutating func writeKafkaArray<Element>(
        _ elements: [Element], flexible: Bool, _ write: (inout ByteBuffer, Element) -> Void
    ) {
        writeKafkaArrayCount(elements.count, flexible: flexible)
        for element in elements { write(&self, element) }
    }

    public mutating func writeKafkaNullableArray<Element>(
        _ elements: [Element]?, flexible: Bool, _ write: (inout ByteBuffer, Element) -> Void
    ) {
        guard let elements else { return writeKafkaArrayCount(nil, flexible: flexible) }
        writeKafkaArray(elements, flexible: flexible, write)
    }

    public mutating func writeTaggedFields(_ fields: TaggedFields) {
        writeUnsignedVarint(UInt32(fields.fields.count))
        for field in fields.fields {
            writeUnsignedVarint(field.tag)
            writeUnsignedVarint(UInt32(field.value.readableBytes))
            var value = field.value
            writeBuffer(&value)
        }
    }

    /// Fails decoding when a message left bytes unread: a length we mis-parsed would otherwise go unnoticed.
    public func expectFullyConsumed(_ field: String) throws {
        if readableBytes != 0 { throw ProtocolError.trailingBytes(field: field, count: readableBytes) }
    }
}

/// The tagged-field section that ends every struct of a flexible version.
public struct TaggedFields: Hashable, Sendable {
    public struct Field: Hashable, Sendable {
        public var tag: UInt32
        public var value: ByteBuffer
        public init(tag: UInt32, value: ByteBuffer) {
            self.tag = tag
            self.value = value
        }
    }

    public var fields: [Field] = []
    public init() {}
    public init(_ fields: [Field]) { self.fields = fields.sorted { $0.tag < $1.tag } }

    public func value(for tag: UInt32) -> ByteBuffer? { fields.first { $0.tag == tag }?.value }

    /// Removes and returns a known tag, leaving only unknown ones to round-trip.
    public mutating func take(_ tag: UInt32) -> ByteBuffer? {
        guard let index = fields.firstIndex(where: { $0.tag == tag }) else { return nil }
        return fields.remove(at: index).value
    }

    public mutating func set(_ tag: UInt32, _ value: ByteBuffer) {
        fields.removeAll { $0.tag == tag }
        fields.append(.init(tag: tag, value: value))
        fields.sort { $0.tag < $1.tag }
    }

    public var isEmpty: Bool { fields.isEmpty }
}
