import NIOCore

/// Pauses a listener for a second when `accept` fails (EMFILE, ENFILE, ENOBUFS, ENOMEM), and logs
/// why, at most once per 10 s.
///
/// Why not NIO's `AcceptBackoffHandler` alone: it delays the listener's next `read()`, but when
/// the first `accept` of a wake-up fails, NIO's server channel keeps its read pending and its
/// socket registered for readability, asks no handler, and calls `accept` again on the next
/// loop iteration. With the socket readable (connections queued) and no descriptor free, that
/// is one core spinning on `accept` and no connection served: how a broker out of descriptors
/// used to look dead. Turning `autoRead` off is the one switch that removes the readability
/// interest; it is turned back on a second later, and if descriptors are still short, the next
/// failure pauses again.
enum AcceptFailures {
    static let pause = TimeAmount.seconds(1)

    static func install(on channel: any Channel, failures: FailureLog, listener: String) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(AcceptPause(failures: failures, listener: listener))
        }
    }
}

private final class AcceptPause: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let failures: FailureLog
    private let listener: String
    private var resume: Scheduled<Void>?

    init(failures: FailureLog, listener: String) {
        self.failures = failures
        self.listener = listener
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is IOError else { return context.fireErrorCaught(error) }
        failures.error(
            "accepting connections failed; pausing accepts for \(AcceptFailures.pause)", kind: "accept \(listener)",
            metadata: ["listener": "\(listener)", "error": "\(error)"])
        guard resume == nil else { return }
        let channel = context.channel
        channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        resume = context.eventLoop.assumeIsolated().scheduleTask(in: AcceptFailures.pause) {
            self.resume = nil
            channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        resume?.cancel()
        resume = nil
        context.fireChannelInactive()
    }
}
