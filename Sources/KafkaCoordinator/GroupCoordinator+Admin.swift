// The admin side: DescribeGroups, ListGroups, DeleteGroups and OffsetDelete.

import KafkaModel

extension GroupCoordinator {
    /// DescribeGroups for one group. Unknown groups read as state "Dead" without error (v0–5; the
    /// driver maps that to GROUP_ID_NOT_FOUND for v6). Protocol, metadata and assignments only in Stable.
    public func describeGroup(_ groupID: String) -> GroupDescription {
        if groupID.isEmpty {
            return GroupDescription(error: .invalidGroupID, groupID: groupID, state: "", protocolType: "", protocolName: "", members: [])
        }
        if isLoading(groupID) {
            return GroupDescription(
                error: .coordinatorLoadInProgress, groupID: groupID, state: "", protocolType: "", protocolName: "", members: [])
        }
        guard let group = groups[groupID] else {
            return GroupDescription(error: .none, groupID: groupID, state: "Dead", protocolType: "", protocolName: "", members: [])
        }
        let stable = group.state == .stable
        return GroupDescription(
            error: .none, groupID: groupID, state: group.state.name, protocolType: group.protocolType ?? "",
            protocolName: stable ? group.protocolName ?? "" : "",
            members: group.orderedMembers.map { member in
                DescribedMember(
                    memberID: member.memberID, groupInstanceID: member.groupInstanceID, clientID: member.clientID,
                    clientHost: member.clientHost, metadata: stable ? member.metadata(for: group.protocolName) : [],
                    assignment: stable ? member.assignment : [])
            })
    }

    /// ListGroups, optionally filtered by state names (case-insensitive, as Kafka compares them).
    /// Dead groups are left out; while any partition loads, the error is COORDINATOR_LOAD_IN_PROGRESS
    /// and only loaded groups are listed.
    public func listGroups(statesFilter: [String] = []) -> ListGroupsResult {
        let wanted = Set(statesFilter.map { $0.lowercased() })
        var listed: [ListedGroup] = []
        for groupID in groups.keys.sorted() {
            let group = groups[groupID]!
            guard !loadingPartitions.contains(group.partition) else { continue }
            switch group.state {
            case .dead:
                continue
            case .empty, .preparingRebalance, .completingRebalance, .stable:
                break
            }
            if !wanted.isEmpty && !wanted.contains(group.state.name.lowercased()) { continue }
            listed.append(ListedGroup(groupID: groupID, protocolType: group.protocolType ?? "", state: group.state.name))
        }
        return ListGroupsResult(error: loadingPartitions.isEmpty ? .none : .coordinatorLoadInProgress, groups: listed)
    }

    /// DeleteGroups: only Empty groups can go (NON_EMPTY_GROUP otherwise; GROUP_ID_NOT_FOUND for unknown
    /// or Dead ones). A deleted group is Dead until its tombstones are durable; the response waits
    /// for all of them.
    public mutating func deleteGroupsReceived(_ groupIDs: [String], request: RequestID, now: Int64) -> [CoordinatorAction] {
        var effects = GroupEffects(config: config, now: now)
        var results: [GroupError] = []
        var outstanding = 0
        for groupID in groupIDs {
            let error: KafkaErrorCode
            if groupID.isEmpty {
                error = .invalidGroupID
            } else if isLoading(groupID) {
                error = .coordinatorLoadInProgress
            } else if let group = groups[groupID] {
                switch group.state {
                case .dead:
                    error = .groupIDNotFound
                case .preparingRebalance, .completingRebalance, .stable:
                    error = .nonEmptyGroup
                case .empty:
                    error = .none
                    var records = group.offsets.keys.sorted().map {
                        OffsetsTopicRecord(key: OffsetsTopicSchema.offsetCommitKey(group: groupID, partition: $0), value: nil)
                    }
                    records.append(OffsetsTopicRecord(key: OffsetsTopicSchema.groupMetadataKey(group: groupID), value: nil))
                    // Pending MEMBER_ID_REQUIRED members lose their timers with the group.
                    groups[groupID]!.abandon(answering: .coordinatorNotAvailable, effects: &effects)
                    groups[groupID]!.transition(to: .dead, now: now)
                    effects.appends.append((group.partition, records, .groupDeletion(request: request, group: groupID, records: records)))
                    outstanding += 1
                }
            } else {
                error = .groupIDNotFound
            }
            results.append(GroupError(groupID: groupID, error: error))
        }
        if outstanding == 0 {
            effects.respond(request, .deleteGroups(DeleteGroupsResult(results: results)))
        } else {
            deleteBatches[request] = DeleteBatch(results: results, outstanding: outstanding)
        }
        return finish(effects, group: nil)
    }

