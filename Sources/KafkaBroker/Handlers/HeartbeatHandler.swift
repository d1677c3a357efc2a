import KafkaCoordinator
import KafkaProtocol
import NIOCore

enum HeartbeatHandler {
    static func handle(broker: Broker, request: HeartbeatRequest, context: RequestContext) -> EventLoopFuture<HeartbeatResponse?> {
        let input = HeartbeatInput(
            groupID: request.groupID, generationID: request.generationID, memberID: request.memberID,
            groupInstanceID: request.groupInstanceID)
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.heartbeatReceived(input, request: id, now: now)
        }.map { response in
            guard case .heartbeat(let result) = response else { return HeartbeatResponse(errorCode: .unknownServerError) }
            return HeartbeatResponse(errorCode: result.error)
        }
    }
}
