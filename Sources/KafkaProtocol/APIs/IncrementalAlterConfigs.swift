// IncrementalAlterConfigs, key 44, versions 0–1, flexible from v1.
//
// Each config carries its own operation, so a client can change one key without re-sending the rest
// (KIP-339). v1: flexible, otherwise identical.
import KafkaModel
import NIOCore

/// What IncrementalAlterConfigs does with one key. APPEND and SUBTRACT only make sense for list
/// configs (e.g. cleanup.policy).
public enum ConfigOperation {
    public static let set: Int8 = 0
    public static let delete: Int8 = 1
    public static let append: Int8 = 2
    public static let subtract: Int8 = 3
}

public struct IncrementalAlterConfigsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = IncrementalAlterConfigsResponse
    public static let apiKey = ApiKey.incrementalAlterConfigs
    public static let versions: ClosedRange<Int16> = 0...1
    public static let firstFlexibleVersion: Int16? = 1

    public struct Config: Hashable, Sendable {
        public var name: String
        /// See `ConfigOperation`.
        public var configOperation: Int8
        public var value: String?
        public var taggedFields: TaggedFields

        public init(name: String, configOperation: Int8, value: String?, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.configOperation = configOperation
            self.value = value
            self.taggedFields = taggedFields
        }
    }

    public struct Resource: Hashable, Sendable {
        /// See `ConfigResourceType`.
        public var resourceType: Int8
        public var resourceName: String
        public var configs: [Config]
        public var taggedFields: TaggedFields

        public init(resourceType: Int8, resourceName: String, configs: [Config], taggedFields: TaggedFields = .init()) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
            self.taggedFields = taggedFields
        }
    }

    public var resources: [Resource]
    public var validateOnly: Bool
    public var taggedFields: TaggedFields

    public init(resources: [Resource], validateOnly: Bool = false, taggedFields: TaggedFields = .init()) {
        self.resources = resources
        self.validateOnly = validateOnly
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        resources = try buffer.readKafkaArray("resources", flexible: flexible, minimumElementSize: flexible ? 4 : 7) { buffer in
            Resource(
                resourceType: try buffer.readKafkaInt8("resource_type"),
                resourceName: try buffer.readKafkaString("resource_name", flexible: flexible),
                configs: try buffer.readKafkaArray("configs", flexible: flexible, minimumElementSize: flexible ? 4 : 5) { buffer in
                    Config(
                        name: try buffer.readKafkaString("name", flexible: flexible),
                        configOperation: try buffer.readKafkaInt8("config_operation"),
                        value: try buffer.readKafkaNullableString("value", flexible: flexible),
                        taggedFields: try buffer.readTaggedFieldsIf(flexible)
                    )
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        validateOnly = try buffer.readKafkaBool("validate_only")
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaArray(resources, flexible: flexible) { buffer, resource in
            buffer.writeInteger(resource.resourceType)
            buffer.writeKafkaString(resource.resourceName, flexible: flexible)
            buffer.writeKafkaArray(resource.configs, flexible: flexible) { buffer, config in
                buffer.writeKafkaString(config.name, flexible: flexible)
                buffer.writeInteger(config.configOperation)
                buffer.writeKafkaNullableString(config.value, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, config.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, resource.taggedFields)
        }
        buffer.writeKafkaBool(validateOnly)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct IncrementalAlterConfigsResponse: KafkaResponseMessage, Hashable {
    public var throttleTimeMs: Int32
    public var responses: [AlterConfigsResourceResult]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, responses: [AlterConfigsResourceResult], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 1
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        responses = try AlterConfigsResourceResult.readArray(from: &buffer, flexible: flexible)
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 1
        buffer.writeInteger(throttleTimeMs)
        AlterConfigsResourceResult.writeArray(responses, into: &buffer, flexible: flexible)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
