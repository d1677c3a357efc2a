// The embedded consumer protocol: what consumers put in JoinGroup's protocol metadata and SyncGroup's
// assignments when their ProtocolType is `consumer` (AK ConsumerProtocolSubscription.json and
// ConsumerProtocolAssignment.json, versions 0–3, never flexible). Each starts with its own int16 version.
//
// The coordinator never needs to read these (clients assign); admin tools do, to show who owns what. A member
// with no assignment yet has empty bytes, which do not decode: show it as owning nothing.
// Forward compatibility is Kafka's rule: a newer version may only append fields, so a reader decodes the
// fields it knows and ignores whatever follows, whatever the version number says.
//
// Subscription v1: OwnedPartitions (cooperative rebalancing, KIP-429). v2: GenerationId, so an assignor can
// tell stale ownership (KIP-792). v3: RackId (KIP-881). Assignment v1–3 have the v0 layout; the versions
// move in step with the subscription.
import NIOCore

/// Partitions of one topic, as both halves of the consumer protocol list them.
public struct ConsumerProtocolTopicPartitions: Hashable, Sendable {
    public var topic: String
    public var partitions: [Int32]

    public init(topic: String, partitions: [Int32]) {
        self.topic = topic
        self.partitions = partitions
    }

    static func readArray(_ field: StaticString, from buffer: inout ByteBuffer) throws -> [ConsumerProtocolTopicPartitions] {
        try buffer.readKafkaArray(field, flexible: false, minimumElementSize: 6) { buffer in
            ConsumerProtocolTopicPartitions(
                topic: try buffer.readKafkaString("topic", flexible: false), partitions: try buffer.readKafkaInt32Array("partitions", flexible: false)
            )
        }
    }

    static func writeArray(_ values: [ConsumerProtocolTopicPartitions], into buffer: inout ByteBuffer) {
        buffer.writeKafkaArray(values, flexible: false) { buffer, value in
            buffer.writeKafkaString(value.topic, flexible: false)
            buffer.writeKafkaInt32Array(value.partitions, flexible: false)
        }
    }
}

extension ByteBuffer {
    /// A negative version cannot come from any Kafka client: the bytes are not a consumer protocol message.
    fileprivate mutating func readConsumerProtocolVersion(_ field: StaticString) throws -> Int16 {
        let version = try readKafkaInt16(field)
        guard version >= 0 else { throw ProtocolError.invalidValue(field: "\(field)") }
        return version
    }
}

public struct ConsumerProtocolSubscription: Hashable, Sendable {
    public static let latestVersion: Int16 = 3

    /// The version as sent; encoding writes it back, with the fields that version (capped at 3) has.
    public var version: Int16
    public var topics: [String]
    public var userData: ByteBuffer?
    /// v1+
    public var ownedPartitions: [ConsumerProtocolTopicPartitions]
    /// v2+; −1 when the member has not been in a generation yet.
    public var generationID: Int32
    /// v3+
    public var rackID: String?

    public init(
        version: Int16 = ConsumerProtocolSubscription.latestVersion, topics: [String], userData: ByteBuffer? = nil,
        ownedPartitions: [ConsumerProtocolTopicPartitions] = [], generationID: Int32 = -1, rackID: String? = nil
    ) {
        self.version = version
        self.topics = topics
        self.userData = userData
        self.ownedPartitions = ownedPartitions
        self.generationID = generationID
        self.rackID = rackID
    }

    /// Decodes the fields known up to v3 and ignores any bytes after them.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        let version = try buffer.readConsumerProtocolVersion("subscription_version")
        self.init(version: version, topics: try buffer.readKafkaStringArray("topics", flexible: false))
        userData = try buffer.readKafkaNullableBytes("user_data", flexible: false)
        if version >= 1 { ownedPartitions = try ConsumerProtocolTopicPartitions.readArray("owned_partitions", from: &buffer) }
        if version >= 2 { generationID = try buffer.readKafkaInt32("generation_id") }
        if version >= 3 { rackID = try buffer.readKafkaNullableString("rack_id", flexible: false) }
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(version)
        buffer.writeKafkaStringArray(topics, flexible: false)
        buffer.writeKafkaNullableBytes(userData, flexible: false)
        if version >= 1 { ConsumerProtocolTopicPartitions.writeArray(ownedPartitions, into: &buffer) }
        if version >= 2 { buffer.writeInteger(generationID) }
        if version >= 3 { buffer.writeKafkaNullableString(rackID, flexible: false) }
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}

public struct ConsumerProtocolAssignment: Hashable, Sendable {
    public static let latestVersion: Int16 = 3

    /// The version as sent; every version so far has the same fields.
    public var version: Int16
    public var assignedPartitions: [ConsumerProtocolTopicPartitions]
    public var userData: ByteBuffer?

    public init(version: Int16 = ConsumerProtocolAssignment.latestVersion, assignedPartitions: [ConsumerProtocolTopicPartitions], userData: ByteBuffer? = nil) {
        self.version = version
        self.assignedPartitions = assignedPartitions
        self.userData = userData
    }

    /// Decodes the fields known up to v3 and ignores any bytes after them.
    public init(decoding bytes: ByteBuffer) throws {
        var buffer = bytes
        self.init(
            version: try buffer.readConsumerProtocolVersion("assignment_version"),
            assignedPartitions: try ConsumerProtocolTopicPartitions.readArray("assigned_partitions", from: &buffer)
        )
        userData = try buffer.readKafkaNullableBytes("user_data", flexible: false)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(version)
        ConsumerProtocolTopicPartitions.writeArray(assignedPartitions, into: &buffer)
        buffer.writeKafkaNullableBytes(userData, flexible: false)
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}
