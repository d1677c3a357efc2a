// SyncGroup, key 14, versions 0–5, flexible from v4.
//
// After a join, the leader sends every member's assignment and the others send none; each member gets its own
// assignment back once the leader's has arrived.
// v1: ThrottleTimeMs in the response. v3: GroupInstanceId for static members (KIP-345).
// v5: ProtocolType and ProtocolName in both directions (KIP-559); the coordinator answers
//     INCONSISTENT_GROUP_PROTOCOL when the request's do not match the group's.
import KafkaModel
import NIOCore

public struct SyncGroupRequest: KafkaRequestMessage, Hashable {
    public typealias Response = SyncGroupResponse
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    public struct Assignment: Hashable, Sendable {
        public var memberID: String
        /// Opaque to the coordinator; for ProtocolType `consumer` a `ConsumerProtocolAssignment`. A slice of the request.
        public var assignment: ByteBuffer
        public var taggedFields: TaggedFields

        public init(memberID: String, assignment: ByteBuffer, taggedFields: TaggedFields = .init()) {
            self.memberID = memberID
            self.assignment = assignment
            self.taggedFields = taggedFields
        }
    }

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// v3+
    public var groupInstanceID: String?
    /// v5+
    public var protocolType: String?
    /// v5+
    public var protocolName: String?
    /// Filled only by the leader.
    public var assignments: [Assignment]
    public var taggedFields: TaggedFields

    public init(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil, protocolType: String? = nil,
        protocolName: String? = nil, assignments: [Assignment] = [], taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(
            groupID: try buffer.readKafkaString("group_id", flexible: flexible), generationID: try buffer.readKafkaInt32("generation_id"),
            memberID: try buffer.readKafkaString("member_id", flexible: flexible)
        )
        if version >= 3 { groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible) }
        if version >= 5 {
            protocolType = try buffer.readKafkaNullableString("protocol_type", flexible: flexible)
            protocolName = try buffer.readKafkaNullableString("protocol_name", flexible: flexible)
        }
        assignments = try buffer.readKafkaArray("assignments", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Assignment(
                memberID: try buffer.readKafkaString("member_id", flexible: flexible),
                assignment: try buffer.readKafkaBytes("assignment", flexible: flexible),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaString(groupID, flexible: flexible)
        buffer.writeInteger(generationID)
        buffer.writeKafkaString(memberID, flexible: flexible)
        if version >= 3 { buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible) }
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolType, flexible: flexible)
            buffer.writeKafkaNullableString(protocolName, flexible: flexible)
        }
        buffer.writeKafkaArray(assignments, flexible: flexible) { buffer, assignment in
            buffer.writeKafkaString(assignment.memberID, flexible: flexible)
            buffer.writeKafkaBytes(assignment.assignment, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, assignment.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct SyncGroupResponse: KafkaResponseMessage, Hashable {
    /// v1+
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    /// v5+
    public var protocolType: String?
    /// v5+
    public var protocolName: String?
    /// Empty on error, and for a member the leader gave nothing.
    public var assignment: ByteBuffer
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, protocolType: String? = nil, protocolName: String? = nil,
        assignment: ByteBuffer = ByteBuffer(), taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        self.init()
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
        if version >= 5 {
            protocolType = try buffer.readKafkaNullableString("protocol_type", flexible: flexible)
            protocolName = try buffer.readKafkaNullableString("protocol_name", flexible: flexible)
        }
        assignment = try buffer.readKafkaBytes("assignment", flexible: flexible)
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolType, flexible: flexible)
            buffer.writeKafkaNullableString(protocolName, flexible: flexible)
        }
        buffer.writeKafkaBytes(assignment, flexible: flexible)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
