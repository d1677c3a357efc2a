// generated from schema/LeaveGroup.schema by make generate; do not edit
import KafkaModel
import NIOCore

public struct LeaveGroupRequest: KafkaRequestMessage, Hashable {
    public typealias Response = LeaveGroupResponse
    public static let apiKey = ApiKey.leaveGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// v3+: batched leaves (KIP-345), so an admin can remove static members by instance id.
    public struct Member: Hashable, Sendable {
        /// Empty when an admin removes a static member by instance id alone.
        public var memberID: String
        public var groupInstanceID: String?
        /// v5+
        public var reason: String?
        public var taggedFields: TaggedFields

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            reason: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.reason = reason
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
            self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
            if version >= 5 {
                self.reason = try buffer.readKafkaNullableString("reason", flexible: flexible)
            } else {
                self.reason = nil
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(memberID, flexible: flexible)
            buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
            if version >= 5 {
                buffer.writeKafkaNullableString(reason, flexible: flexible)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var groupID: String
    /// v0-2: the single leaving member.
    public var memberID: String
    /// v3+: batched leaves (KIP-345), so an admin can remove static members by instance id.
    public var members: [Member]
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        memberID: String = "",
        members: [Member] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.memberID = memberID
        self.members = members
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
        if version <= 2 {
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        } else {
            self.memberID = ""
        }
        if version >= 3 {
            self.members = try buffer.readKafkaNonNullArray("members", flexible: flexible, minimumElementSize: (version >= 5 ? 4 : version >= 4 ? 3 : 4)) { buffer in try Member(from: &buffer, version: version) }
        } else {
            self.members = []
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaString(groupID, flexible: flexible)
        if version <= 2 {
            buffer.writeKafkaString(memberID, flexible: flexible)
        }
        if version >= 3 {
            buffer.writeKafkaArray(members, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
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

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
            self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(memberID, flexible: flexible)
            buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    /// Group-level errors; per-member outcomes are in members from v3.
    public var errorCode: KafkaErrorCode
    /// v3+
    public var members: [Member]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        members: [Member] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.members = members
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        if version >= 3 {
            self.members = try buffer.readKafkaNonNullArray("members", flexible: flexible, minimumElementSize: (version >= 4 ? 5 : 6)) { buffer in try Member(from: &buffer, version: version) }
        } else {
            self.members = []
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 3 {
            buffer.writeKafkaArray(members, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