    mutating func deletionAppended(
        request: RequestID, group groupID: String, records: [OffsetsTopicRecord], success: Bool, effects: inout GroupEffects
    ) {
        if success {
            applyOwnRecords(records)
            if groups[groupID]?.state == .dead { groups[groupID] = nil }
        } else if groups[groupID]?.state == .dead {
            groups[groupID]!.transition(to: .empty, now: effects.now)
        }
        guard var batch = deleteBatches[request] else { return }
        if !success, let index = batch.results.firstIndex(where: { $0.groupID == groupID && $0.error == .none }) {
            batch.results[index].error = .coordinatorNotAvailable
        }
        batch.outstanding -= 1
        if batch.outstanding <= 0 {
            deleteBatches[request] = nil
            effects.respond(request, .deleteGroups(DeleteGroupsResult(results: batch.results)))
        } else {
            deleteBatches[request] = batch
        }
    }

    /// OffsetDelete: removes committed offsets of partitions whose topic no member subscribes to
    /// (GROUP_SUBSCRIBED_TO_TOPIC otherwise). Answered when the tombstones are durable.
    public mutating func offsetDeleteReceived(_ input: OffsetDeleteInput, request: RequestID, now: Int64) -> [CoordinatorAction] {
        let reject = { (error: KafkaErrorCode) -> [CoordinatorAction] in
            [.respond(request, .offsetDelete(OffsetDeleteResult(error: error, partitions: [])))]
        }
        if input.groupID.isEmpty { return reject(.invalidGroupID) }
        if isLoading(input.groupID) { return reject(.coordinatorLoadInProgress) }
        guard let group = groups[input.groupID] else { return reject(.groupIDNotFound) }
        let subscribed: Set<String>?
        switch group.state {
        case .dead:
            return reject(.groupIDNotFound)
        case .empty:
            subscribed = []
        case .preparingRebalance, .completingRebalance, .stable:
            guard group.protocolType == "consumer" else { return reject(.nonEmptyGroup) }
            // Unreadable subscriptions: assume every topic is in use rather than delete live offsets.
            subscribed = group.subscribedTopics()
        }
        var results: [PartitionError] = []
        var records: [OffsetsTopicRecord] = []
        for partition in input.partitions {
            if subscribed?.contains(partition.topic) ?? true {
                results.append(PartitionError(partition: partition, error: .groupSubscribedToTopic))
                continue
            }
            results.append(PartitionError(partition: partition, error: .none))
            if group.offsets[partition] != nil {
                records.append(OffsetsTopicRecord(
                    key: OffsetsTopicSchema.offsetCommitKey(group: input.groupID, partition: partition), value: nil))
            }
        }
        guard !records.isEmpty else {
            return [.respond(request, .offsetDelete(OffsetDeleteResult(error: .none, partitions: results)))]
        }
        var effects = GroupEffects(config: config, now: now)
        effects.appends.append((
            group.partition, records,
            .offsetDelete(request: request, group: input.groupID, results: results, records: records)))
        return finish(effects, group: input.groupID)
    }
}
