import KafkaModel
import KafkaProtocol

/// One group as describe sees it: state and members from DescribeGroups, committed offsets from
/// OffsetFetch and log ends from ListOffsets (the high watermark, as kafka-consumer-groups uses).
public struct GroupSnapshot: Sendable {
    public var group: String
    public var state: String
    public var protocolName: String
    public var members: [GroupMemberSummary]
    public var rows: [ConsumerGroupOffsetRow]
    /// Filled only for the `--state` view.
    public var coordinator = ""
}

/// `fjord groups …`. The coordinator of every group is the broker we talk to (Fjord is one node).
public struct GroupsAdmin: Sendable {
    public let client: any AdminRequester
    public init(client: any AdminRequester) { self.client = client }

    /// Consumer groups (protocol type `consumer` or empty, as Java's admin keeps) with their states.
    public func list() async throws -> [(group: String, state: String)] {
        let response = try await client.send(ListGroupsRequest())
        try check(response.errorCode, nil, context: "listing groups")
        return response.groups.filter { $0.protocolType.isEmpty || $0.protocolType == "consumer" }
            .map { (group: $0.groupID, state: $0.groupState) }.sorted { $0.group < $1.group }
    }

    /// `host:port  (id)` of the group's coordinator, as the `--state` view prints it. Both request
    /// shapes are filled (v4+ batches keys), so any negotiated version works.
    public func coordinatorLabel(of group: String) async throws -> String {
        let response = try await client.send(FindCoordinatorRequest(key: group, coordinatorKeys: [group]))
        if let c = response.coordinators.first {
            try check(c.errorCode, c.errorMessage, context: "finding the coordinator of '\(group)'")
            return "\(c.host):\(c.port)  (\(c.nodeID))"
        }
        try check(response.errorCode, response.errorMessage, context: "finding the coordinator of '\(group)'")
        return "\(response.host):\(response.port)  (\(response.nodeID))"
    }

    public func snapshot(_ groups: [String]) async throws -> [GroupSnapshot] {
        guard !groups.isEmpty else { return [] }
        var describedGroups: [DescribeGroupsResponse.Group] = []
        for group in groups {
            describedGroups += try await client.send(DescribeGroupsRequest(groups: [group]), route: .coordinator(group: group)).groups
        }
        var snapshots: [GroupSnapshot] = []
        var committedByGroup: [String: [TopicPartition: Int64]] = [:]
        var assignments: [String: [ConsumerGroupMemberAssignment]] = [:]
        for group in describedGroups {
            if group.errorCode == .groupIDNotFound { snapshots.append(.init(group: group.groupID, state: "Dead", protocolName: "", members: [], rows: [])); continue }
            try check(group.errorCode, nil, context: "describing group '\(group.groupID)'")
            var members: [GroupMemberSummary] = []
            var assigned: [ConsumerGroupMemberAssignment] = []
            for member in group.members {
                // Assignments are only filled in Stable; elsewhere they are empty bytes.
                let partitions = (try? ConsumerProtocolAssignment(decoding: member.memberAssignment))?.assignedPartitions
                    .flatMap { tps in tps.partitions.map { TopicPartition(topic: tps.topic, partition: $0) } } ?? []
                members.append(.init(consumerID: member.memberID, groupInstanceID: member.groupInstanceID, host: member.clientHost,
                                     clientID: member.clientID, partitionCount: partitions.count))
                assigned.append(.init(consumerID: member.memberID, host: member.clientHost, clientID: member.clientID, partitions: partitions))
            }
            assignments[group.groupID] = assigned
            committedByGroup[group.groupID] = group.groupState == "Dead" ? [:] : try await committed(group.groupID)
            snapshots.append(.init(group: group.groupID, state: group.groupState, protocolName: group.protocolData, members: members, rows: []))
        }
        var partitions = Set<TopicPartition>()
        for group in snapshots {
            partitions.formUnion(committedByGroup[group.group, default: [:]].keys)
            for member in assignments[group.group, default: []] { partitions.formUnion(member.partitions) }
        }
        let ends = try await Offsets.list(client, partitions.sorted(), timestamp: Offsets.latest)
        return snapshots.map { snapshot in
            var snapshot = snapshot
            snapshot.rows = ConsumerGroupOffsetRow.rows(
                group: snapshot.group, members: assignments[snapshot.group, default: []],
                committed: committedByGroup[snapshot.group, default: [:]], logEndOffsets: ends)
            return snapshot
        }
    }

