import NIOCore

/// Request header v1 (non-flexible requests) or v2 (flexible ones: v1 plus a tag section).
///
/// The client ID stays an int16-length string even in v2, so that a broker too old to know a
/// request's version can still read the header (Kafka's `RequestHeader.json`).
public struct RequestHeader: Hashable, Sendable {
    public var apiKey: ApiKey
    public var apiVersion: Int16
    public var correlationID: Int32
    public var clientID: String?
    public var taggedFields: TaggedFields

    public init(apiKey: ApiKey, apiVersion: Int16, correlationID: Int32, clientID: String?, taggedFields: TaggedFields = .init()) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationID = correlationID
        self.clientID = clientID
        self.taggedFields = taggedFields
    }

    /// Reads the fixed part (key, version, correlation ID, client ID). Whether a tag section follows depends
    /// on the API's first flexible version, which only the caller knows: see `readTaggedFieldsIfFlexible`.
    public init(from buffer: inout ByteBuffer) throws {
        self.apiKey = ApiKey(rawValue: try buffer.readKafkaInt16("request_api_key"))
        self.apiVersion = try buffer.readKafkaInt16("request_api_version")
        self.correlationID = try buffer.readKafkaInt32("correlation_id")
        self.clientID = try buffer.readKafkaNullableString("client_id", flexible: false)
        self.taggedFields = TaggedFields()
    }

    public mutating func readTaggedFields(from buffer: inout ByteBuffer, flexible: Bool) throws {
        if flexible { taggedFields = try buffer.readTaggedFields("request header tags") }
    }

    public func encode(into buffer: inout ByteBuffer, flexible: Bool) {
        buffer.writeInteger(apiKey.rawValue)
        buffer.writeInteger(apiVersion)
        buffer.writeInteger(correlationID)
        buffer.writeKafkaNullableString(clientID, flexible: false)
        if flexible { buffer.writeTaggedFields(taggedFields) }
    }
}

/// Response header v0 (correlation ID) or v1 (plus a tag section). ApiVersions always uses v0.
public struct ResponseHeader: Hashable, Sendable {
    public var correlationID: Int32
    public var taggedFields: TaggedFields

    public init(correlationID: Int32, taggedFields: TaggedFields = .init()) {
        self.correlationID = correlationID
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, flexible: Bool) throws {
        self.correlationID = try buffer.readKafkaInt32("correlation_id")
        self.taggedFields = flexible ? try buffer.readTaggedFields("response header tags") : TaggedFields()
    }

    public func encode(into buffer: inout ByteBuffer, flexible: Bool) {
        buffer.writeInteger(correlationID)
        if flexible { buffer.writeTaggedFields(taggedFields) }
    }

    /// Which response header version an API version answers with.
    public static func isFlexible(apiKey: ApiKey, requestFlexible: Bool) -> Bool {
        apiKey == .apiVersions ? false : requestFlexible
    }
}
