// JoinGroup, key 11, versions 0–9, flexible from v6.
//
// v1: RebalanceTimeoutMs (a v0 member gets its session timeout as the rebalance timeout).
// v2: ThrottleTimeMs in the response.
// v4: a member joining with an empty MemberId first gets MEMBER_ID_REQUIRED carrying an allocated ID and must
//     join again with it (KIP-394).
// v5: GroupInstanceId for static members (KIP-345), also echoed per member to the leader.
// v7: the response names the ProtocolType, and its ProtocolName may be null (KIP-559).
// v8: Reason (KIP-800). v9: SkipAssignment in the response, for a static leader rejoining a stable group (KIP-814).
// The response is held until the join phase ends, up to the rebalance timeout (pitfall 11).
import KafkaModel
import NIOCore

public struct JoinGroupRequest: KafkaRequestMessage, Hashable {
    public typealias Response = JoinGroupResponse
    public static let apiKey = ApiKey.joinGroup
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 6

    /// One assignor the member can run, with its subscription in that assignor's format.
    public struct GroupProtocol: Hashable, Sendable {
        /// The assignor, such as `range` or `cooperative-sticky`.
        public var name: String
        /// Opaque to the coordinator; for ProtocolType `consumer` a `ConsumerProtocolSubscription`. A slice of the request.
        public var metadata: ByteBuffer
        public var taggedFields: TaggedFields

        public init(name: String, metadata: ByteBuffer, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.metadata = metadata
            self.taggedFields = taggedFields
        }
    }

    public var groupID: String
    public var sessionTimeoutMs: Int32
    /// v1+. A v0 member has none (−1 here), and its session timeout stands in for it.
    public var rebalanceTimeoutMs: Int32
    /// Empty on a member's first join.
    public var memberID: String
    /// v5+
    public var groupInstanceID: String?
    public var protocolType: String
    public var protocols: [GroupProtocol]
    /// v8+
    public var reason: String?
    public var taggedFields: TaggedFields

    public init(
        groupID: String, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32 = -1, memberID: String = "", groupInstanceID: String? = nil,
        protocolType: String = "consumer", protocols: [GroupProtocol] = [], reason: String? = nil, taggedFields: TaggedFields = .init()
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
        let flexible = Self.isFlexible(version)
        self.init(groupID: try buffer.readKafkaString("group_id", flexible: flexible), sessionTimeoutMs: try buffer.readKafkaInt32("session_timeout_ms"))
        if version >= 1 { rebalanceTimeoutMs = try buffer.readKafkaInt32("rebalance_timeout_ms") }
        memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        if version >= 5 { groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible) }
        protocolType = try buffer.readKafkaString("protocol_type", flexible: flexible)
        protocols = try buffer.readKafkaArray("protocols", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            GroupProtocol(
                name: try buffer.readKafkaString("name", flexible: flexible),
                metadata: try buffer.readKafkaBytes("metadata", flexible: flexible),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        if version >= 8 { reason = try buffer.readKafkaNullableString("reason", flexible: flexible) }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaString(groupID, flexible: flexible)
        buffer.writeInteger(sessionTimeoutMs)
        if version >= 1 { buffer.writeInteger(rebalanceTimeoutMs) }
        buffer.writeKafkaString(memberID, flexible: flexible)
        if version >= 5 { buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible) }
        buffer.writeKafkaString(protocolType, flexible: flexible)
        buffer.writeKafkaArray(protocols, flexible: flexible) { buffer, proto in
            buffer.writeKafkaString(proto.name, flexible: flexible)
            buffer.writeKafkaBytes(proto.metadata, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, proto.taggedFields)
        }
        if version >= 8 { buffer.writeKafkaNullableString(reason, flexible: flexible) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct JoinGroupResponse: KafkaResponseMessage, Hashable {
    /// What the leader needs to run the assignment; other members get an empty list.
    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// v5+
        public var groupInstanceID: String?
        /// The member's metadata for the chosen protocol. A slice, never copied.
        public var metadata: ByteBuffer
        public var taggedFields: TaggedFields

        public init(memberID: String, groupInstanceID: String? = nil, metadata: ByteBuffer, taggedFields: TaggedFields = .init()) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.metadata = metadata
            self.taggedFields = taggedFields
        }
    }

    /// v2+
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var generationID: Int32
    /// v7+
    public var protocolType: String?
    /// Null only from v7; earlier versions send an empty string for "none chosen".
    public var protocolName: String?
    public var leader: String
    /// v9+
    public var skipAssignment: Bool
    public var memberID: String
    public var members: [Member]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, generationID: Int32 = -1, protocolType: String? = nil,
        protocolName: String? = nil, leader: String = "", skipAssignment: Bool = false, memberID: String = "", members: [Member] = [],
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
        self.init()
        if version >= 2 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
        generationID = try buffer.readKafkaInt32("generation_id")
        if version >= 7 {
            protocolType = try buffer.readKafkaNullableString("protocol_type", flexible: flexible)
            protocolName = try buffer.readKafkaNullableString("protocol_name", flexible: flexible)
        } else {
            protocolName = try buffer.readKafkaString("protocol_name", flexible: flexible)
        }
        leader = try buffer.readKafkaString("leader", flexible: flexible)
        if version >= 9 { skipAssignment = try buffer.readKafkaBool("skip_assignment") }
        memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        members = try buffer.readKafkaArray("members", flexible: flexible, minimumElementSize: flexible ? 4 : 6) { buffer in
            Member(
                memberID: try buffer.readKafkaString("member_id", flexible: flexible),
                groupInstanceID: version >= 5 ? try buffer.readKafkaNullableString("group_instance_id", flexible: flexible) : nil,
                metadata: try buffer.readKafkaBytes("metadata", flexible: flexible),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 2 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeInteger(generationID)
        if version >= 7 {
            buffer.writeKafkaNullableString(protocolType, flexible: flexible)
            buffer.writeKafkaNullableString(protocolName, flexible: flexible)
        } else {
            buffer.writeKafkaString(protocolName ?? "", flexible: flexible)
        }
        buffer.writeKafkaString(leader, flexible: flexible)
        if version >= 9 { buffer.writeKafkaBool(skipAssignment) }
        buffer.writeKafkaString(memberID, flexible: flexible)
        buffer.writeKafkaArray(members, flexible: flexible) { buffer, member in
            buffer.writeKafkaString(member.memberID, flexible: flexible)
            if version >= 5 { buffer.writeKafkaNullableString(member.groupInstanceID, flexible: flexible) }
            buffer.writeKafkaBytes(member.metadata, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, member.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
