// AlterConfigs, key 33, versions 0–2, flexible from v2.
//
// The legacy way to change configs: the listed configs *replace* every override of the resource, so a
// key left out goes back to its default. Java's admin uses IncrementalAlterConfigs instead where it can.
// v1: same layout, throttling after the response. v2: flexible.
import KafkaModel
import NIOCore

public struct AlterConfigsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = AlterConfigsResponse
    public static let apiKey = ApiKey.alterConfigs
    public static let versions: ClosedRange<Int16> = 0...2
    public static let firstFlexibleVersion: Int16? = 2

    public struct Config: Hashable, Sendable {
        public var name: String
        /// Null removes the override (same as leaving the key out).
        public var value: String?
        public var taggedFields: TaggedFields

        public init(name: String, value: String?, taggedFields: TaggedFields = .init()) {
            self.name = name
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
                configs: try buffer.readKafkaArray("configs", flexible: flexible, minimumElementSize: flexible ? 3 : 4) { buffer in
                    Config(
                        name: try buffer.readKafkaString("name", flexible: flexible),
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
                buffer.writeKafkaNullableString(config.value, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, config.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, resource.taggedFields)
        }
        buffer.writeKafkaBool(validateOnly)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

/// The per-resource outcome; IncrementalAlterConfigs answers with the same shape.
public struct AlterConfigsResourceResult: Hashable, Sendable {
    public var errorCode: KafkaErrorCode
    public var errorMessage: String?
    public var resourceType: Int8
    public var resourceName: String
    public var taggedFields: TaggedFields

    public init(
        errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, resourceType: Int8, resourceName: String,
        taggedFields: TaggedFields = .init()
    ) {
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.resourceType = resourceType
        self.resourceName = resourceName
        self.taggedFields = taggedFields
    }

    static func readArray(from buffer: inout ByteBuffer, flexible: Bool) throws -> [Self] {
        try buffer.readKafkaArray("responses", flexible: flexible, minimumElementSize: flexible ? 6 : 7) { buffer in
            Self(
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                errorMessage: try buffer.readKafkaNullableString("error_message", flexible: flexible),
                resourceType: try buffer.readKafkaInt8("resource_type"),
                resourceName: try buffer.readKafkaString("resource_name", flexible: flexible),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
    }

    static func writeArray(_ results: [Self], into buffer: inout ByteBuffer, flexible: Bool) {
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, result in
            buffer.writeInteger(result.errorCode.rawValue)
            buffer.writeKafkaNullableString(result.errorMessage, flexible: flexible)
            buffer.writeInteger(result.resourceType)
            buffer.writeKafkaString(result.resourceName, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, result.taggedFields)
        }
    }
}

public struct AlterConfigsResponse: KafkaResponseMessage, Hashable {
    public var throttleTimeMs: Int32
    public var responses: [AlterConfigsResourceResult]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, responses: [AlterConfigsResourceResult], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.responses = responses
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 2
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        responses = try AlterConfigsResourceResult.readArray(from: &buffer, flexible: flexible)
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 2
        buffer.writeInteger(throttleTimeMs)
        AlterConfigsResourceResult.writeArray(responses, into: &buffer, flexible: flexible)
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
