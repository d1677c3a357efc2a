// generated from schema/DescribeConfigs.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Admin tools expect every config with its default and source, not only overrides.
public struct DescribeConfigsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = DescribeConfigsResponse
    public static let apiKey = ApiKey.describeConfigs
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    public struct Resource: Hashable, Sendable {
        /// 2 topic, 4 broker, 8 broker logger.
        public var resourceType: Int8
        public var resourceName: String
        /// Null asks for every config of the resource.
        public var configurationKeys: [String]?
        public var taggedFields: TaggedFields

        public init(
            resourceType: Int8 = 0,
            resourceName: String = "",
            configurationKeys: [String]? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configurationKeys = configurationKeys
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.resourceType = try buffer.readKafkaInt8("resource_type")
            self.resourceName = try buffer.readKafkaString("resource_name", flexible: flexible)
            self.configurationKeys = try buffer.readKafkaNullableArray("configuration_keys", flexible: flexible, minimumElementSize: (version >= 4 ? 1 : 2)) { buffer in try buffer.readKafkaString("configuration_keys", flexible: flexible) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeInteger(resourceType)
            buffer.writeKafkaString(resourceName, flexible: flexible)
            buffer.writeKafkaNullableArray(configurationKeys, flexible: flexible) { buffer, element in buffer.writeKafkaString(element, flexible: flexible) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var resources: [Resource]
    /// v1+
    public var includeSynonyms: Bool
    /// v3+
    public var includeDocumentation: Bool
    public var taggedFields: TaggedFields

    public init(
        resources: [Resource] = [],
        includeSynonyms: Bool = false,
        includeDocumentation: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.resources = resources
        self.includeSynonyms = includeSynonyms
        self.includeDocumentation = includeDocumentation
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        self.resources = try buffer.readKafkaNonNullArray("resources", flexible: flexible, minimumElementSize: (version >= 4 ? 4 : 7)) { buffer in try Resource(from: &buffer, version: version) }
        if version >= 1 {
            self.includeSynonyms = try buffer.readKafkaBool("include_synonyms")
        } else {
            self.includeSynonyms = false
        }
        if version >= 3 {
            self.includeDocumentation = try buffer.readKafkaBool("include_documentation")
        } else {
            self.includeDocumentation = false
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeKafkaArray(resources, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 1 {
            buffer.writeKafkaBool(includeSynonyms)
        }
        if version >= 3 {
            buffer.writeKafkaBool(includeDocumentation)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct DescribeConfigsResponse: KafkaResponseMessage, Hashable {
    public struct Result: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var errorMessage: String?
        public var resourceType: Int8
        public var resourceName: String
        public var configs: [Config]
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            errorMessage: String? = nil,
            resourceType: Int8 = 0,
            resourceName: String = "",
            configs: [Config] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.resourceType = resourceType
            self.resourceName = resourceName
            self.configs = configs
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.errorMessage = try buffer.readKafkaNullableString("error_message", flexible: flexible)
            self.resourceType = try buffer.readKafkaInt8("resource_type")
            self.resourceName = try buffer.readKafkaString("resource_name", flexible: flexible)
            self.configs = try buffer.readKafkaNonNullArray("configs", flexible: flexible, minimumElementSize: (version >= 4 ? 9 : version >= 3 ? 14 : version >= 1 ? 11 : 7)) { buffer in try Config(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeKafkaNullableString(errorMessage, flexible: flexible)
            buffer.writeInteger(resourceType)
            buffer.writeKafkaString(resourceName, flexible: flexible)
            buffer.writeKafkaArray(configs, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Config: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var readOnly: Bool
        /// v0 only; v1+ says where the value comes from in config_source instead.
        public var isDefault: Bool
        /// v1+
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
            name: String = "",
            value: String? = nil,
            readOnly: Bool = false,
            isDefault: Bool = false,
            configSource: Int8 = -1,
            isSensitive: Bool = false,
            synonyms: [Synonym] = [],
            configType: Int8 = 0,
            documentation: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.value = value
            self.readOnly = readOnly
            self.isDefault = isDefault
            self.configSource = configSource
            self.isSensitive = isSensitive
            self.synonyms = synonyms
            self.configType = configType
            self.documentation = documentation
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.value = try buffer.readKafkaNullableString("value", flexible: flexible)
            self.readOnly = try buffer.readKafkaBool("read_only")
            if version <= 0 {
                self.isDefault = try buffer.readKafkaBool("is_default")
            } else {
                self.isDefault = false
            }
            if version >= 1 {
                self.configSource = try buffer.readKafkaInt8("config_source")
            } else {
                self.configSource = -1
            }
            self.isSensitive = try buffer.readKafkaBool("is_sensitive")
            if version >= 1 {
                self.synonyms = try buffer.readKafkaNonNullArray("synonyms", flexible: flexible, minimumElementSize: (version >= 4 ? 4 : 5)) { buffer in try Synonym(from: &buffer, version: version) }
            } else {
                self.synonyms = []
            }
            if version >= 3 {
                self.configType = try buffer.readKafkaInt8("config_type")
            } else {
                self.configType = 0
            }
            if version >= 3 {
                self.documentation = try buffer.readKafkaNullableString("documentation", flexible: flexible)
            } else {
                self.documentation = nil
            }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaNullableString(value, flexible: flexible)
            buffer.writeKafkaBool(readOnly)
            if version <= 0 {
                buffer.writeKafkaBool(isDefault)
            }
            if version >= 1 {
                buffer.writeInteger(configSource)
            }
            buffer.writeKafkaBool(isSensitive)
            if version >= 1 {
                buffer.writeKafkaArray(synonyms, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            }
            if version >= 3 {
                buffer.writeInteger(configType)
            }
            if version >= 3 {
                buffer.writeKafkaNullableString(documentation, flexible: flexible)
            }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Synonym: Hashable, Sendable {
        public var name: String
        public var value: String?
        public var source: Int8
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            value: String? = nil,
            source: Int8 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.value = value
            self.source = source
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.value = try buffer.readKafkaNullableString("value", flexible: flexible)
            self.source = try buffer.readKafkaInt8("source")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaNullableString(value, flexible: flexible)
            buffer.writeInteger(source)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var throttleTimeMs: Int32
    public var results: [Result]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        results: [Result] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.results = results
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        self.results = try buffer.readKafkaNonNullArray("results", flexible: flexible, minimumElementSize: (version >= 4 ? 7 : 11)) { buffer in try Result(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(results, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
