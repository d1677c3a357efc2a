// FindCoordinator, key 10, versions 0–4, flexible from v3.
//
// v1: KeyType (0 = group, 1 = transaction); ThrottleTimeMs and ErrorMessage in the response.
// v4: batched lookups (KIP-699): the request's single Key becomes CoordinatorKeys and the response's single
//     coordinator becomes a Coordinators array keyed by Key. The single-key fields exist only in v0–3.
// A single-node broker answers with its own advertised address (pitfall 5).
import KafkaModel
import NIOCore

public struct FindCoordinatorRequest: KafkaRequestMessage, Hashable {
    public typealias Response = FindCoordinatorResponse
    public static let apiKey = ApiKey.findCoordinator
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    public static let groupKeyType: Int8 = 0
    public static let transactionKeyType: Int8 = 1

    /// v0–3
    public var key: String
    /// v1+
    public var keyType: Int8
    /// v4+
    public var coordinatorKeys: [String]
    public var taggedFields: TaggedFields

    public init(key: String = "", keyType: Int8 = 0, coordinatorKeys: [String] = [], taggedFields: TaggedFields = .init()) {
        self.key = key
        self.keyType = keyType
        self.coordinatorKeys = coordinatorKeys
        self.taggedFields = taggedFields
    }

    /// The keys asked for, whatever the version's shape.
    public func keys(version: Int16) -> [String] { version >= 4 ? coordinatorKeys : [key] }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init()
        if version <= 3 { key = try buffer.readKafkaString("key", flexible: flexible) }
        if version >= 1 { keyType = try buffer.readKafkaInt8("key_type") }
        if version >= 4 { coordinatorKeys = try buffer.readKafkaStringArray("coordinator_keys", flexible: flexible) }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version <= 3 { buffer.writeKafkaString(key, flexible: flexible) }
        if version >= 1 { buffer.writeInteger(keyType) }
        if version >= 4 { buffer.writeKafkaStringArray(coordinatorKeys, flexible: flexible) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct FindCoordinatorResponse: KafkaResponseMessage, Hashable {
    public struct Coordinator: Hashable, Sendable {
        public var key: String
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var taggedFields: TaggedFields

        public init(
            key: String, nodeID: Int32, host: String, port: Int32, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil,
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
    }

    /// v1+
    public var throttleTimeMs: Int32
    /// v0–3
    public var errorCode: KafkaErrorCode
    /// v1–3
    public var errorMessage: String?
    /// v0–3
    public var nodeID: Int32
    /// v0–3
    public var host: String
    /// v0–3
    public var port: Int32
    /// v4+
    public var coordinators: [Coordinator]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0, errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, nodeID: Int32 = -1,
        host: String = "", port: Int32 = -1, coordinators: [Coordinator] = [], taggedFields: TaggedFields = .init()
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
        self.init()
        if version >= 1 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        if version <= 3 {
            errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
            if version >= 1 { errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible) }
            nodeID = try buffer.readKafkaInt32("node_id")
            host = try buffer.readKafkaString("host", flexible: flexible)
            port = try buffer.readKafkaInt32("port")
        } else {
            coordinators = try buffer.readKafkaArray("coordinators", flexible: flexible, minimumElementSize: 14) { buffer in
                Coordinator(
                    key: try buffer.readKafkaString("key", flexible: flexible),
                    nodeID: try buffer.readKafkaInt32("node_id"),
                    host: try buffer.readKafkaString("host", flexible: flexible),
                    port: try buffer.readKafkaInt32("port"),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    errorMessage: try buffer.readKafkaNullableString("error_message", flexible: flexible),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        if version <= 3 {
            buffer.writeInteger(errorCode.rawValue)
            if version >= 1 { buffer.writeKafkaNullableString(errorMessage, flexible: flexible) }
            buffer.writeInteger(nodeID)
            buffer.writeKafkaString(host, flexible: flexible)
            buffer.writeInteger(port)
        } else {
            buffer.writeKafkaArray(coordinators, flexible: flexible) { buffer, coordinator in
                buffer.writeKafkaString(coordinator.key, flexible: flexible)
                buffer.writeInteger(coordinator.nodeID)
                buffer.writeKafkaString(coordinator.host, flexible: flexible)
                buffer.writeInteger(coordinator.port)
                buffer.writeInteger(coordinator.errorCode.rawValue)
                buffer.writeKafkaNullableString(coordinator.errorMessage, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, coordinator.taggedFields)
            }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
