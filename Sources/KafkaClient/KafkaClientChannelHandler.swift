import KafkaProtocol
import NIOCore

/// Writes request frames and hands each response frame to the request it answers.
///
/// Correlation IDs are assigned here, on the event loop, at the moment a frame is written: that is
/// the only place where "order of IDs" and "order on the wire" are guaranteed to be the same when
/// several tasks send at once. Each request also gets a timer; when it fires the connection is
/// closed, because a late response would otherwise be paired with the wrong request (Java's client
/// does the same on request timeout).
final class KafkaClientChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Outgoing
    typealias OutboundOut = ByteBuffer

    struct Outgoing: Sendable {
        var frame: ByteBuffer
        /// nil for requests that get no response (Produce acks=0).
        var responsePromise: EventLoopPromise<ByteBuffer>?
        var timeout: TimeAmount
        var api: String
    }

    private struct Waiter {
        var promise: EventLoopPromise<ByteBuffer>
        var timer: Scheduled<Void>?
    }

    private var matcher = CorrelationMatcher<Waiter>()
    private let address: String
    private var context: ChannelHandlerContext?
    /// The first failure that ended the connection, reported to requests written afterwards.
    private var closedError: (any Error)?

    init(address: String) {
        self.address = address
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(KafkaClientError.connectionClosed(address: address))
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var outgoing = unwrapOutboundIn(data)
        if let error = closedError {
            outgoing.responsePromise?.fail(error)
            promise?.fail(error)
            return
        }
        let id = matcher.allocateID()
        outgoing.frame.setInteger(id, at: outgoing.frame.readerIndex + 8)
        if let responsePromise = outgoing.responsePromise {
            let seconds = Double(outgoing.timeout.nanoseconds) / 1e9
            let api = outgoing.api
            let timer = context.eventLoop.assumeIsolated().scheduleTask(in: outgoing.timeout) {
                self.requestTimedOut(id: id, api: api, seconds: seconds)
            }
            matcher.enqueue(id: id, waiter: Waiter(promise: responsePromise, timer: timer))
        }
        context.write(wrapOutboundOut(outgoing.frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let correlationID = frame.getInteger(at: frame.readerIndex, as: Int32.self) else {
            fail(KafkaClientError.malformedResponse(api: "response", detail: "frame shorter than a correlation ID"), context: context)
            return
        }
        do {
            let waiter = try matcher.received(correlationID: correlationID)
            waiter.timer?.cancel()
            waiter.promise.succeed(frame)
        } catch {
            switch error {
            case let .outOfOrder(expected, received):
                fail(KafkaClientError.correlationMismatch(expected: expected, received: received), context: context)
            case let .unexpected(received):
                fail(KafkaClientError.correlationMismatch(expected: -1, received: received), context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(KafkaClientError.connectionClosed(address: address))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error is KafkaClientError ? error : KafkaClientError.malformedResponse(api: "response", detail: "\(error)"), context: context)
    }

    private func requestTimedOut(id: Int32, api: String, seconds: Double) {
        guard matcher.isOutstanding(id), let context else { return }
        fail(KafkaClientError.requestTimedOut(api: api, address: address, afterSeconds: seconds), context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        if closedError == nil { closedError = error }
        for waiter in matcher.removeAll() {
            waiter.timer?.cancel()
            waiter.promise.fail(error)
        }
    }
}
