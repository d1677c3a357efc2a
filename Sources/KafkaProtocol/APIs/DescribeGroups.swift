// DescribeGroups, key 15, versions 0–5, flexible from v5.
//
// What `kafka-consumer-groups --describe` and the AdminClient show (protocol-compat §3.5). The protocol name
// (ProtocolData), member metadata and assignments are filled only in Stable; an unknown group is a Dead group
// with no members and no error up to v5.
// v1: ThrottleTimeMs in the response. v3: IncludeAuthorizedOperations and the group's AuthorizedOperations.
// v4: GroupInstanceId per member (KIP-345).
import KafkaModel
import NIOCore

public struct DescribeGroupsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DescribeGroupsResponse
    public static let apiKey = ApiKey.describeGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 5

    public var groups: [String]
    /// v3+
    public var includeAuthorizedOperations: Bool
    public var taggedFields: TaggedFields

    public init(groups: [String], includeAuthorizedOperations: Bool = false, taggedFields: TaggedFields = .init()) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(groups: try buffer.readKafkaStringArray("groups", flexible: flexible))
        if version >= 3 { includeAuthorizedOperations = try buffer.readKafkaBool("include_authorized_operations") }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaStringArray(groups, flexible: flexible)
        if version >= 3 { buffer.writeKafkaBool(includeAuthorizedOperations) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DescribeGroupsResponse: KafkaResponseMessage, Hashable {
    /// The value Kafka sends when authorized operations were not asked for (as in Metadata).
    public static let authorizedOperationsOmitted = Int32.min

    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// v4+
        public var groupInstanceID: String?
        public var clientID: String
        /// As Kafka prints it: a slash, then the peer's IP address (`/127.0.0.1`).
        public var clientHost: String
        /// Empty unless the group is Stable.
        public var memberMetadata: ByteBuffer
        /// Empty unless the group is Stable.
        public var memberAssignment: ByteBuffer
        public var taggedFields: TaggedFields

        public init(
            memberID: String, groupInstanceID: String? = nil, clientID: String, clientHost: String, memberMetadata: ByteBuffer = ByteBuffer(),
            memberAssignment: ByteBuffer = ByteBuffer(), taggedFields: TaggedFields = .init()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.clientID = clientID
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
            self.taggedFields = taggedFields
        }
    }

    public struct Group: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var groupID: String
        /// Kafka's state names: `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable`, `Dead`.
        public var groupState: String
        public var protocolType: String
        /// The chosen protocol's name (`range`), empty unless Stable.
        public var protocolData: String
        public var members: [Member]
        /// v3+
        public var authorizedOperations: Int32
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = .none, groupID: String, groupState: String, protocolType: String = "", protocolData: String = "",
            members: [Member] = [], authorizedOperations: Int32 = DescribeGroupsResponse.authorizedOperationsOmitted, taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.groupID = groupID
            self.groupState = groupState
            self.protocolType = protocolType
            self.protocolData = protocolData
            self.members = members
            self.authorizedOperations = authorizedOperations
            self.taggedFields = taggedFields
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    public var groups: [Group]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, groups: [Group] = [], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        self.init()
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        groups = try buffer.readKafkaArray("groups", flexible: flexible, minimumElementSize: flexible ? 12 : 14) { buffer in
            var group = Group(
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                groupID: try buffer.readKafkaString("group_id", flexible: flexible),
                groupState: try buffer.readKafkaString("group_state", flexible: flexible),
                protocolType: try buffer.readKafkaString("protocol_type", flexible: flexible),
                protocolData: try buffer.readKafkaString("protocol_data", flexible: flexible)
            )
            group.members = try buffer.readKafkaArray("members", flexible: flexible, minimumElementSize: flexible ? 7 : 14) { buffer in
                Member(
                    memberID: try buffer.readKafkaString("member_id", flexible: flexible),
                    groupInstanceID: version >= 4 ? try buffer.readKafkaNullableString("group_instance_id", flexible: flexible) : nil,
                    clientID: try buffer.readKafkaString("client_id", flexible: flexible),
                    clientHost: try buffer.readKafkaString("client_host", flexible: flexible),
                    memberMetadata: try buffer.readKafkaBytes("member_metadata", flexible: flexible),
                    memberAssignment: try buffer.readKafkaBytes("member_assignment", flexible: flexible),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
            if version >= 3 { group.authorizedOperations = try buffer.readKafkaInt32("authorized_operations") }
            group.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return group
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(groups, flexible: flexible) { buffer, group in
            buffer.writeInteger(group.errorCode.rawValue)
            buffer.writeKafkaString(group.groupID, flexible: flexible)
            buffer.writeKafkaString(group.groupState, flexible: flexible)
            buffer.writeKafkaString(group.protocolType, flexible: flexible)
            buffer.writeKafkaString(group.protocolData, flexible: flexible)
            buffer.writeKafkaArray(group.members, flexible: flexible) { buffer, member in
                buffer.writeKafkaString(member.memberID, flexible: flexible)
                if version >= 4 { buffer.writeKafkaNullableString(member.groupInstanceID, flexible: flexible) }
                buffer.writeKafkaString(member.clientID, flexible: flexible)
                buffer.writeKafkaString(member.clientHost, flexible: flexible)
                buffer.writeKafkaBytes(member.memberMetadata, flexible: flexible)
                buffer.writeKafkaBytes(member.memberAssignment, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, member.taggedFields)
            }
            if version >= 3 { buffer.writeInteger(group.authorizedOperations) }
            buffer.writeTaggedFieldsIf(flexible, group.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
