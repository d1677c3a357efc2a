// generated from schema/SyncGroup.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Each member gets its own assignment back once the leader's has arrived.
public struct SyncGroupRequest: KafkaRequestMessage, Hashable {
    public typealias Response = SyncGroupResponse
    public static let apiKey = ApiKey.syncGroup
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 4

    /// Filled only by the leader.
    public struct Assignment: Hashable, Sendable {
        public var memberID: String
        public var assignment: ByteBuffer
        public var taggedFields: TaggedFields

        public init(
            memberID: String = "",
            assignment: ByteBuffer = ByteBuffer(),
            taggedFields: TaggedFields = .init()
        ) {
            self.memberID = memberID
            self.assignment = assignment
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
            self.assignment = try buffer.readKafkaBytes("assignment", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(memberID, flexible: flexible)
            buffer.writeKafkaBytes(assignment, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// v3+
    public var groupInstanceID: String?
    /// v5+: must match the group's, or INCONSISTENT_GROUP_PROTOCOL.
    public var protocolType: String?
    /// v5+
    public var protocolName: String?
    /// Filled only by the leader.
    public var assignments: [Assignment]
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        generationID: Int32 = 0,
        memberID: String = "",
        groupInstanceID: String? = nil,
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignments: [Assignment] = [],
        taggedFields: TaggedFields = .init()
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
        let flexible = version >= 4
        self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
        self.generationID = try buffer.readKafkaInt32("generation_id")
        self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        if version >= 3 {
            self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
        } else {
            self.groupInstanceID = nil
        }
        if version >= 5 {
            self.protocolType = try buffer.readKafkaNullableString("protocol_type", flexible: flexible)
        } else {
            self.protocolType = nil
        }
        if version >= 5 {
            self.protocolName = try buffer.readKafkaNullableString("protocol_name", flexible: flexible)
        } else {
            self.protocolName = nil
        }
        self.assignments = try buffer.readKafkaNonNullArray("assignments", flexible: flexible, minimumElementSize: (version >= 4 ? 3 : 6)) { buffer in try Assignment(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaString(groupID, flexible: flexible)
        buffer.writeInteger(generationID)
        buffer.writeKafkaString(memberID, flexible: flexible)
        if version >= 3 {
            buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
        }
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolType, flexible: flexible)
        }
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolName, flexible: flexible)
        }
        buffer.writeKafkaArray(assignments, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
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
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        protocolType: String? = nil,
        protocolName: String? = nil,
        assignment: ByteBuffer = ByteBuffer(),
        taggedFields: TaggedFields = .init()
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
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        if version >= 5 {
            self.protocolType = try buffer.readKafkaNullableString("protocol_type", flexible: flexible)
        } else {
            self.protocolType = nil
        }
        if version >= 5 {
            self.protocolName = try buffer.readKafkaNullableString("protocol_name", flexible: flexible)
        } else {
            self.protocolName = nil
        }
        self.assignment = try buffer.readKafkaBytes("assignment", flexible: flexible)
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolType, flexible: flexible)
        }
        if version >= 5 {
            buffer.writeKafkaNullableString(protocolName, flexible: flexible)
        }
        buffer.writeKafkaBytes(assignment, flexible: flexible)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
