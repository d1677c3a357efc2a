import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// SyncGroup v0–5: the leader hands in assignments; followers wait for theirs.
enum SyncGroupHandler {
    static func handle(broker: Broker, request: SyncGroupRequest, context: RequestContext) -> EventLoopFuture<SyncGroupResponse?> {
        var assignments: [String: [UInt8]] = [:]
        for assignment in request.assignments { assignments[assignment.memberID] = Array(assignment.assignment.readableBytesView) }
        let input = SyncGroupInput(
            groupID: request.groupID, generationID: request.generationID, memberID: request.memberID,
            groupInstanceID: request.groupInstanceID, protocolType: request.protocolType, protocolName: request.protocolName,
            assignments: assignments)
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.syncGroupReceived(input, request: id, now: now)
        }.map { response in
            guard case .syncGroup(let result) = response else { return SyncGroupResponse(errorCode: .unknownServerError) }
            return SyncGroupResponse(
                errorCode: result.error, protocolType: result.protocolType, protocolName: result.protocolName,
                assignment: ByteBuffer(bytes: result.assignment))
        }
    }
}
