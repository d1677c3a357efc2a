// ApiVersions, key 18, versions 0–4, flexible from v3.
//
// v1: ThrottleTimeMs after the key array.
// v3: ClientSoftwareName/Version in the request (KIP-511); compact encodings; response tags carry
//     SupportedFeatures (0), FinalizedFeaturesEpoch (1), FinalizedFeatures (2), ZkMigrationReady (3),
//     kept here as raw tags.
// v4: same layout (KIP-896: the client may now be told UNSUPPORTED_VERSION with the key list).
//
// The response header is always v0, and a request for a version newer than the broker's is answered
// with a v0 body carrying UNSUPPORTED_VERSION and key 18's range (see `unsupportedVersionAnswer`).
import KafkaModel
import NIOCore

public struct ApiVersionsRequest: KafkaRequestMessage, Hashable {
    public typealias Response = ApiVersionsResponse
    public static let apiKey = ApiKey.apiVersions
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 3

    /// v3+
    public var clientSoftwareName: String
    /// v3+
    public var clientSoftwareVersion: String
    public var taggedFields: TaggedFields

    public init(clientSoftwareName: String = "", clientSoftwareVersion: String = "", taggedFields: TaggedFields = .init()) {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        self.init()
        if version >= 3 {
            clientSoftwareName = try buffer.readKafkaString("client_software_name", flexible: true)
            clientSoftwareVersion = try buffer.readKafkaString("client_software_version", flexible: true)
            taggedFields = try buffer.readTaggedFields()
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        if version >= 3 {
            buffer.writeKafkaString(clientSoftwareName, flexible: true)
            buffer.writeKafkaString(clientSoftwareVersion, flexible: true)
            buffer.writeTaggedFields(taggedFields)
        }
    }
}

public struct ApiVersionsResponse: KafkaResponseMessage, Hashable {
    public struct ApiVersion: Hashable, Sendable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16
        public var taggedFields: TaggedFields

        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16, taggedFields: TaggedFields = .init()) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
            self.taggedFields = taggedFields
        }
    }

    public var errorCode: KafkaErrorCode
    public var apiKeys: [ApiVersion]
    /// v1+
    public var throttleTimeMs: Int32
    public var taggedFields: TaggedFields

    public init(errorCode: KafkaErrorCode = .none, apiKeys: [ApiVersion], throttleTimeMs: Int32 = 0, taggedFields: TaggedFields = .init()) {
        self.errorCode = errorCode
        self.apiKeys = apiKeys
        self.throttleTimeMs = throttleTimeMs
        self.taggedFields = taggedFields
    }

    /// KIP-511: the answer to an ApiVersions request newer than any we know, to be encoded as v0.
    public static func unsupportedVersionAnswer(supported: ClosedRange<Int16>) -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: .unsupportedVersion,
            apiKeys: [.init(apiKey: ApiKey.apiVersions.rawValue, minVersion: supported.lowerBound, maxVersion: supported.upperBound)]
        )
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 3
        errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
        apiKeys = try buffer.readKafkaArray("api_keys", flexible: flexible, minimumElementSize: 6) { buffer in
            var entry = ApiVersion(
                apiKey: try buffer.readKafkaInt16("api_key"),
                minVersion: try buffer.readKafkaInt16("min_version"),
                maxVersion: try buffer.readKafkaInt16("max_version")
            )
            if flexible { entry.taggedFields = try buffer.readTaggedFields() }
            return entry
        }
        throttleTimeMs = version >= 1 ? try buffer.readKafkaInt32("throttle_time_ms") : 0
        taggedFields = flexible ? try buffer.readTaggedFields() : .init()
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeInteger(errorCode.rawValue)
        buffer.writeKafkaArray(apiKeys, flexible: flexible) { buffer, entry in
            buffer.writeInteger(entry.apiKey)
            buffer.writeInteger(entry.minVersion)
            buffer.writeInteger(entry.maxVersion)
            if flexible { buffer.writeTaggedFields(entry.taggedFields) }
        }
        if version >= 1 { buffer.writeInteger(throttleTimeMs) }
        if flexible { buffer.writeTaggedFields(taggedFields) }
    }
}
