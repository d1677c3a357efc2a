import NIOCore

/// Installs NIO's `AcceptBackoffHandler` on a listener, plus a handler that logs why accepting
/// failed. Without the backoff, `accept` failing with EMFILE leaves the listening socket readable,
/// so its event loop retries at once, forever: one core spins and no connection is served, which
/// is how a broker out of descriptors used to look dead. With it, accepting pauses for a second
/// and resumes by itself once descriptors are free again.
enum AcceptFailures {
    static func install(on channel: any Channel, failures: FailureLog, listener: String) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler(shouldForwardIOErrorCaught: true))
            try channel.pipeline.syncOperations.addHandler(AcceptErrorLogger(failures: failures, listener: listener))
        }
    }
}

private final class AcceptErrorLogger: ChannelInboundHandler, Sendable {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let failures: FailureLog
    private let listener: String

    init(failures: FailureLog, listener: String) {
        self.failures = failures
        self.listener = listener
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failures.error(
            "accepting connections failed; retrying in 1 s", kind: "accept \(listener)",
            metadata: ["listener": "\(listener)", "error": "\(error)"])
    }
}
