import KafkaModel
import KafkaProtocol
import NIOCore
import NIOPosix

/// One TCP connection to one broker, carrying any number of concurrent requests.
///
/// Requests are written through `KafkaClientChannelHandler`, which assigns correlation IDs on the
/// event loop and matches responses in FIFO order. Decoding happens in the caller's task, not on the
/// event loop, so a large Fetch response never stalls other connections.
public final class KafkaConnection: Sendable {
    public let host: String
    public let port: Int
    public let clientID: String
    /// How long one request may wait for its response before the connection is given up.
    public let requestTimeout: Duration
    private let channel: any Channel

    public var address: String { "\(host):\(port)" }

    private init(host: String, port: Int, clientID: String, requestTimeout: Duration, channel: any Channel) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.requestTimeout = requestTimeout
        self.channel = channel
    }

    /// Connects once, failing after `connectTimeout`. Retrying is the caller's policy.
    public static func connect(
        host: String, port: Int, clientID: String, connectTimeout: Duration, requestTimeout: Duration,
        maximumFrameSize: Int = 100 * 1024 * 1024,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> KafkaConnection {
        let address = "\(host):\(port)"
        let timeoutMs = max(1, Int64(connectTimeout.seconds * 1000))
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(.milliseconds(timeoutMs))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: maximumFrameSize)))
                    try sync.addHandler(KafkaClientChannelHandler(address: address))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            return KafkaConnection(host: host, port: port, clientID: clientID, requestTimeout: requestTimeout, channel: channel)
        } catch {
            throw KafkaClientError.unreachable(address: address, reason: Self.describe(connectError: error), afterSeconds: connectTimeout.seconds)
        }
    }

    public var isActive: Bool { channel.isActive }

    public func close() async {
        try? await channel.close()
    }

    /// Sends `request` at `version` and decodes the response at the same version.
    public func send<R: KafkaRequestMessage>(_ request: R, version: Int16) async throws -> R.Response {
        var body = try await sendRaw(request, version: version)
        do {
            let response = try R.Response(from: &body, version: version)
            return response
        } catch {
            throw KafkaClientError.malformedResponse(api: "\(R.apiKey.name) v\(version)", detail: "\(error)")
        }
    }

    /// Sends a request whose response is never sent (Produce with acks=0); returns once written.
    public func sendWithoutResponse<R: KafkaRequestMessage>(_ request: R, version: Int16) async throws {
        let outgoing = KafkaClientChannelHandler.Outgoing(
            frame: encode(request, version: version), responsePromise: nil, timeout: timeAmount(requestTimeout), api: R.apiKey.name)
        do {
            try await channel.writeAndFlush(outgoing).get()
        } catch {
            throw mapChannelError(error)
        }
    }

    /// Sends a request and returns the response body after its header, for callers that must look
    /// at the bytes before choosing how to decode them (ApiVersions' KIP-511 fallback).
    public func sendRaw<R: KafkaRequestMessage>(_ request: R, version: Int16) async throws -> ByteBuffer {
        let frame = encode(request, version: version)
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let outgoing = KafkaClientChannelHandler.Outgoing(frame: frame, responsePromise: promise, timeout: timeAmount(requestTimeout), api: R.apiKey.name)
        channel.writeAndFlush(outgoing).cascadeFailure(to: promise)
        var response: ByteBuffer
        do {
            response = try await promise.futureResult.get()
        } catch {
            throw mapChannelError(error)
        }
        let flexible = ResponseHeader.isFlexible(apiKey: R.apiKey, requestFlexible: R.isFlexible(version))
        do {
            _ = try ResponseHeader(from: &response, flexible: flexible)
        } catch {
            throw KafkaClientError.malformedResponse(api: "\(R.apiKey.name) v\(version)", detail: "\(error)")
        }
        return response
    }

    /// Builds the whole frame with a placeholder correlation ID (0); the handler patches the real one
    /// in at byte 8 (after size, key and version) when the frame is written.
    private func encode<R: KafkaRequestMessage>(_ request: R, version: Int16) -> ByteBuffer {
        var buffer = channel.allocator.buffer(capacity: 256)
        buffer.writeInteger(Int32(0))
        let header = RequestHeader(apiKey: R.apiKey, apiVersion: version, correlationID: 0, clientID: clientID)
        header.encode(into: &buffer, flexible: R.isFlexible(version))
        request.encode(into: &buffer, version: version)
        buffer.setInteger(Int32(buffer.readableBytes - 4), at: buffer.readerIndex)
        return buffer
    }

    /// The handler fails requests with `KafkaClientError`s; anything else from NIO means the
    /// channel was already closed when the request was written.
    private func mapChannelError(_ error: any Error) -> any Error {
        error is KafkaClientError ? error : KafkaClientError.connectionClosed(address: address)
    }

    private func timeAmount(_ duration: Duration) -> TimeAmount {
        .milliseconds(max(1, Int64(duration.seconds * 1000)))
    }

    /// Turns NIO's connect errors into the words a user knows ("connection refused").
    static func describe(connectError error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(connectError: first.error) }
            if error.dnsAAAAError != nil || error.dnsAError != nil { return "cannot resolve host" }
            return "connection failed"
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "connection timed out" }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case EHOSTUNREACH: return "host unreachable"
            case ENETUNREACH: return "network unreachable"
            case ETIMEDOUT: return "connection timed out"
            default: return "\(error)"
            }
        }
        if error is SocketAddressError { return "cannot resolve host" }
        return "\(error)"
    }
}
