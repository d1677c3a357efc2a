import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// JoinGroup v0–9: a long poll; the answer comes when the group's join phase ends.
enum JoinGroupHandler {
    static func handle(broker: Broker, request: JoinGroupRequest, context: RequestContext) -> EventLoopFuture<JoinGroupResponse?> {
        let version = context.header.apiVersion
        let input = JoinGroupInput(
            groupID: request.groupID, memberID: request.memberID, groupInstanceID: request.groupInstanceID,
            clientID: context.header.clientID ?? "", clientHost: context.clientAddress,
            sessionTimeoutMs: request.sessionTimeoutMs,
            // v0 has no rebalance timeout: the session timeout stands in, as in Kafka.
            rebalanceTimeoutMs: version >= 1 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
            protocolType: request.protocolType,
            protocols: request.protocols.map { GroupProtocol(name: $0.name, metadata: Array($0.metadata.readableBytesView)) },
            requireKnownMemberID: version >= 4, supportsSkipAssignment: version >= 9,
            memberIDSuffix: Broker.randomUUIDString())
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.joinGroupReceived(input, request: id, now: now)
        }.map { response in
            guard case .joinGroup(let result) = response else { return JoinGroupResponse(errorCode: .unknownServerError) }
            return JoinGroupResponse(
                errorCode: result.error, generationID: result.generationID, protocolType: result.protocolType,
                protocolName: result.protocolName, leader: result.leaderID, skipAssignment: result.skipAssignment,
                memberID: result.memberID,
                members: result.members.map {
                    .init(memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: ByteBuffer(bytes: $0.metadata))
                })
        }
    }
}
