import KafkaCoordinator
import KafkaModel
import KafkaProtocol
import NIOCore

/// DescribeGroups v0–5: members' metadata and assignments are shown only in Stable, as Kafka does; an
/// unknown group is reported Dead without an error.
enum DescribeGroupsHandler {
    static func handle(broker: Broker, request: DescribeGroupsRequest, context: RequestContext) -> EventLoopFuture<DescribeGroupsResponse?> {
        broker.groups.query(on: context.eventLoop) { coordinator in
            DescribeGroupsResponse(
                groups: request.groups.map { groupID in
                    let group = coordinator.describeGroup(groupID)
                    return .init(
                        errorCode: group.error, groupID: groupID, groupState: group.state, protocolType: group.protocolType,
                        protocolData: group.protocolName,
                        members: group.members.map {
                            .init(
                                memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, clientID: $0.clientID, clientHost: $0.clientHost,
                                memberMetadata: ByteBuffer(bytes: $0.metadata), memberAssignment: ByteBuffer(bytes: $0.assignment))
                        })
                })
        }
    }
}

/// ListGroups v0–5, with the states filter of v4+. Every group is classic.
enum ListGroupsHandler {
    static func handle(broker: Broker, request: ListGroupsRequest, context: RequestContext) -> EventLoopFuture<ListGroupsResponse?> {
        broker.groups.query(on: context.eventLoop) { coordinator in
            let listed = coordinator.listGroups(statesFilter: request.statesFilter)
            let types = Set(request.typesFilter.map { $0.lowercased() })
            guard types.isEmpty || types.contains("classic") else { return ListGroupsResponse(errorCode: listed.error) }
            return ListGroupsResponse(
                errorCode: listed.error,
                groups: listed.groups.map { .init(groupID: $0.groupID, protocolType: $0.protocolType, groupState: $0.state, groupType: "classic") })
        }
    }
}

/// DeleteGroups v0–2: only empty groups; their offsets go too (tombstones in __consumer_offsets).
enum DeleteGroupsHandler {
    static func handle(broker: Broker, request: DeleteGroupsRequest, context: RequestContext) -> EventLoopFuture<DeleteGroupsResponse?> {
        let groups = request.groupsNames
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.deleteGroupsReceived(groups, request: id, now: now)
        }.map { response in
            guard case .deleteGroups(let result) = response else {
                return DeleteGroupsResponse(results: groups.map { .init(groupID: $0, errorCode: .unknownServerError) })
            }
            return DeleteGroupsResponse(results: result.results.map { .init(groupID: $0.groupID, errorCode: $0.error) })
        }
    }
}

/// OffsetDelete v0: refuses topics the group still subscribes to (GROUP_SUBSCRIBED_TO_TOPIC).
enum OffsetDeleteHandler {
    static func handle(broker: Broker, request: OffsetDeleteRequest, context: RequestContext) -> EventLoopFuture<OffsetDeleteResponse?> {
        let input = OffsetDeleteInput(
            groupID: request.groupID,
            partitions: request.topics.flatMap { topic in topic.partitions.map { TopicPartition(topic: topic.name, partition: $0.partitionIndex) } })
        return broker.groups.submit(on: context.eventLoop) { coordinator, id, now in
            coordinator.offsetDeleteReceived(input, request: id, now: now)
        }.map { response in
            guard case .offsetDelete(let result) = response else { return OffsetDeleteResponse(errorCode: .unknownServerError) }
            var errors: [TopicPartition: KafkaErrorCode] = [:]
            for partition in result.partitions { errors[partition.partition] = partition.error }
            return OffsetDeleteResponse(
                errorCode: result.error,
                topics: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map {
                            .init(
                                partitionIndex: $0.partitionIndex,
                                errorCode: errors[TopicPartition(topic: topic.name, partition: $0.partitionIndex)] ?? .none)
                        })
                })
        }
    }
}
