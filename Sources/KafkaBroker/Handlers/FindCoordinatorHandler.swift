import KafkaModel
import KafkaProtocol
import NIOCore

/// A single node coordinates every group (key type 0) and transactional ID (key type 1), so the answer
/// is this broker's advertised address. As Kafka 3.9 (KafkaApis.getCoordinator):
/// - share groups (key type 2) are INVALID_REQUEST before v6 and COORDINATOR_NOT_AVAILABLE in v6
///   (no share coordinator); any other key type makes the whole request INVALID_REQUEST;
/// - v0–3 (one key) answer an error with node −1, host "", port −1 and Kafka's message for the error,
///   and success with the message "NONE" (v1–3; v0 has no message field); v4+ answer per key, with no
///   message unless the whole request failed.
enum FindCoordinatorHandler {
    static let shareKeyType: Int8 = 2

    /// Kafka's default messages (Errors.java) for the errors this handler answers.
    static func message(_ error: KafkaErrorCode) -> String {
        switch error {
        case .none: "NONE"
        case .coordinatorNotAvailable: "The coordinator is not available."
        case .invalidGroupID: "The configured groupId is invalid."
        default:
            "This most likely occurs because of a request being malformed by the client library or the message was sent "
                + "to an incompatible broker. See the broker logs for more details."
        }
    }

    /// The error for one key, or none: the coordinator is this node.
    static func error(keyType: Int8, key: String, version: Int16) -> KafkaErrorCode {
        switch keyType {
        case FindCoordinatorRequest.groupKeyType:
            // Kept from Fjord's first version: an empty group ID is not a group (Kafka 3.9 answers a coordinator).
            key.isEmpty ? .invalidGroupID : .none
        case FindCoordinatorRequest.transactionKeyType: .none
        case shareKeyType: version < 6 ? .invalidRequest : .coordinatorNotAvailable
        default: .invalidRequest
        }
    }

    static func handle(broker: Broker, request: FindCoordinatorRequest, context: RequestContext) -> EventLoopFuture<FindCoordinatorResponse?> {
        let version = context.header.apiVersion
        let node = (id: broker.nodeID, host: broker.advertisedHost, port: broker.advertisedPort)
        let keyTypeKnown = (0...2).contains(request.keyType)
        let response: FindCoordinatorResponse
        if version >= 4 {
            response = FindCoordinatorResponse(
                coordinators: request.coordinatorKeys.map { key in
                    if !keyTypeKnown {
                        return .init(key: key, nodeID: -1, host: "", port: -1, errorCode: .invalidRequest, errorMessage: message(.invalidRequest))
                    }
                    let error = error(keyType: request.keyType, key: key, version: version)
                    return error == .none
                        ? .init(key: key, nodeID: node.id, host: node.host, port: node.port)
                        : .init(key: key, nodeID: -1, host: "", port: -1, errorCode: error)
                })
        } else {
            let error = error(keyType: request.keyType, key: request.key, version: version)
            response = error == .none
                ? FindCoordinatorResponse(errorMessage: message(.none), nodeID: node.id, host: node.host, port: node.port)
                : FindCoordinatorResponse(errorCode: error, errorMessage: message(error), nodeID: -1, host: "", port: -1)
        }
        return context.eventLoop.makeSucceededFuture(response)
    }
}
