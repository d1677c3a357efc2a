import KafkaModel
import KafkaProtocol
import NIOCore

/// A single node coordinates every group (key type 0) and transactional ID (key type 1), so the answer
/// is always this broker's advertised address.
enum FindCoordinatorHandler {
    static func handle(broker: Broker, request: FindCoordinatorRequest, context: RequestContext) -> EventLoopFuture<FindCoordinatorResponse?> {
        let node = broker.nodeID
        let host = broker.advertisedHost
        let port = broker.advertisedPort
        let response: FindCoordinatorResponse
        if context.header.apiVersion >= 4 {
            response = FindCoordinatorResponse(
                coordinators: request.coordinatorKeys.map { key in
                    key.isEmpty && request.keyType == 0
                        ? .init(key: key, nodeID: -1, host: "", port: -1, errorCode: .invalidGroupID)
                        : .init(key: key, nodeID: node, host: host, port: port)
                })
        } else if request.key.isEmpty && request.keyType == 0 {
            response = FindCoordinatorResponse(errorCode: .invalidGroupID)
        } else {
            response = FindCoordinatorResponse(nodeID: node, host: host, port: port)
        }
        return context.eventLoop.makeSucceededFuture(response)
    }
}
