// generated from schema/FindCoordinator.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// A single-node broker answers with its own advertised address.
public struct FindCoordinatorRequest: KafkaRequestMessage, Hashable {
    public typealias Response = FindCoordinatorResponse
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 0...6
    public static let firstFlexibleVersion: Int16? = 3

    /// v0-3: the single group id or transactional id looked up.
    public var key: String
    /// v1+: 0 group, 1 transaction (2 share group, v6).
    public var keyType: Int8
    /// v4+: batched lookups (KIP-699) replace key.
    public var coordinatorKeys: [String]
    public var taggedFields: TaggedFields

    public init(
        key: String = "",
        keyType: Int8 = 0,
        coordinatorKeys: [String] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.key = key
        self.keyType = keyType
        self.coordinatorKeys = coordinatorKeys
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version <= 3 {
            self.key = try buffer.readKafkaString("key", flexible: flexible)
        } else {
            self.key = ""
        }
        if version >= 1 {
            self.keyType = try buffer.readKafkaInt8("key_type")
        } else {
            self.keyType = 0
        }
        if version >= 4 {
            self.coordinatorKeys = try buffer.readKafkaNonNullArray("coordinator_keys", flexible: flexible, minimumElementSize: 1) { buffer in try buffer.readKafkaString("coordinator_keys", flexible: flexible) }
        } else {
            self.coordinatorKeys = []
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version <= 3 {
            buffer.writeKafkaString(key, flexible: flexible)
        }
        if version >= 1 {
            buffer.writeInteger(keyType)
        }
        if version >= 4 {
            buffer.writeKafkaArray(coordinatorKeys, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct FindCoordinatorResponse: KafkaResponseMessage, Hashable {
    /// v4+: one entry per key asked for, each with its own error.
    public struct Coordinator: Hashable, Sendable {
        public var key: String
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var taggedFields: TaggedFields

        public init(
            key: String = "",
            nodeID: Int32 = -1,
            host: String = "",
            port: Int32 = -1,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.key = key
            self.nodeID = nodeID
            self.host = host
            self.port = port
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 3
            self.key = try buffer.readKafkaString("key", flexible: flexible)
            self.nodeID = try buffer.readKafkaInt32("node_id")
            self.host = try buffer.readKafkaString("host", flexible: flexible)
            self.port = try buffer.readKafkaInt32("port")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(key, flexible: flexible)
            buffer.writeInteger(nodeID)
            buffer.writeKafkaString(host, flexible: flexible)
            buffer.writeInteger(port)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v1+
    public var throttleTimeMs: Int32
    /// v0-3
    public var errorCode: KafkaErrorCode
    /// v1-3
    public var errorMessage: String?
    /// v0-3
    public var nodeID: Int32
    /// v0-3
    public var host: String
    /// v0-3
    public var port: Int32
    /// v4+: one entry per key asked for, each with its own error.
    public var coordinators: [Coordinator]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        errorMessage: String? = nil,
        nodeID: Int32 = 0,
        host: String = "",
        port: Int32 = 0,
        coordinators: [Coordinator] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.nodeID = nodeID
        self.host = host
        self.port = port
        self.coordinators = coordinators
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        if version <= 3 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        } else {
            self.errorCode = KafkaErrorCode(rawValue: 0)
        }
        if version >= 1 && version <= 3 {
            self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
        } else {
            self.errorMessage = nil
        }
        if version <= 3 {
            self.nodeID = try buffer.readKafkaInt32("node_id")
        } else {
            self.nodeID = 0
        }
        if version <= 3 {
            self.host = try buffer.readKafkaString("host", flexible: flexible)
        } else {
            self.host = ""
        }
        if version <= 3 {
            self.port = try buffer.readKafkaInt32("port")
        } else {
            self.port = 0
        }
        if version >= 4 {
            self.coordinators = try buffer.readKafkaNonNullArray("coordinators", flexible: flexible, minimumElementSize: 14) { buffer in try Coordinator(from: &buffer, version: version) }
        } else {
            self.coordinators = []
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        if version <= 3 {
            buffer.writeInteger(errorCode.rawValue)
        }
        if version >= 1 && version <= 3 {
            buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
        }
        if version <= 3 {
            buffer.writeInteger(nodeID)
        }
        if version <= 3 {
            buffer.writeKafkaString(host, flexible: flexible)
        }
        if version <= 3 {
            buffer.writeInteger(port)
        }
        if version >= 4 {
            buffer.writeKafkaArray(coordinators, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
