// SyncGroup (assignment distribution) and Heartbeat.

import KafkaModel

extension ClassicGroup {
    /// SyncGroup: the leader's assignment is persisted, then every held SyncGroup is answered; followers
    /// wait for it while CompletingRebalance and get their stored assignment once Stable.
    mutating func sync(_ input: SyncGroupInput, request: RequestID, effects: inout GroupEffects) {
        if let error = validateGenerationRequest(
            memberID: input.memberID, instanceID: input.groupInstanceID, generation: input.generationID)
        {
            effects.respond(request, .syncGroup(.failure(error)))
            return
        }
        if let type = input.protocolType, type != protocolType {
            effects.respond(request, .syncGroup(.failure(.inconsistentGroupProtocol)))
            return
        }
        if let name = input.protocolName, name != protocolName {
            effects.respond(request, .syncGroup(.failure(.inconsistentGroupProtocol)))
            return
        }
        let memberID = input.memberID
        switch state {
        case .empty, .dead:
            effects.respond(request, .syncGroup(.failure(.unknownMemberID)))
        case .preparingRebalance:
            effects.respond(request, .syncGroup(.failure(.rebalanceInProgress)))
        case .completingRebalance:
            if let previous = members[memberID]!.awaitingSync, previous != request {
                effects.respond(previous, .syncGroup(.failure(.rebalanceInProgress)))
            }
            members[memberID]!.awaitingSync = request
            pendingSyncMembers.remove(memberID)
            if isLeader(memberID) {
                // Only members of this generation can get an assignment; anything else is dropped.
                let assignments = input.assignments.filter { members[$0.key] != nil }
                effects.appends.append((
                    partition,
                    [metadataRecord(now: effects.now, assignments: assignments)],
                    .assignment(group: groupID, generation: generationID, assignments: assignments)))
            }
        case .stable:
            pendingSyncMembers.remove(memberID)
            scheduleSession(memberID, effects: &effects)
            effects.respond(request, .syncGroup(syncResult(assignment: members[memberID]!.assignment)))
        }
    }

    /// The leader's assignment append finished. If the group is still waiting for exactly that
    /// generation, it becomes Stable (or, on failure, rebalances); otherwise the held SyncGroups were
    /// already answered by whatever moved the group on.
    mutating func assignmentAppended(
        generation: Int32, assignments: [String: [UInt8]], success: Bool, effects: inout GroupEffects
    ) {
        guard state == .completingRebalance, generation == generationID else { return }
        guard success else {
            failHeldSyncs(with: .coordinatorNotAvailable, effects: &effects)
            prepareRebalance(effects: &effects)
            return
        }
        for memberID in memberOrder {
            let assignment = assignments[memberID] ?? []
            members[memberID]!.assignment = assignment
            if let request = members[memberID]!.awaitingSync {
                members[memberID]!.awaitingSync = nil
                effects.respond(request, .syncGroup(syncResult(assignment: assignment)))
                scheduleSession(memberID, effects: &effects)
            }
        }
        transition(to: .stable, now: effects.now)
    }

    private func syncResult(assignment: [UInt8]) -> SyncGroupResult {
        SyncGroupResult(error: .none, protocolType: protocolType, protocolName: protocolName, assignment: assignment)
    }

    /// Heartbeat: keeps the session alive and tells the member whether a rebalance is under way.
    mutating func heartbeat(_ input: HeartbeatInput, request: RequestID, effects: inout GroupEffects) {
        if let error = validateGenerationRequest(
            memberID: input.memberID, instanceID: input.groupInstanceID, generation: input.generationID)
        {
            effects.respond(request, .heartbeat(HeartbeatResult(error: error)))
            return
        }
        let error: KafkaErrorCode
        switch state {
        case .empty, .dead:
            error = .unknownMemberID
        case .preparingRebalance:
            scheduleSession(input.memberID, effects: &effects)
            error = .rebalanceInProgress
        case .completingRebalance, .stable:
            scheduleSession(input.memberID, effects: &effects)
            error = .none
        }
        effects.respond(request, .heartbeat(HeartbeatResult(error: error)))
    }

    /// Shared checks of SyncGroup and Heartbeat: a dead group, the member, then the generation.
    private func validateGenerationRequest(memberID: String, instanceID: String?, generation: Int32) -> KafkaErrorCode? {
        switch state {
        case .dead:
            return .coordinatorNotAvailable
        case .empty, .preparingRebalance, .completingRebalance, .stable:
            break
        }
        let error = validateMember(memberID, instanceID: instanceID)
        if error != .none { return error }
        if members[memberID] == nil { return .unknownMemberID }
        if generation != generationID { return .illegalGeneration }
        return nil
    }

    /// The group record with the leader's assignments in place of the current ones.
    func metadataRecord(now: Int64, assignments: [String: [UInt8]]) -> OffsetsTopicRecord {
        var copy = self
        for memberID in copy.memberOrder {
            copy.members[memberID]!.assignment = assignments[memberID] ?? []
        }
        return copy.metadataRecord(now: now)
    }
}
