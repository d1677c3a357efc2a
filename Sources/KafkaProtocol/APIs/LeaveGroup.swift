// LeaveGroup, key 13, versions 0–5, flexible from v4.
//
// v1: ThrottleTimeMs in the response.
// v3: batched leaves (KIP-345): the request's single MemberId (v0–2) becomes a Members array of
//     {MemberId, GroupInstanceId}, so an admin can remove static members by instance ID; the response
//     answers each one with its own ErrorCode beside the top-level one.
// v5: a Reason per leaving member (KIP-800).
import KafkaModel
import NIOCore

public struct LeaveGroupRequest: KafkaRequestMessage, Hashable {
    public typealias Response = LeaveGroupResponse
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    public struct Member: Hashable, Sendable {
        /// Empty when an admin removes a static member by instance ID alone.
        public var memberID: String
        public var groupInstanceID: String?
        /// v5+
        public var reason: String?
        public var taggedFields: TaggedFields

        public init(memberID: String, groupInstanceID: String? = nil, reason: String? = nil, taggedFields: TaggedFields = .init()) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.reason = reason
            self.taggedFields = taggedFields
        }
    }

    public var groupID: String
    /// v0–2
    public var memberID: String
    /// v3+
    public var members: [Member]
    public var taggedFields: TaggedFields

    public init(groupID: String, memberID: String = "", members: [Member] = [], taggedFields: TaggedFields = .init()) {
        self.groupID = groupID
        self.memberID = memberID
        self.members = members
        self.taggedFields = taggedFields
    }

    /// The leaving members whatever the version's shape, so the coordinator handles one form.
    public func leavingMembers(version: Int16) -> [Member] { version >= 3 ? members : [Member(memberID: memberID)] }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(groupID: try buffer.readKafkaString("group_id", flexible: flexible))
        if version <= 2 {
            memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        } else {
            members = try buffer.readKafkaArray("members", flexible: flexible, minimumElementSize: flexible ? 3 : 4) { buffer in
                Member(
                    memberID: try buffer.readKafkaString("member_id", flexible: flexible),
                    groupInstanceID: try buffer.readKafkaNullableString("group_instance_id", flexible: flexible),
                    reason: version >= 5 ? try buffer.readKafkaNullableString("reason", flexible: flexible) : nil,
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaString(groupID, flexible: flexible)
        if version <= 2 {
            buffer.writeKafkaString(memberID, flexible: flexible)
        } else {
            buffer.writeKafkaArray(members, flexible: flexible) { buffer, member in
                buffer.writeKafkaString(member.memberID, flexible: flexible)
                buffer.writeKafkaNullableString(member.groupInstanceID, flexible: flexible)
                if version >= 5 { buffer.writeKafkaNullableString(member.reason, flexible: flexible) }
                buffer.writeTaggedFieldsIf(flexible, member.taggedFields)
            }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct LeaveGroupResponse: KafkaResponseMessage, Hashable {
    public struct Member: Hashable, Sendable {
        public var memberID: String
        public var groupInstanceID: String?
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(memberID: String, groupInstanceID: String? = nil, errorCode: KafkaErrorCode = .none, taggedFields: TaggedFields = .init()) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    /// Group-level errors (unknown group, not coordinator); per-member outcomes are in `members` from v3.
    public var errorCode: KafkaErrorCode
    /// v3+
    public var members: [Member]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, members: [Member] = [], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        self.init()
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
        if version >= 3 {
            members = try buffer.readKafkaArray("members", flexible: flexible, minimumElementSize: flexible ? 5 : 6) { buffer in
                Member(
                    memberID: try buffer.readKafkaString("member_id", flexible: flexible),
                    groupInstanceID: try buffer.readKafkaNullableString("group_instance_id", flexible: flexible),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 3 {
            buffer.writeKafkaArray(members, flexible: flexible) { buffer, member in
                buffer.writeKafkaString(member.memberID, flexible: flexible)
                buffer.writeKafkaNullableString(member.groupInstanceID, flexible: flexible)
                buffer.writeInteger(member.errorCode.rawValue)
                buffer.writeTaggedFieldsIf(flexible, member.taggedFields)
            }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