    /// Every committed offset of the group (OffsetFetch with a null topic list). Both request shapes
    /// are filled so whichever version is negotiated encodes the right one.
    func committed(_ group: String) async throws -> [TopicPartition: Int64] {
        let response = try await client.send(
            OffsetFetchRequest(groupID: group, topics: nil, groups: [.init(groupID: group, topics: nil)]), route: .coordinator(group: group))
        let topics = response.groups.first { $0.groupID == group }?.topics ?? response.topics
        if let error = response.groups.first(where: { $0.groupID == group })?.errorCode, error != .none {
            try check(error, nil, context: "fetching offsets of group '\(group)'")
        }
        try check(response.errorCode, nil, context: "fetching offsets of group '\(group)'")
        var result: [TopicPartition: Int64] = [:]
        for topic in topics {
            for p in topic.partitions where p.errorCode == .none && p.committedOffset >= 0 {
                result[TopicPartition(topic: topic.name, partition: p.partitionIndex)] = p.committedOffset
            }
        }
        return result
    }

    /// Plans a reset for every partition of `topic` and, with `execute`, commits it. Refused, as Kafka
    /// refuses it, while the group has active members, since they would overwrite the new offsets.
    public func resetOffsets(group: String, topic: String, target: OffsetResetTarget, execute: Bool) async throws -> [(TopicPartition, Int64)] {
        let described = try await client.send(DescribeGroupsRequest(groups: [group]), route: .coordinator(group: group))
        let state = described.groups.first?.groupState ?? "Dead"
        guard state == "Empty" || state == "Dead" else {
            throw AdminError("Error: Assignments can only be reset if the group '\(group)' is inactive, but the current state is \(state).")
        }
        let count = try await TopicsAdmin(client: client).partitionCount(of: topic)
        let partitions = (0..<count).map { TopicPartition(topic: topic, partition: $0) }
        let starts = try await Offsets.list(client, partitions, timestamp: Offsets.earliest)
        let ends = try await Offsets.list(client, partitions, timestamp: Offsets.latest)
        var atTime: [TopicPartition: Int64] = [:]
        if case let .timestamp(ms) = target { atTime = try await Offsets.list(client, partitions, timestamp: ms) }
        let commits = try await committed(group)
        var offsets: [TopicPartition: PartitionOffsets] = [:]
        for tp in partitions {
            guard let start = starts[tp], let end = ends[tp] else { throw AdminError("Error: could not read the offsets of partition \(tp)") }
            offsets[tp] = .init(earliest: start, latest: end, committed: commits[tp], atTimestamp: atTime[tp])
        }
        let plan: [(TopicPartition, Int64)]
        do { plan = try OffsetReset.plan(target, partitions: offsets) } catch { throw AdminError("Error: \(error.description)") }
        guard execute else { return plan }
        let request = OffsetCommitRequest(groupID: group, topics: [
            .init(name: topic, partitions: plan.map { .init(partitionIndex: $0.0.partition, committedOffset: $0.1) }),
        ])
        let response = try await client.send(request, route: .coordinator(group: group))
        for t in response.topics { for p in t.partitions { try check(p.errorCode, nil, context: "committing offset of \(t.name)-\(p.partitionIndex)") } }
        return plan
    }

    public func delete(group: String) async throws -> String {
        let response = try await client.send(DeleteGroupsRequest(groupsNames: [group]), route: .coordinator(group: group))
        for result in response.results {
            switch result.errorCode {
            case .none: break
            case .groupIDNotFound: throw AdminError("Error: Consumer group '\(group)' does not exist.")
            case .nonEmptyGroup: throw AdminError("Error: Deletion of consumer group '\(group)' failed: the group is not empty.")
            default: try check(result.errorCode, nil, context: "deleting group '\(group)'")
            }
        }
        return "Deletion of requested consumer groups ('\(group)') was successful."
    }

    /// Deletes the group's committed offsets for every partition of `topic`.
    public func deleteOffsets(group: String, topic: String) async throws -> [(TopicPartition, String)] {
        let count = try await TopicsAdmin(client: client).partitionCount(of: topic)
        let response = try await client.send(
            OffsetDeleteRequest(groupID: group, topics: [.init(name: topic, partitions: (0..<count).map { .init(partitionIndex: $0) })]), route: .coordinator(group: group))
        switch response.errorCode {
        case .none: break
        case .groupIDNotFound: throw AdminError("Error: Consumer group '\(group)' does not exist.")
        case .groupSubscribedToTopic: throw AdminError("Error: Consumer group '\(group)' is subscribed to topic '\(topic)'; stop its consumers first.")
        default: try check(response.errorCode, nil, context: "deleting offsets of group '\(group)'")
        }
        var results: [(TopicPartition, String)] = []
        for t in response.topics {
            for p in t.partitions.sorted(by: { $0.partitionIndex < $1.partitionIndex }) {
                results.append((TopicPartition(topic: t.name, partition: p.partitionIndex), p.errorCode == .none ? "Successful" : "Error: code \(p.errorCode.rawValue)"))
            }
        }
        return results
    }
}
