import KafkaModel
import KafkaProtocol

/// Which broker a request must reach. On one Fjord node every route is the same broker; against a
/// Kafka cluster group requests must go to the group's coordinator.
public enum AdminRoute: Sendable, Equatable {
    case any
    case coordinator(group: String)
}

/// What the admin commands need from a client: send a request at a version both sides support to
/// the right broker, and read offsets from each partition's leader. Kept as a protocol so the commands
/// run unchanged over `KafkaClient` and over a scripted fake in unit tests.
public protocol AdminRequester: Sendable {
    func send<R: KafkaRequestMessage>(_ request: R, route: AdminRoute) async throws -> R.Response
    /// ListOffsets at `timestamp` (-2 earliest, -1 latest); partitions without an answer are left out.
    func listOffsets(_ partitions: [TopicPartition], timestamp: Int64) async throws -> [TopicPartition: Int64]
}

extension AdminRequester {
    public func send<R: KafkaRequestMessage>(_ request: R) async throws -> R.Response {
        try await send(request, route: .any)
    }
}

/// A failure the CLI reports as one line on standard error before exiting non-zero.
public struct AdminError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
