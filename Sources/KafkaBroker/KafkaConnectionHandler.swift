import KafkaProtocol
import KafkaStorage
import Logging
import NIOCore

/// One client connection: hands each frame to the dispatcher and writes the answers strictly in request
/// order, since clients match a response to their oldest outstanding request.
///
/// Backpressure follows NIO's `HTTPServerPipelineHandler`: once `maxInFlight` requests are unanswered
/// the handler swallows `read()` so the kernel buffer fills and TCP pushes back on the client.
final class KafkaConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Never
    typealias OutboundOut = IOData

    private let dispatcher: RequestDispatcher
    private let maxInFlight: Int
    private var logger: Logger

    private var nextSequence = 0
    private var nextToWrite = 0
    private var ready: [Int: EncodedResponse] = [:]
    private var readPending = false
    private var active = true
    /// Set by graceful shutdown: read nothing more, close once every owed answer is written.
    private var quiescing = false
    private var clientAddress = "unknown"

    init(dispatcher: RequestDispatcher, maxInFlight: Int, logger: Logger) {
        self.dispatcher = dispatcher
        self.maxInFlight = maxInFlight
        self.logger = logger
    }

    private var inFlight: Int { nextSequence - nextToWrite }

    func handlerAdded(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress {
            clientAddress = address.ipAddress.map { "/\($0)" } ?? "\(address)"
            logger[metadataKey: "peer"] = "\(address)"
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard active else { return }
        let frame = unwrapInboundIn(data)
        let sequence = nextSequence
        nextSequence += 1
        // From here to the encoded answer is what `fjord_request_duration_seconds` measures.
        let started = NIODeadline.now()
        let dispatched: RequestDispatcher.Dispatched
        do {
            dispatched = try dispatcher.dispatch(
                frame: frame, eventLoop: context.eventLoop, allocator: context.channel.allocator, clientAddress: clientAddress)
        } catch {
            logger.debug("malformed frame", metadata: ["hex": "\(frame.readableBytesView.prefix(256).map { String($0, radix: 16) })"])
            closeForBadInput(context: context, error: error)
            return
        }
        let apiKey = dispatched.apiKey
        dispatched.response.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            self.dispatcher.broker.metrics.requestCompleted(
                apiKey: apiKey, nanoseconds: Int64(NIODeadline.now().uptimeNanoseconds &- started.uptimeNanoseconds))
            switch result {
            case .success(let encoded):
                guard self.active else { return encoded.discard() }
                self.ready[sequence] = encoded
                self.writeReadyResponses(context: context)
            case .failure(let error):
                self.logger.error("request failed, closing connection", metadata: ["error": "\(error)"])
                self.close(context: context)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else { return context.fireUserInboundEventTriggered(event) }
        quiescing = true
        if inFlight == 0 { writeReadyResponses(context: context) }
    }

    func read(context: ChannelHandlerContext) {
        if quiescing {
            readPending = true
        } else if inFlight >= maxInFlight {
            readPending = true
        } else {
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        for encoded in ready.values { encoded.discard() }
        ready.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if error is ProtocolError || error is ByteToMessageDecoderError {
            closeForBadInput(context: context, error: error)
        } else {
            logger.debug("connection error", metadata: ["error": "\(error)"])
            close(context: context)
        }
    }

    private func closeForBadInput(context: ChannelHandlerContext, error: Error) {
        // Logged once per connection: the connection is closed right after, so a flood cannot repeat it.
        logger.warning("closing connection after malformed request", metadata: ["error": "\(error)"])
        close(context: context)
    }

    private func close(context: ChannelHandlerContext) {
        guard active else { return }
        active = false
        for encoded in ready.values { encoded.discard() }
        ready.removeAll()
        context.close(promise: nil)
    }

    private func writeReadyResponses(context: ChannelHandlerContext) {
        var wrote = false
        while let encoded = ready.removeValue(forKey: nextToWrite) {
            nextToWrite += 1
            switch encoded {
            case .none:
                continue
            case .frame(let buffer):
                context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
            case .spliced(let parts, let files):
                writeSpliced(context: context, parts: parts, files: files)
            }
            wrote = true
        }
        if quiescing && inFlight == 0 {
            // Writes complete in order: once this empty one is done, every answer before it has left.
            let drained = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.byteBuffer(context.channel.allocator.buffer(capacity: 0))), promise: drained)
            drained.futureResult.assumeIsolated().whenComplete { _ in self.close(context: context) }
            return
        }
        if wrote { context.flush() }
        if readPending && inFlight < maxInFlight && !quiescing {
            readPending = false
            context.read()
        }
    }

    /// Writes a frame whose record sets go out with sendfile straight from the segment files.
    private func writeSpliced(context: ChannelHandlerContext, parts: [FetchResponseChunk], files: [FileSlice]) {
        var referenced = Set<Int>()
        for part in parts {
            switch part {
            case .bytes(let buffer):
                context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: nil)
            case .external(let length, let token):
                let file = files[token]
                referenced.insert(token)
                precondition(file.length == length, "record set length changed after encoding")
                // Each send owns its own descriptor: a shared NIOFileHandle fails under concurrent sendfile.
                let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: file.fileDescriptor)
                let region = FileRegion(
                    fileHandle: handle, readerIndex: Int(file.position), endIndex: Int(file.position) + file.length)
                let promise = context.eventLoop.makePromise(of: Void.self)
                promise.futureResult.whenComplete { _ in try? handle.close() }
                context.write(wrapOutboundOut(.fileRegion(region)), promise: promise)
            }
        }
        for (token, file) in files.enumerated() where !referenced.contains(token) { file.close() }
    }
}
