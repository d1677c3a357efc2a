import NIOCore

/// One request body of one API, covering every version Fjord implements.
///
/// Each conforming type lives in `APIs/<Api>.swift` together with its response. Decoding takes the
/// version because fields come and go across versions; `flexible` (compact encodings plus tagged
/// fields) follows from the version and the API's first flexible version.
public protocol KafkaRequestMessage: Sendable {
    associatedtype Response: KafkaResponseMessage
    static var apiKey: ApiKey { get }
    /// The versions this codec can decode and encode.
    static var versions: ClosedRange<Int16> { get }
    /// The first version using compact encodings and tagged fields, or nil if none does.
    static var firstFlexibleVersion: Int16? { get }

    init(from buffer: inout ByteBuffer, version: Int16) throws
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

public protocol KafkaResponseMessage: Sendable {
    init(from buffer: inout ByteBuffer, version: Int16) throws
    func encode(into buffer: inout ByteBuffer, version: Int16)
}

extension KafkaRequestMessage {
    public static func isFlexible(_ version: Int16) -> Bool {
        guard let first = firstFlexibleVersion else { return false }
        return version >= first
    }

    /// Decodes a whole request body. Strict decoding insists that nothing is left over; the broker
    /// is lenient, as Kafka's own parser is, because some clients (librdkafka's Metadata v12, seen in
    /// the integration tests) send a few bytes past the fields the spec lists.
    public static func decode(_ body: ByteBuffer, version: Int16, allowTrailingBytes: Bool = false) throws -> Self {
        guard versions.contains(version) else {
            throw ProtocolError.unsupportedVersion(apiKey: apiKey.rawValue, version: version)
        }
        var body = body
        let message = try Self(from: &body, version: version)
        if !allowTrailingBytes { try body.expectFullyConsumed("\(apiKey.name) v\(version) request") }
        return message
    }
}
