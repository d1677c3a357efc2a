import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP side of the broker: `GET /metrics` (Prometheus text format 0.0.4) and `GET /health`.
///
/// A separate listener rather than a Kafka API, so Prometheus, load balancers and Kubernetes probes
/// reach it with plain HTTP. It shares the broker's event loops: a request costs one coordinator
/// query and one I/O-pool job, both asynchronous, so it never holds a loop.
final class MetricsServer: Sendable {
    let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// The port actually bound (the interesting part with `--metrics-listen HOST:0`).
    var port: Int? { channel.localAddress?.port }

    static func start(host: String, port: Int, group: any EventLoopGroup, broker: Broker) async throws -> MetricsServer {
        let failures = broker.failures
        let channel = try await ServerBootstrap(group: group)
            .serverChannelInitializer { AcceptFailures.install(on: $0, failures: failures, listener: "metrics \(host):\(port)") }
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(broker: broker))
                }
            }
            .bind(host: host, port: port)
            .get()
        return MetricsServer(channel: channel)
    }

    /// Stops accepting; a scrape in progress finishes on its own connection.
    func close() async {
        try? await channel.close()
    }
}

/// Answers one HTTP request at a time per connection (NIO's pipeline handler queues pipelined ones).
private final class MetricsHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    private let broker: Broker
    private var request: HTTPRequestHead?

    init(broker: Broker) {
        self.broker = broker
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            route(head, context: context)
        }
    }

    private func route(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard head.method == .GET || head.method == .HEAD else {
            return respond(context, head: head, status: .methodNotAllowed, body: "only GET and HEAD\n", extraHeaders: [("Allow", "GET, HEAD")])
        }
        // Query strings are ignored, as Prometheus' own exporters do.
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        switch path {
        case "/metrics":
            let page = broker.scrapeMetrics(on: context.eventLoop)
            page.assumeIsolated().whenComplete { result in
                switch result {
                case .success(let body):
                    self.respond(context, head: head, status: .ok, body: body, contentType: Self.prometheusContentType)
                case .failure(let error):
                    self.broker.logger.error("metrics scrape failed", metadata: ["error": "\(error)"])
                    self.respond(context, head: head, status: .internalServerError, body: "scrape failed\n")
                }
            }
        case "/health":
            broker.isReady(on: context.eventLoop).assumeIsolated().whenComplete { result in
                if case .success(true) = result {
                    self.respond(context, head: head, status: .ok, body: "ok\n")
                } else {
                    self.respond(context, head: head, status: .serviceUnavailable, body: "loading consumer groups\n")
                }
            }
        default:
            respond(context, head: head, status: .notFound, body: "not found; try /metrics or /health\n")
        }
    }

    private func respond(
        _ context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, body text: String,
        extraHeaders: [(String, String)] = []
    ) {
        respond(context, head: head, status: status, body: context.channel.allocator.buffer(string: text), extraHeaders: extraHeaders)
    }

    private func respond(
        _ context: ChannelHandlerContext, head: HTTPRequestHead, status: HTTPResponseStatus, body: ByteBuffer,
        contentType: String = "text/plain; charset=utf-8", extraHeaders: [(String, String)] = []
    ) {
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.readableBytes))])
        headers.add(contentsOf: extraHeaders)
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let response = HTTPResponseHead(version: head.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let sent = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: sent)
        if !keepAlive {
            sent.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
