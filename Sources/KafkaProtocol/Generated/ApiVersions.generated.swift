// generated from schema/ApiVersions.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// The first request of most clients; the answer must list exactly the versions the broker serves.
public struct ApiVersionsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ApiVersionsResponse
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    /// v3+: who the client is, for logs; the request header's client id says less.
    public var clientSoftwareName: String
    /// v3+
    public var clientSoftwareVersion: String
    public var taggedFields: TaggedFields

    public init(
        clientSoftwareName: String = "",
        clientSoftwareVersion: String = "",
        taggedFields: TaggedFields = .init()
    ) {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        if version >= 3 {
            self.clientSoftwareName = try buffer.readKafkaString("client_software_name", flexible: flexible)
        } else {
            self.clientSoftwareName = ""
        }
        if version >= 3 {
            self.clientSoftwareVersion = try buffer.readKafkaString("client_software_version", flexible: flexible)
        } else {
            self.clientSoftwareVersion = ""
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        if version >= 3 {
            buffer.writeKafkaString(clientSoftwareName, flexible: flexible)
        }
        if version >= 3 {
            buffer.writeKafkaString(clientSoftwareVersion, flexible: flexible)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct ApiVersionsResponse: KafkaResponseMessage, Hashable {
    public struct ApiVersion: Hashable, Sendable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16
        public var taggedFields: TaggedFields

        public init(
            apiKey: Int16 = 0,
            minVersion: Int16 = 0,
            maxVersion: Int16 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 3
            self.apiKey = try buffer.readKafkaInt16("api_key")
            self.minVersion = try buffer.readKafkaInt16("min_version")
            self.maxVersion = try buffer.readKafkaInt16("max_version")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeInteger(apiKey)
            buffer.writeInteger(minVersion)
            buffer.writeInteger(maxVersion)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct SupportedFeatureKey: Hashable, Sendable {
        public var name: String
        public var minVersion: Int16
        public var maxVersion: Int16
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            minVersion: Int16 = 0,
            maxVersion: Int16 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 3
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.minVersion = try buffer.readKafkaInt16("min_version")
            self.maxVersion = try buffer.readKafkaInt16("max_version")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeInteger(minVersion)
            buffer.writeInteger(maxVersion)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct FinalizedFeatureKey: Hashable, Sendable {
        public var name: String
        public var maxVersionLevel: Int16
        public var minVersionLevel: Int16
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            maxVersionLevel: Int16 = 0,
            minVersionLevel: Int16 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.maxVersionLevel = maxVersionLevel
            self.minVersionLevel = minVersionLevel
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 3
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.maxVersionLevel = try buffer.readKafkaInt16("max_version_level")
            self.minVersionLevel = try buffer.readKafkaInt16("min_version_level")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 3
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeInteger(maxVersionLevel)
            buffer.writeInteger(minVersionLevel)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// UNSUPPORTED_VERSION is answered as a v0 body listing key 18's range, so a newer client can retry.
    public var errorCode: KafkaErrorCode
    public var apiKeys: [ApiVersion]
    /// v1+
    public var throttleTimeMs: Int32
    /// v3+, tag 0
    public var supportedFeatures: [SupportedFeatureKey]
    /// v3+, tag 1
    public var finalizedFeaturesEpoch: Int64
    /// v3+, tag 2
    public var finalizedFeatures: [FinalizedFeatureKey]
    /// v3+, tag 3
    public var zkMigrationReady: Bool
    public var taggedFields: TaggedFields

    public init(
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        apiKeys: [ApiVersion] = [],
        throttleTimeMs: Int32 = 0,
        supportedFeatures: [SupportedFeatureKey] = [],
        finalizedFeaturesEpoch: Int64 = -1,
        finalizedFeatures: [FinalizedFeatureKey] = [],
        zkMigrationReady: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
        self.supportedFeatures = supportedFeatures
        self.finalizedFeaturesEpoch = finalizedFeaturesEpoch
        self.finalizedFeatures = finalizedFeatures
        self.zkMigrationReady = zkMigrationReady
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        self.apiKeys = try buffer.readKafkaNonNullArray("api_keys", flexible: flexible, minimumElementSize: (version >= 3 ? 7 : 6)) { buffer in try ApiVersion(from: &buffer, version: version) }
        if version >= 1 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        if flexible {
            var tags = try buffer.readTaggedFields()
            self.supportedFeatures = try tags.takeKnown(0, "supported_features") { buffer in try buffer.readKafkaNonNullArray("supported_features", flexible: flexible, minimumElementSize: 6) { buffer in try SupportedFeatureKey(from: &buffer, version: version) } } ?? []
            self.finalizedFeaturesEpoch = try tags.takeKnown(1, "finalized_features_epoch") { buffer in try buffer.readKafkaInt64("finalized_features_epoch") } ?? -1
            self.finalizedFeatures = try tags.takeKnown(2, "finalized_features") { buffer in try buffer.readKafkaNonNullArray("finalized_features", flexible: flexible, minimumElementSize: 6) { buffer in try FinalizedFeatureKey(from: &buffer, version: version) } } ?? []
            self.zkMigrationReady = try tags.takeKnown(3, "zk_migration_ready") { buffer in try buffer.readKafkaBool("zk_migration_ready") } ?? false
            self.taggedFields = tags
        } else {
            self.supportedFeatures = []
            self.finalizedFeaturesEpoch = -1
            self.finalizedFeatures = []
            self.zkMigrationReady = false
            self.taggedFields = TaggedFields()
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(apiKeys, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        if version >= 1 {
            buffer.writeInteger(throttleTimeMs)
        }
        if flexible {
            var tags = taggedFields
            if !supportedFeatures.isEmpty { tags.setKnown(0) { buffer in buffer.writeKafkaArray(supportedFeatures, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) } } }
            if finalizedFeaturesEpoch != -1 { tags.setKnown(1) { buffer in buffer.writeInteger(finalizedFeaturesEpoch) } }
            if !finalizedFeatures.isEmpty { tags.setKnown(2) { buffer in buffer.writeKafkaArray(finalizedFeatures, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) } } }
            if zkMigrationReady != false { tags.setKnown(3) { buffer in buffer.writeKafkaBool(zkMigrationReady) } }
            buffer.writeTaggedFields(tags)
        }
    }
}
