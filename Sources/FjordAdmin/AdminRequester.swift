import KafkaProtocol

/// The one thing the admin commands need from a client: send a request at a version both sides
/// support and get its response. Kept as a protocol so the commands run unchanged over `KafkaClient`
/// and over a scripted fake in unit tests.
public protocol AdminRequester: Sendable {
    func send<R: KafkaRequestMessage>(_ request: R) async throws -> R.Response
}

/// A failure the CLI reports as one line on standard error before exiting non-zero.
public struct AdminError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
