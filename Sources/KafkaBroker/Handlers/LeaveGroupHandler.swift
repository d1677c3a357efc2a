import KafkaCoordinator
import KafkaProtocol
import NIOCore

/// LeaveGroup v0–5: one member (v0–2) or a batch of members, static ones by instance ID (v3+).
enum LeaveGroupHandler {
    static func handle(broker: Broker, request: LeaveGroupRequest, context: RequestContext) -> EventLoopFuture<LeaveGroupResponse?> {
        let input = LeaveGroupInput(
            groupID: request.groupID,
            members: request.leavingMembers(version: context.header.apiVersion).map {
                LeaveGroupMember(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID)
            })
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.leaveGroupReceived(input, request: id, now: now)
        }.map { response in
            guard case .leaveGroup(let result) = response else { return LeaveGroupResponse(errorCode: .unknownServerError) }
            if context.header.apiVersion < 3 {
                // One member: its own outcome is the answer.
                return LeaveGroupResponse(errorCode: result.error != .none ? result.error : result.members.first?.error ?? .none)
            }
            return LeaveGroupResponse(
                errorCode: result.error,
                members: result.members.map { .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, errorCode: $0.error) })
        }
    }
}
