// generated from schema/DescribeGroups.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// An unknown group is answered as a Dead group with no members and no error.
public struct DescribeGroupsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DescribeGroupsResponse
    public static let apiKey = ApiKey.describeGroups
    public static let versions: ClosedRange<Int16> = 0...5
    public static let firstFlexibleVersion: Int16? = 5

    public var groups: [String]
    /// v3+
    public var includeAuthorizedOperations: Bool
    public var taggedFields: TaggedFields

    public init(
        groups: [String] = [],
        includeAuthorizedOperations: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.groups = groups
        self.includeAuthorizedOperations = includeAuthorizedOperations
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        self.groups = try buffer.readKafkaNonNullArray("groups", flexible: flexible, minimumElementSize: (version >= 5 ? 1 : 2)) { buffer in try buffer.readKafkaString("groups", flexible: flexible) }
        if version >= 3 {
            self.includeAuthorizedOperations = try buffer.readKafkaBool("include_authorized_operations")
        } else {
            self.includeAuthorizedOperations = false
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        buffer.writeKafkaArray(groups, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
        if version >= 3 {
            buffer.writeKafkaBool(includeAuthorizedOperations)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DescribeGroupsResponse: KafkaResponseMessage, Hashable {
    public struct Group: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var groupID: String
        /// Kafka's state names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead.
        public var groupState: String
        public var protocolType: String
        /// The chosen protocol's name; empty unless Stable.
        public var protocolData: String
        public var members: [Member]
        /// v3+
        /// INT32_MIN when the client did not ask for authorized operations.
        public var authorizedOperations: Int32
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            groupID: String = "",
            groupState: String = "",
            protocolType: String = "",
            protocolData: String = "",
            members: [Member] = [],
            authorizedOperations: Int32 = -2147483648,
            taggedFields: TaggedFields = .init()
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

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
            self.groupState = try buffer.readKafkaString("group_state", flexible: flexible)
            self.protocolType = try buffer.readKafkaString("protocol_type", flexible: flexible)
            self.protocolData = try buffer.readKafkaString("protocol_data", flexible: flexible)
            self.members = try buffer.readKafkaNonNullArray("members", flexible: flexible, minimumElementSize: (version >= 5 ? 7 : version >= 4 ? 16 : 14)) { buffer in try Member(from: &buffer, version: version) }
            if version >= 3 {
                self.authorizedOperations = try buffer.readKafkaInt32("authorized_operations")
            } else {
                self.authorizedOperations = -2147483648
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaString(groupID, flexible: flexible)
            buffer.writeKafkaString(groupState, flexible: flexible)
            buffer.writeKafkaString(protocolType, flexible: flexible)
            buffer.writeKafkaString(protocolData, flexible: flexible)
            buffer.writeKafkaArray(members, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            if version >= 3 {
                buffer.writeInteger(authorizedOperations)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Member: Hashable, Sendable {
        public var memberID: String
        /// v4+
        public var groupInstanceID: String?
        public var clientID: String
        /// A slash, then the peer's IP address, as Kafka prints it.
        public var clientHost: String
        public var memberMetadata: ByteBuffer
        public var memberAssignment: ByteBuffer
        public var taggedFields: TaggedFields

        public init(
            memberID: String = "",
            groupInstanceID: String? = nil,
            clientID: String = "",
            clientHost: String = "",
            memberMetadata: ByteBuffer = ByteBuffer(),
            memberAssignment: ByteBuffer = ByteBuffer(),
            taggedFields: TaggedFields = .init()
        ) {
            self.memberID = memberID
            self.groupInstanceID = groupInstanceID
            self.clientID = clientID
            self.clientHost = clientHost
            self.memberMetadata = memberMetadata
            self.memberAssignment = memberAssignment
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 5
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
            if version >= 4 {
                self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
            } else {
                self.groupInstanceID = nil
            }
            self.clientID = try buffer.readKafkaString("client_id", flexible: flexible)
            self.clientHost = try buffer.readKafkaString("client_host", flexible: flexible)
            self.memberMetadata = try buffer.readKafkaBytes("member_metadata", flexible: flexible)
            self.memberAssignment = try buffer.readKafkaBytes("member_assignment", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 5
            buffer.writeKafkaString(memberID, flexible: flexible)
            if version >= 4 {
                buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
            }
            buffer.writeKafkaString(clientID, flexible: flexible)
            buffer.writeKafkaString(clientHost, flexible: flexible)
            buffer.writeKafkaBytes(memberMetadata, flexible: flexible)
            buffer.writeKafkaBytes(memberAssignment, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    public var groups: [Group]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        groups: [Group] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.groups = groups
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 5
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.groups = try buffer.readKafkaNonNullArray("groups", flexible: flexible, minimumElementSize: (version >= 5 ? 12 : version >= 3 ? 18 : 14)) { buffer in try Group(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 5
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(groups, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
