import KafkaModel

#if canImport(Glibc)
import Glibc
#endif

/// Everything storage can fail with. Each case maps to the Kafka error code a client understands,
/// so handlers can answer per partition without knowing storage internals.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    case offsetOutOfRange(requested: Int64, logStart: Int64, logEnd: Int64)
    case messageTooLarge(size: Int, max: Int)
    case corruptMessage(String)
    case outOfOrderSequence(producerID: Int64, expected: Int32, received: Int32)
    case invalidProducerEpoch(producerID: Int64, current: Int16, received: Int16)
    case unknownTopicOrPartition(String)
    case topicAlreadyExists(String)
    case invalidPartitions(String)
    case invalidTopic(String)
    case invalidConfig(String)
    case unsupportedFormat(String)
    /// The log hit an I/O error it could not roll back from; it refuses writes until reopened.
    case logOffline(String)
    case io(errno: Int32, context: String)

    public var errorCode: KafkaErrorCode {
        switch self {
        case .offsetOutOfRange: .offsetOutOfRange
        case .messageTooLarge: .messageTooLarge
        case .corruptMessage: .corruptMessage
        case .outOfOrderSequence: .outOfOrderSequenceNumber
        case .invalidProducerEpoch: .invalidProducerEpoch
        case .unknownTopicOrPartition: .unknownTopicOrPartition
        case .topicAlreadyExists: .topicAlreadyExists
        case .invalidPartitions: .invalidPartitions
        case .invalidTopic: .invalidTopicException
        case .invalidConfig: .invalidConfig
        case .unsupportedFormat, .logOffline, .io: .kafkaStorageError
        }
    }

    public var description: String {
        switch self {
        case let .offsetOutOfRange(requested, start, end):
            "offset \(requested) out of range [\(start), \(end)]"
        case let .messageTooLarge(size, max): "batch of \(size) bytes exceeds max.message.bytes \(max)"
        case let .corruptMessage(message): "corrupt message: \(message)"
        case let .outOfOrderSequence(pid, expected, received):
            "producer \(pid): expected sequence \(expected), received \(received)"
        case let .invalidProducerEpoch(pid, current, received):
            "producer \(pid): epoch \(received) is older than current \(current)"
        case let .unknownTopicOrPartition(message): "unknown topic or partition: \(message)"
        case let .topicAlreadyExists(name): "topic '\(name)' already exists"
        case let .invalidPartitions(message): message
        case let .invalidTopic(message): message
        case let .invalidConfig(message): message
        case let .unsupportedFormat(message): "unsupported storage format: \(message)"
        case let .logOffline(message): "log offline: \(message)"
        case let .io(code, context): "\(context): \(String(cString: strerror(code))) (errno \(code))"
        }
    }

    static func lastErrno(_ context: @autoclosure () -> String) -> StorageError {
        .io(errno: errno, context: context())
    }
}
