// generated from schema/JoinGroup.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Joins (or rejoins) a classic group. The answer is held until the join phase ends, up to the
/// rebalance timeout. A v4+ member joining with an empty member_id first gets MEMBER_ID_REQUIRED with
/// an allocated ID and must join again with it (KIP-394).
public struct JoinGroupRequest: KafkaRequestMessage, Hashable {
    public typealias Response = JoinGroupResponse
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 6

    /// The assignors the member can run, each with its subscription in that assignor's format.
    public struct GroupProtocol: Hashable, Sendable {
        /// The assignor, such as `range` or `cooperative-sticky`.
        public var name: String
        /// Opaque to the coordinator; for protocol type `consumer` a ConsumerProtocolSubscription.
        public var metadata: ByteBuffer
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            metadata: ByteBuffer = ByteBuffer(),
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.metadata = metadata
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.metadata = try buffer.readKafkaBytes("metadata", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaBytes(metadata, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var groupID: String
    public var sessionTimeoutMs: Int32
    /// v1+
    /// A v0 member has none; its session timeout stands in for it.
    public var rebalanceTimeoutMs: Int32
    /// Empty on a member's first join.
    public var memberID: String
    /// v5+
    /// Static membership (KIP-345).
    public var groupInstanceID: String?
    public var protocolType: String
    /// The assignors the member can run, each with its subscription in that assignor's format.
    public var protocols: [GroupProtocol]
    /// v8+
    /// KIP-800.
    public var reason: String?
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        sessionTimeoutMs: Int32 = 0,
        rebalanceTimeoutMs: Int32 = -1,
        memberID: String = "",
        groupInstanceID: String? = nil,
        protocolType: String = "consumer",
        protocols: [GroupProtocol] = [],
        reason: String? = nil,
        taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocols = protocols
        self.reason = reason
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
        self.sessionTimeoutMs = try buffer.readKafkaInt32("session_timeout_ms")
        if version >= 1 {
            self.rebalanceTimeoutMs = try buffer.readKafkaInt32("rebalance_timeout_ms")
        } else {
            self.rebalanceTimeoutMs = -1
        }
        self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        if version >= 5 {
            self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
        } else {
            self.groupInstanceID = nil
        }
        self.protocolType = try buffer.readKafkaString("protocol_type", flexible: flexible)
        self.protocols = try buffer.readKafkaNonNullArray("protocols", flexible: flexible, minimumElementSize: (version >= 6 ? 3 : 6)) { buffer in try GroupProtocol(from: &buffer, version: version) }
        if version >= 8 {
            self.reason = try buffer.readKafkaNullableString("reason", flexible: flexible)
        } else {
            self.reason = nil
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaString(groupID, flexible: flexible)
        buffer.writeInteger(sessionTimeoutMs)
        if version >= 1 {
            buffer.writeInteger(rebalanceTimeoutMs)
        }
        buffer.writeKafkaString(memberID, flexible: flexible)
        if version >= 5 {
            buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
        }
        buffer.writeKafkaString(protocolType, flexible: flexible)
        buffer.writeKafkaArray(protocols, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 8 {
            buffer.writeKafkaNullableString(reason, flexible: flexible)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct JoinGroupResponse: KafkaResponseMessage, Hashable {
    /// What the leader needs to run the assignment; other members get an empty list.
    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// v5+
        public var groupInstanceID: String?
        /// The member's metadata for the chosen protocol.
        public var metadata: ByteBuffer
        public var taggedFields: TaggedFields

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            metadata: ByteBuffer = ByteBuffer(),
            taggedFields: TaggedFields = .init()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.metadata = metadata
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
            if version >= 5 {
                self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
            } else {
                self.groupInstanceID = nil
            }
            self.metadata = try buffer.readKafkaBytes("metadata", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(memberID, flexible: flexible)
            if version >= 5 {
                buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
            }
            buffer.writeKafkaBytes(metadata, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v2+
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var generationID: Int32
    /// v7+
    /// KIP-559.
    public var protocolType: String?
    /// null only in v7+
    /// Before v7 "none chosen" is an empty string on the wire.
    public var protocolName: String?
    public var leader: String
    /// v9+
    /// A static leader rejoining a stable group keeps its assignment (KIP-814).
    public var skipAssignment: Bool
    public var memberID: String
    /// What the leader needs to run the assignment; other members get an empty list.
    public var members: [Member]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        generationID: Int32 = -1,
        protocolType: String? = nil,
        protocolName: String? = nil,
        leader: String = "",
        skipAssignment: Bool = false,
        memberID: String = "",
        members: [Member] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.generationID = generationID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leader = leader
        self.skipAssignment = skipAssignment
        self.memberID = memberID
        self.members = members
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        self.generationID = try buffer.readKafkaInt32("generation_id")
        if version >= 7 {
            self.protocolType = try buffer.readKafkaNullableString("protocol_type", flexible: flexible)
        } else {
            self.protocolType = nil
        }
        if version >= 7 {
            self.protocolName = try buffer.readKafkaNullableString("protocol_name", flexible: flexible)
        } else {
            self.protocolName = try buffer.readKafkaString("protocol_name", flexible: flexible)
        }
        self.leader = try buffer.readKafkaString("leader", flexible: flexible)
        if version >= 9 {
            self.skipAssignment = try buffer.readKafkaBool("skip_assignment")
        } else {
            self.skipAssignment = false
        }
        self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        self.members = try buffer.readKafkaNonNullArray("members", flexible: flexible, minimumElementSize: (version >= 6 ? 4 : version >= 5 ? 8 : 6)) { buffer in try Member(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(generationID)
        if version >= 7 {
            buffer.writeKafkaNullableString(protocolType, flexible: flexible)
        }
        if version >= 7 {
            buffer.writeKafkaNullableString(protocolName, flexible: flexible)
        } else {
            buffer.writeKafkaString((protocolName ?? ""), flexible: flexible)
        }
        buffer.writeKafkaString(leader, flexible: flexible)
        if version >= 9 {
            buffer.writeKafkaBool(skipAssignment)
        }
        buffer.writeKafkaString(memberID, flexible: flexible)
        buffer.writeKafkaArray(members, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
