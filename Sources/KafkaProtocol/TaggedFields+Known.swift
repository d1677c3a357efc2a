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

/// A leader as reported in Produce (v10+) and Fetch (v12+) when a client talked to the wrong broker (KIP-951).
public struct LeaderIdAndEpoch: Hashable, Sendable {
    public var leaderID: Int32
    public var leaderEpoch: Int32
    public var taggedFields: TaggedFields

    public init(leaderID: Int32 = -1, leaderEpoch: Int32 = -1, taggedFields: TaggedFields = .init()) {
        self.leaderID = leaderID
        self.leaderEpoch = leaderEpoch
        self.taggedFields = taggedFields
    }

    init(from buffer: inout ByteBuffer) throws {
        leaderID = try buffer.readKafkaInt32("leader_id")
        leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
        taggedFields = try buffer.readTaggedFields()
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(leaderID)
        buffer.writeInteger(leaderEpoch)
        buffer.writeTaggedFields(taggedFields)
    }
}

/// A broker address attached to Produce (v10+) and Fetch (v16+) responses so that clients can reach a
/// new leader without a Metadata round trip (KIP-951). Only ever in flexible versions.
public struct NodeEndpoint: Hashable, Sendable {
    public var nodeID: Int32
    public var host: String
    public var port: Int32
    public var rack: String?
    public var taggedFields: TaggedFields

    public init(nodeID: Int32, host: String, port: Int32, rack: String? = nil, taggedFields: TaggedFields = .init()) {
        self.nodeID = nodeID
        self.host = host
        self.port = port
        self.rack = rack
        self.taggedFields = taggedFields
    }

    init(from buffer: inout ByteBuffer) throws {
        nodeID = try buffer.readKafkaInt32("node_id")
        host = try buffer.readKafkaString("host", flexible: true)
        port = try buffer.readKafkaInt32("port")
        rack = try buffer.readKafkaNullableString("rack", flexible: true)
        taggedFields = try buffer.readTaggedFields()
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(nodeID)
        buffer.writeKafkaString(host, flexible: true)
        buffer.writeInteger(port)
        buffer.writeKafkaNullableString(rack, flexible: true)
        buffer.writeTaggedFields(taggedFields)
    }

    static func readArray(from buffer: inout ByteBuffer) throws -> [NodeEndpoint] {
        try buffer.readKafkaArray("node_endpoints", flexible: true, minimumElementSize: 11) { try NodeEndpoint(from: &$0) }
    }

    static func writeArray(_ endpoints: [NodeEndpoint], into buffer: inout ByteBuffer) {
        buffer.writeKafkaArray(endpoints, flexible: true) { $1.encode(into: &$0) }
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
}
