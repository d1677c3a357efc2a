// generated from schema/ListGroups.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Java's listConsumerGroups keeps only groups whose protocol type is `consumer` or empty.
public struct ListGroupsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ListGroupsResponse
    public static let apiKey = ApiKey.listGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 3

    /// v4+; empty means every state.
    public var statesFilter: [String]
    /// v5+; empty means every type.
    public var typesFilter: [String]
    public var taggedFields: TaggedFields

    public init(
        statesFilter: [String] = [],
        typesFilter: [String] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.statesFilter = statesFilter
        self.typesFilter = typesFilter
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version >= 4 {
            self.statesFilter = try buffer.readKafkaNonNullArray("states_filter", flexible: flexible, minimumElementSize: 1) { buffer in try buffer.readKafkaString("states_filter", flexible: flexible) }
        } else {
            self.statesFilter = []
        }
        if version >= 5 {
            self.typesFilter = try buffer.readKafkaNonNullArray("types_filter", flexible: flexible, minimumElementSize: 1) { buffer in try buffer.readKafkaString("types_filter", flexible: flexible) }
        } else {
            self.typesFilter = []
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 4 {
            buffer.writeKafkaArray(statesFilter, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
        }
        if version >= 5 {
            buffer.writeKafkaArray(typesFilter, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ListGroupsResponse: KafkaResponseMessage, Hashable {
    public struct Group: Hashable, Sendable {
        public var groupID: String
        public var protocolType: String
        /// v4+
        public var groupState: String
        /// v5+: `classic` or `consumer`.
        public var groupType: String
        public var taggedFields: TaggedFields

        public init(
            groupID: String = "",
            protocolType: String = "",
            groupState: String = "",
            groupType: String = "",
            taggedFields: TaggedFields = .init()
        ) {
            self.groupID = groupID
            self.protocolType = protocolType
            self.groupState = groupState
            self.groupType = groupType
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 3
            self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
            self.protocolType = try buffer.readKafkaString("protocol_type", flexible: flexible)
            if version >= 4 {
                self.groupState = try buffer.readKafkaString("group_state", flexible: flexible)
            } else {
                self.groupState = ""
            }
            if version >= 5 {
                self.groupType = try buffer.readKafkaString("group_type", flexible: flexible)
            } else {
                self.groupType = ""
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(groupID, flexible: flexible)
            buffer.writeKafkaString(protocolType, flexible: flexible)
            if version >= 4 {
                buffer.writeKafkaString(groupState, flexible: flexible)
            }
            if version >= 5 {
                buffer.writeKafkaString(groupType, flexible: flexible)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var groups: [Group]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        groups: [Group] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        self.groups = try buffer.readKafkaNonNullArray("groups", flexible: flexible, minimumElementSize: (version >= 5 ? 5 : version >= 4 ? 4 : version >= 3 ? 3 : 4)) { buffer in try Group(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(groups, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
