// generated from schema/IncrementalAlterConfigs.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Each config carries its own operation, so a client changes one key without re-sending the rest.
public struct IncrementalAlterConfigsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = IncrementalAlterConfigsResponse
    public static let apiKey = ApiKey.incrementalAlterConfigs
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    public struct Resource: Hashable, Sendable {
        public var resourceType: Int8
        public var resourceName: String
        public var configs: [Config]
        public var taggedFields: TaggedFields

        public init(
            resourceType: Int8 = 0,
            resourceName: String = "",
            configs: [Config] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 1
            self.resourceType = try buffer.readKafkaInt8("resource_type")
            self.resourceName = try buffer.readKafkaString("resource_name", flexible: flexible)
            self.configs = try buffer.readKafkaNonNullArray("configs", flexible: flexible, minimumElementSize: (version >= 1 ? 4 : 5)) { buffer in try Config(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeInteger(resourceType)
            buffer.writeKafkaString(resourceName, flexible: flexible)
            buffer.writeKafkaArray(configs, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Config: Hashable, Sendable {
        public var name: String
        /// 0 set, 1 delete, 2 append, 3 subtract; append and subtract only for list configs.
        public var configOperation: Int8
        public var value: String?
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            configOperation: Int8 = 0,
            value: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.configOperation = configOperation
            self.value = value
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 1
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.configOperation = try buffer.readKafkaInt8("config_operation")
            self.value = try buffer.readKafkaNullableString("value", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeInteger(configOperation)
            buffer.writeKafkaNullableString(value, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var resources: [Resource]
    public var validateOnly: Bool
    public var taggedFields: TaggedFields

    public init(
        resources: [Resource] = [],
        validateOnly: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.resources = resources
        self.validateOnly = validateOnly
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 1
        self.resources = try buffer.readKafkaNonNullArray("resources", flexible: flexible, minimumElementSize: (version >= 1 ? 4 : 7)) { buffer in try Resource(from: &buffer, version: version) }
        self.validateOnly = try buffer.readKafkaBool("validate_only")
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeKafkaArray(resources, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeKafkaBool(validateOnly)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct IncrementalAlterConfigsResponse: KafkaResponseMessage, Hashable {
    public struct AlterConfigsResourceResult: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var resourceType: Int8
        public var resourceName: String
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            resourceType: Int8 = 0,
            resourceName: String = "",
            taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 1
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            self.resourceType = try buffer.readKafkaInt8("resource_type")
            self.resourceName = try buffer.readKafkaString("resource_name", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 1
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            buffer.writeInteger(resourceType)
            buffer.writeKafkaString(resourceName, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var throttleTimeMs: Int32
    public var responses: [AlterConfigsResourceResult]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        responses: [AlterConfigsResourceResult] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 1
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.responses = try buffer.readKafkaNonNullArray("responses", flexible: flexible, minimumElementSize: (version >= 1 ? 6 : 7)) { buffer in try AlterConfigsResourceResult(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(responses, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
