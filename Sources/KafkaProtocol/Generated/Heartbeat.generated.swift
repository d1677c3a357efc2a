// generated from schema/Heartbeat.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Keeps a member alive between polls; REBALANCE_IN_PROGRESS in the answer tells it to rejoin.
public struct HeartbeatRequest: KafkaRequestMessage, Hashable {
    public typealias Response = HeartbeatResponse
    public static let apiKey = ApiKey.heartbeat
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    /// v3+
    /// Static membership (KIP-345).
    public var groupInstanceID: String?
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        generationID: Int32 = 0,
        memberID: String = "",
        groupInstanceID: String? = nil,
        taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
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
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct HeartbeatResponse: KafkaResponseMessage, Hashable {
    /// v1+
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
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
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
