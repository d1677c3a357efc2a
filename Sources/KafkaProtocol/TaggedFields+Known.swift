import KafkaModel
import NIOCore

// Known tagged fields travel inside the same section as unknown ones. Decoding takes the known tags out,
// so that a message's `taggedFields` holds only what Fjord does not understand; encoding merges them back
// in tag order. Each known value must be consumed exactly, or a re-encode would not give the same bytes.

extension TaggedFields {
    /// Removes `tag` and decodes its value, or returns nil if the tag is absent.
    mutating func takeKnown<T>(_ tag: UInt32, _ field: StaticString, _ read: (inout ByteBuffer) throws -> T) throws -> T? {
        guard var value = take(tag) else { return nil }
        let result = try read(&value)
        try value.expectFullyConsumed("\(field)")
        return result
    }

    /// Adds a known tag whose value is produced by `write`.
    mutating func setKnown(_ tag: UInt32, _ write: (inout ByteBuffer) -> Void) {
        var value = ByteBufferAllocator().buffer(capacity: 16)
        write(&value)
        set(tag, value)
    }
}

extension ByteBuffer {
    /// Arrays of int32 broker IDs or partition indexes, common to many APIs.
    mutating func readKafkaInt32Array(_ field: StaticString, flexible: Bool) throws -> [Int32] {
        try readKafkaArray(field, flexible: flexible, minimumElementSize: 4) { try $0.readKafkaInt32(field) }
    }

    mutating func writeKafkaInt32Array(_ values: [Int32], flexible: Bool) {
        writeKafkaArray(values, flexible: flexible) { $0.writeInteger($1) }
    }

    mutating func readKafkaStringArray(_ field: StaticString, flexible: Bool) throws -> [String] {
        try readKafkaArray(field, flexible: flexible, minimumElementSize: flexible ? 1 : 2) { try $0.readKafkaString(field, flexible: flexible) }
    }

    mutating func writeKafkaStringArray(_ values: [String], flexible: Bool) {
        writeKafkaArray(values, flexible: flexible) { $0.writeKafkaString($1, flexible: flexible) }
    }

    mutating func readTaggedFieldsIf(_ flexible: Bool) throws -> TaggedFields {
        flexible ? try readTaggedFields() : TaggedFields()
    }

    mutating func writeTaggedFieldsIf(_ flexible: Bool, _ fields: TaggedFields) {
        if flexible { writeTaggedFields(fields) }
    }

    /// An array the version cannot send as null: a null count is malformed, as Kafka's parsers have it.
    @inline(__always) mutating func readKafkaNonNullArray<Element>(
        _ field: StaticString, flexible: Bool, minimumElementSize: Int, _ element: (inout ByteBuffer) throws -> Element
    ) throws -> [Element] {
        guard let array = try readKafkaNullableArray(field, flexible: flexible, minimumElementSize: minimumElementSize, element) else {
            throw ProtocolError.invalidValue(field: "\(field)")
        }
        return array
    }

    /// A nullable struct: an int8 marker, −1 for null and 1 for a struct that follows.
    mutating func readKafkaNullableStruct<T>(_ field: StaticString, _ read: (inout ByteBuffer) throws -> T) throws -> T? {
        switch try readKafkaInt8(field) {
        case -1: return nil
        case 1: return try read(&self)
        default: throw ProtocolError.invalidValue(field: "\(field)")
        }
    }

    mutating func writeKafkaNullableStruct<T>(_ value: T?, _ write: (inout ByteBuffer, T) -> Void) {
        guard let value else {
            writeInteger(-1, as: Int8.self)
            return
        }
        writeInteger(1, as: Int8.self)
        write(&self, value)
    }
}
