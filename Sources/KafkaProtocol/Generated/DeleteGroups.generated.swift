// generated from schema/DeleteGroups.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Only an Empty group can go (NON_EMPTY_GROUP otherwise); its committed offsets go with it.
public struct DeleteGroupsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DeleteGroupsResponse
    public static let apiKey = ApiKey.deleteGroups
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    public var groupsNames: [String]
    public var taggedFields: TaggedFields

    public init(
        groupsNames: [String] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.groupsNames = groupsNames
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.groupsNames = try buffer.readKafkaNonNullArray("groups_names", flexible: flexible, minimumElementSize: (version >= 2 ? 1 : 2)) { buffer in try buffer.readKafkaString("groups_names", flexible: flexible) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeKafkaArray(groupsNames, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DeleteGroupsResponse: KafkaResponseMessage, Hashable {
    public struct Result: Hashable, Sendable {
        public var groupID: String
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            groupID: String = "",
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.groupID = groupID
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 2
            self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 2
            buffer.writeKafkaString(groupID, flexible: flexible)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        results: [Result] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.results = try buffer.readKafkaNonNullArray("results", flexible: flexible, minimumElementSize: 4) { buffer in try Result(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
