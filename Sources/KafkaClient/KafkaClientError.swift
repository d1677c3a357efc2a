import KafkaModel
import KafkaProtocol

/// Everything the client reports, each with a one-line `description` a CLI can print as is.
///
/// The CLI's contract (issue 4, "Bad input") is one line and a non-zero exit, so the wording lives
/// here, next to the cause, rather than in each command.
public enum KafkaClientError: Error, Sendable, CustomStringConvertible, Equatable {
    /// No connection could be made to `address` within the timeout.
    case unreachable(address: String, reason: String, afterSeconds: Double)
    /// A request got no response in time; the connection was closed because its order is lost.
    case requestTimedOut(api: String, address: String, afterSeconds: Double)
    /// The connection closed with requests outstanding.
    case connectionClosed(address: String)
    /// The broker sent bytes the client could not decode.
    case malformedResponse(api: String, detail: String)
    /// Responses came back out of order.
    case correlationMismatch(expected: Int32, received: Int32)
    /// The broker does not implement an API (or no version both sides share).
    case unsupportedAPI(String)
    case unknownTopic(String)
    case unknownPartition(topic: String, partition: Int32)
    /// A Kafka error code for one resource (a topic, partition or group), e.g. `orders-7`.
    case kafka(KafkaErrorCode, resource: String, message: String?)
    case invalidArgument(String)
    /// A partition has no leader in the cached metadata.
    case noLeader(topic: String, partition: Int32)
    case clientClosed

    public var description: String {
        switch self {
        case let .unreachable(address, reason, seconds):
            "cannot reach broker \(address): \(reason) (after \(Self.format(seconds)) s)"
        case let .requestTimedOut(api, address, seconds):
            "\(api) request to \(address) timed out after \(Self.format(seconds)) s"
        case let .connectionClosed(address):
            "connection to \(address) closed"
        case let .malformedResponse(api, detail):
            "malformed \(api) response: \(detail)"
        case let .correlationMismatch(expected, received):
            "response out of order: expected correlation ID \(expected), got \(received)"
        case let .unsupportedAPI(api):
            "the broker does not support \(api)"
        case let .unknownTopic(name):
            "unknown topic '\(name)'"
        case let .unknownPartition(topic, partition):
            "unknown partition \(topic)-\(partition)"
        case let .kafka(code, resource, message):
            "Kafka error \(code.name) (\(code.rawValue)) for \(resource)" + (message.map { $0.isEmpty ? "" : ": \($0)" } ?? "")
        case let .invalidArgument(text):
            text
        case let .noLeader(topic, partition):
            "no leader for \(topic)-\(partition)"
        case .clientClosed:
            "the client is closed"
        }
    }

    /// Whole seconds print without a fraction ("5 s"), others with one decimal ("0.5 s").
    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String((seconds * 10).rounded() / 10)
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }

}
