import KafkaModel
import KafkaProtocol
import Logging
import NIOCore

/// What a handler knows about the request besides its body.
struct RequestContext: Sendable {
    var header: RequestHeader
    var flexible: Bool
    var eventLoop: any EventLoop
    var allocator: ByteBufferAllocator
    /// As Java prints it, e.g. `/127.0.0.1`, for DescribeGroups' client host.
    var clientAddress: String
}

/// Parses the request header, finds the API in `SupportedAPIs` and runs its handler.
///
/// Throws only for input that must close the connection: a malformed header or body, an unknown API
/// key, or a version outside the implemented range (Kafka's `SocketServer` closes in these cases too).
/// ApiVersions alone answers any version, per KIP-511.
final class RequestDispatcher: Sendable {
    let broker: Broker
    private let apis: [Int16: SupportedAPI]

    init(broker: Broker) {
        self.broker = broker
        self.apis = Dictionary(uniqueKeysWithValues: SupportedAPIs.all.map { ($0.key.rawValue, $0) })
    }

    /// The answer to one frame, with the API it was for so the caller can time it per API.
    struct Dispatched {
        var apiKey: Int16
        var response: EventLoopFuture<EncodedResponse>
    }

    func dispatch(
        frame: ByteBuffer, eventLoop: any EventLoop, allocator: ByteBufferAllocator, clientAddress: String
    ) throws -> Dispatched {
        var body = frame
        var header = try RequestHeader(from: &body)
        guard let api = apis[header.apiKey.rawValue] else { throw ProtocolError.unknownAPIKey(header.apiKey.rawValue) }

        if header.apiKey == .apiVersions && header.apiVersion > api.implemented.upperBound {
            let answer = ApiVersionsResponse.unsupportedVersionAnswer(supported: api.advertised)
            header.apiVersion = 0
            return Dispatched(
                apiKey: header.apiKey.rawValue,
                response: eventLoop.makeSucceededFuture(.frame(answer, header: header, flexibleRequest: false, allocator: allocator)))
        }
        guard api.implemented.contains(header.apiVersion) else {
            throw ProtocolError.unsupportedVersion(apiKey: header.apiKey.rawValue, version: header.apiVersion)
        }
        let flexible = api.firstFlexibleVersion.map { header.apiVersion >= $0 } ?? false
        try header.readTaggedFields(from: &body, flexible: flexible)
        let context = RequestContext(
            header: header, flexible: flexible, eventLoop: eventLoop, allocator: allocator, clientAddress: clientAddress)
        return Dispatched(apiKey: header.apiKey.rawValue, response: try api.handle(broker, body, context))
    }
}
