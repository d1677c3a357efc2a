// DeleteGroups, key 42, versions 0–2, flexible from v2.
//
// Only an Empty group can go (NON_EMPTY_GROUP otherwise); its committed offsets go with it.
// v1: same layout, throttling after the response. ThrottleTimeMs is there from v0.
import KafkaModel
import NIOCore

public struct DeleteGroupsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DeleteGroupsResponse
    public static let apiKey = ApiKey.deleteGroups
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    public var groupsNames: [String]
    public var taggedFields: TaggedFields

    public init(groupsNames: [String], taggedFields: TaggedFields = .init()) {
        self.groupsNames = groupsNames
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(groupsNames: try buffer.readKafkaStringArray("groups_names", flexible: flexible))
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaStringArray(groupsNames, flexible: flexible)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DeleteGroupsResponse: KafkaResponseMessage, Hashable {
    public struct Result: Hashable, Sendable {
        public var groupID: String
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(groupID: String, errorCode: KafkaErrorCode = .none, taggedFields: TaggedFields = .init()) {
            self.groupID = groupID
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, results: [Result] = [], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.init(throttleTimeMs: try buffer.readKafkaInt32("throttle_time_ms"))
        results = try buffer.readKafkaArray("results", flexible: flexible, minimumElementSize: 4) { buffer in
            Result(
                groupID: try buffer.readKafkaString("group_id", flexible: flexible),
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, result in
            buffer.writeKafkaString(result.groupID, flexible: flexible)
            buffer.writeInteger(result.errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, result.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
