// DescribeConfigs, key 32, versions 1–4, flexible from v4.
//
// v0 (with IsDefault instead of ConfigSource) was removed in Kafka 4 and is not implemented.
// v1: IncludeSynonyms; ConfigSource and Synonyms replace IsDefault in the response. v2: same layout.
// v3: IncludeDocumentation; ConfigType and Documentation in the response. v4: flexible.
// Admin tools expect every config with its default and source, not only overrides.
import KafkaModel
import NIOCore

/// Resource types shared by the config APIs.
public enum ConfigResourceType {
    public static let topic: Int8 = 2
    public static let broker: Int8 = 4
    public static let brokerLogger: Int8 = 8
}

/// Where a config value comes from, as DescribeConfigs v1+ reports it.
public enum ConfigSource {
    public static let unknown: Int8 = 0
    public static let dynamicTopicConfig: Int8 = 1
    public static let dynamicBrokerConfig: Int8 = 2
    public static let dynamicDefaultBrokerConfig: Int8 = 3
    public static let staticBrokerConfig: Int8 = 4
    public static let defaultConfig: Int8 = 5
    public static let dynamicBrokerLoggerConfig: Int8 = 6
}

public struct DescribeConfigsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DescribeConfigsResponse
    public static let apiKey = ApiKey.describeConfigs
    public static let versions: ClosedRange<Int16> = 1...4
    public static let firstFlexibleVersion: Int16? = 4

    public struct Resource: Hashable, Sendable {
        public var resourceType: Int8
        public var resourceName: String
        /// Null asks for every config of the resource.
        public var configurationKeys: [String]?
        public var taggedFields: TaggedFields

        public init(resourceType: Int8, resourceName: String, configurationKeys: [String]? = nil, taggedFields: TaggedFields = .init()) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
            self.taggedFields = taggedFields
        }
    }

    public var resources: [Resource]
    /// v1+
    public var includeSynonyms: Bool
    /// v3+
    public var includeDocumentation: Bool
    public var taggedFields: TaggedFields

    public init(resources: [Resource], includeSynonyms: Bool = false, includeDocumentation: Bool = false, taggedFields: TaggedFields = .init()) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        resources = try buffer.readKafkaArray("resources", flexible: flexible, minimumElementSize: flexible ? 4 : 7) { buffer in
            Resource(
                resourceType: try buffer.readKafkaInt8("resource_type"),
                resourceName: try buffer.readKafkaString("resource_name", flexible: flexible),
                configurationKeys: try buffer.readKafkaNullableArray("configuration_keys", flexible: flexible, minimumElementSize: flexible ? 1 : 2) {
                    try $0.readKafkaString("configuration_key", flexible: flexible)
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        includeSynonyms = try buffer.readKafkaBool("include_synonyms")
        includeDocumentation = version >= 3 ? try buffer.readKafkaBool("include_documentation") : false
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaArray(resources, flexible: flexible) { buffer, resource in
            buffer.writeInteger(resource.resourceType)
            buffer.writeKafkaString(resource.resourceName, flexible: flexible)
            buffer.writeKafkaNullableArray(resource.configurationKeys, flexible: flexible) { $0.writeKafkaString($1, flexible: flexible) }
            buffer.writeTaggedFieldsIf(flexible, resource.taggedFields)
        }
        buffer.writeKafkaBool(includeSynonyms)
        if version >= 3 { buffer.writeKafkaBool(includeDocumentation) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DescribeConfigsResponse: KafkaResponseMessage, Hashable {
    public struct Synonym: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var source: Int8
        public var taggedFields: TaggedFields

        public init(name: String, value: String?, source: Int8, taggedFields: TaggedFields = .init()) {
            self.name = name
            self.value = value
            self.source = source
            self.taggedFields = taggedFields
        }
    }

    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var readOnly: Bool
        /// v1+; see `ConfigSource`.
        public var configSource: Int8
        public var isSensitive: Bool
        /// v1+
        public var synonyms: [Synonym]
        /// v3+: 0 unknown, 1 boolean, 2 string, 3 int, 4 short, 5 long, 6 double, 7 list, 8 class, 9 password.
        public var configType: Int8
        /// v3+
        public var documentation: String?
        public var taggedFields: TaggedFields

        public init(
            name: String, value: String?, readOnly: Bool = false, configSource: Int8 = -1, isSensitive: Bool = false,
            synonyms: [Synonym] = [], configType: Int8 = 0, documentation: String? = nil, taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
            self.taggedFields = taggedFields
        }
    }

    public struct Result: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var resourceType: Int8
        public var resourceName: String
        public var configs: [Config]
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = .none, errorMessage: String? = nil, resourceType: Int8, resourceName: String, configs: [Config],
            taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, results: [Result], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        results = try buffer.readKafkaArray("results", flexible: flexible, minimumElementSize: flexible ? 6 : 11) { buffer in
            var result = Result(
                errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                errorMessage: try buffer.readKafkaNullableString("error_message", flexible: flexible),
                resourceType: try buffer.readKafkaInt8("resource_type"),
                resourceName: try buffer.readKafkaString("resource_name", flexible: flexible),
                configs: []
            )
            result.configs = try buffer.readKafkaArray("configs", flexible: flexible, minimumElementSize: flexible ? 6 : 9) { buffer in
                try Self.readConfig(from: &buffer, version: version, flexible: flexible)
            }
            result.taggedFields = try buffer.readTaggedFieldsIf(flexible)
            return result
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    private static func readConfig(from buffer: inout ByteBuffer, version: Int16, flexible: Bool) throws -> Config {
        var config = Config(
            name: try buffer.readKafkaString("name", flexible: flexible),
            value: try buffer.readKafkaNullableString("value", flexible: flexible),
            readOnly: try buffer.readKafkaBool("read_only"),
            configSource: try buffer.readKafkaInt8("config_source"),
            isSensitive: try buffer.readKafkaBool("is_sensitive")
        )
        config.synonyms = try buffer.readKafkaArray("synonyms", flexible: flexible, minimumElementSize: flexible ? 4 : 5) { buffer in
            Synonym(
                name: try buffer.readKafkaString("name", flexible: flexible),
                value: try buffer.readKafkaNullableString("value", flexible: flexible),
                source: try buffer.readKafkaInt8("source"),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        if version >= 3 {
            config.configType = try buffer.readKafkaInt8("config_type")
            config.documentation = try buffer.readKafkaNullableString("documentation", flexible: flexible)
        }
        config.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        return config
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, result in
            buffer.writeInteger(result.errorCode.rawValue)
            buffer.writeKafkaNullableString(result.errorMessage, flexible: flexible)
            buffer.writeInteger(result.resourceType)
            buffer.writeKafkaString(result.resourceName, flexible: flexible)
            buffer.writeKafkaArray(result.configs, flexible: flexible) { buffer, config in
                buffer.writeKafkaString(config.name, flexible: flexible)
                buffer.writeKafkaNullableString(config.value, flexible: flexible)
                buffer.writeKafkaBool(config.readOnly)
                buffer.writeInteger(config.configSource)
                buffer.writeKafkaBool(config.isSensitive)
                buffer.writeKafkaArray(config.synonyms, flexible: flexible) { buffer, synonym in
                    buffer.writeKafkaString(synonym.name, flexible: flexible)
                    buffer.writeKafkaNullableString(synonym.value, flexible: flexible)
                    buffer.writeInteger(synonym.source)
                    buffer.writeTaggedFieldsIf(flexible, synonym.taggedFields)
                }
                if version >= 3 {
                    buffer.writeInteger(config.configType)
                    buffer.writeKafkaNullableString(config.documentation, flexible: flexible)
                }
                buffer.writeTaggedFieldsIf(flexible, config.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, result.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
