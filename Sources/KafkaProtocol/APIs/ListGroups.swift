// ListGroups, key 16, versions 0–5, flexible from v3.
//
// Java's listConsumerGroups keeps only groups whose ProtocolType is `consumer` or empty, so the type members
// joined with must be reported as is (protocol-compat §3.5).
// v1: ThrottleTimeMs in the response. v4: StatesFilter and each group's GroupState (KIP-518).
// v5: TypesFilter and each group's GroupType, `classic` or `consumer` (KIP-848).
// An empty filter means "all".
import KafkaModel
import NIOCore

public struct ListGroupsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ListGroupsResponse
    public static let apiKey = ApiKey.listGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 3

    /// v4+
    public var statesFilter: [String]
    /// v5+
    public var typesFilter: [String]
    public var taggedFields: TaggedFields

    public init(statesFilter: [String] = [], typesFilter: [String] = [], taggedFields: TaggedFields = .init()) {
        self.statesFilter = statesFilter
        self.typesFilter = typesFilter
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init()
        if version >= 4 { statesFilter = try buffer.readKafkaStringArray("states_filter", flexible: flexible) }
        if version >= 5 { typesFilter = try buffer.readKafkaStringArray("types_filter", flexible: flexible) }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version >= 4 { buffer.writeKafkaStringArray(statesFilter, flexible: flexible) }
        if version >= 5 { buffer.writeKafkaStringArray(typesFilter, flexible: flexible) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ListGroupsResponse: KafkaResponseMessage, Hashable {
    public struct Group: Hashable, Sendable {
        public var groupID: String
        public var protocolType: String
        /// v4+
        public var groupState: String
        /// v5+
        public var groupType: String
        public var taggedFields: TaggedFields

        public init(groupID: String, protocolType: String, groupState: String = "", groupType: String = "", taggedFields: TaggedFields = .init()) {
            self.groupID = groupID
            self.protocolType = protocolType
            self.groupState = groupState
            self.groupType = groupType
            self.taggedFields = taggedFields
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    public var errorCode: KafkaErrorCode
    public var groups: [Group]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, groups: [Group] = [], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.groups = groups
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        self.init()
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
        groups = try buffer.readKafkaArray("groups", flexible: flexible, minimumElementSize: flexible ? 3 : 4) { buffer in
            var group = Group(
                groupID: try buffer.readKafkaString("group_id", flexible: flexible),
                protocolType: try buffer.readKafkaString("protocol_type", flexible: flexible)
            )
            if version >= 4 { group.groupState = try buffer.readKafkaString("group_state", flexible: flexible) }
            if version >= 5 { group.groupType = try buffer.readKafkaString("group_type", flexible: flexible) }
            group.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return group
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(groups, flexible: flexible) { buffer, group in
            buffer.writeKafkaString(group.groupID, flexible: flexible)
            buffer.writeKafkaString(group.protocolType, flexible: flexible)
            if version >= 4 { buffer.writeKafkaString(group.groupState, flexible: flexible) }
            if version >= 5 { buffer.writeKafkaString(group.groupType, flexible: flexible) }
            buffer.writeTaggedFieldsIf(flexible, group.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
