// JoinGroup and the join phase: who may join, when the phase ends, and what each member is told.

import KafkaModel

extension ClassicGroup {
    /// Handles a JoinGroup whose input already passed the coordinator's checks (group ID, session
    /// timeout range, metadata size, loading).
    mutating func join(_ input: JoinGroupInput, request: RequestID, effects: inout GroupEffects) {
        let isUnknownMember = input.memberID.isEmpty
        guard acceptsJoiningMember(input.memberID, maxSize: effects.config.groupMaxSize) else {
            // Like Kafka: a known member that no longer fits is dropped, so the last rejoining members
            // of an oversized group are the ones kicked out.
            if members[input.memberID] != nil || pendingMembers[input.memberID] != nil {
                removeMember(input.memberID, answering: .groupMaxSizeReached, effects: &effects)
            }
            effects.respond(request, .joinGroup(.failure(.groupMaxSizeReached, memberID: "")))
            return
        }
        switch state {
        case .dead:
            effects.respond(request, .joinGroup(.failure(.coordinatorNotAvailable, memberID: input.memberID)))
            return
        case .empty, .preparingRebalance, .completingRebalance, .stable:
            break
        }
        guard supportsProtocols(type: input.protocolType, protocols: input.protocols) else {
            effects.respond(request, .joinGroup(.failure(.inconsistentGroupProtocol, memberID: input.memberID)))
            return
        }
        if isUnknownMember {
            joinNewMember(input, request: request, effects: &effects)
        } else {
            joinExistingMember(input, request: request, effects: &effects)
        }
    }

    /// Kafka's group.max.size rule: while preparing, count members that have rejoined (so a lowered
    /// limit converges); otherwise count members.
    private func acceptsJoiningMember(_ memberID: String, maxSize: Int) -> Bool {
        switch state {
        case .empty, .dead:
            return true
        case .preparingRebalance:
            return members[memberID]?.awaitingJoin != nil || numAwaitingJoin < maxSize
        case .completingRebalance, .stable:
            return members[memberID] != nil || members.count < maxSize
        }
    }

    private mutating func joinNewMember(_ input: JoinGroupInput, request: RequestID, effects: inout GroupEffects) {
        let newMemberID = "\(input.groupInstanceID ?? input.clientID)-\(input.memberIDSuffix)"
        if let instanceID = input.groupInstanceID {
            if let existing = staticMembers[instanceID] {
                replaceStaticMember(input, oldID: existing, newID: newMemberID, request: request, effects: &effects)
            } else {
                addMemberThenRebalance(input, memberID: newMemberID, request: request, effects: &effects)
            }
        } else if input.requireKnownMemberID {
            // KIP-394: hand out an ID and wait for the client to come back with it, so a client that
            // times out and retries does not leave a ghost member in the rebalance.
            guard pendingMembers.count < effects.config.maxPendingMembersPerGroup else {
                effects.respond(request, .joinGroup(.failure(.groupMaxSizeReached, memberID: "")))
                return
            }
            let deadline = effects.now + Int64(input.sessionTimeoutMs)
            pendingMembers[newMemberID] = deadline
            effects.actions.append(.scheduleTimer(.session(group: groupID, memberID: newMemberID), deadline: deadline))
            effects.respond(request, .joinGroup(.failure(.memberIDRequired, memberID: newMemberID)))
        } else {
            addMemberThenRebalance(input, memberID: newMemberID, request: request, effects: &effects)
        }
    }

    private mutating func joinExistingMember(_ input: JoinGroupInput, request: RequestID, effects: inout GroupEffects) {
        let memberID = input.memberID
        if pendingMembers[memberID] != nil {
            addMemberThenRebalance(input, memberID: memberID, request: request, effects: &effects)
            return
        }
        let error = validateMember(memberID, instanceID: input.groupInstanceID)
        guard error == .none, let member = members[memberID] else {
            effects.respond(request, .joinGroup(.failure(error == .none ? .unknownMemberID : error, memberID: memberID)))
            return
        }
        let sameMetadata = member.protocols == input.protocols
        switch state {
        case .preparingRebalance:
            updateMember(input, request: request, effects: &effects)
            maybeCompleteJoinPhase(effects: &effects)
        case .completingRebalance:
            if sameMetadata {
                // It probably lost the first response: tell it again.
                effects.respond(request, .joinGroup(joinResult(for: memberID, includeMembers: isLeader(memberID))))
            } else {
                updateMember(input, request: request, effects: &effects)
                prepareRebalance(effects: &effects)
            }
        case .stable:
            if isLeader(memberID) || !sameMetadata {
                // A leader's JoinGroup asks for a new assignment (e.g. topic metadata changed).
                updateMember(input, request: request, effects: &effects)
                prepareRebalance(effects: &effects)
            } else {
                effects.respond(request, .joinGroup(joinResult(for: memberID, includeMembers: false)))
            }
        case .empty, .dead:
            effects.respond(request, .joinGroup(.failure(.unknownMemberID, memberID: memberID)))
        }
    }

    private mutating func addMemberThenRebalance(
        _ input: JoinGroupInput, memberID: String, request: RequestID, effects: inout GroupEffects
    ) {
        var member = ClassicMember(
            memberID: memberID, groupInstanceID: input.groupInstanceID, clientID: input.clientID,
            clientHost: input.clientHost, rebalanceTimeoutMs: input.rebalanceTimeoutMs,
            sessionTimeoutMs: input.sessionTimeoutMs, protocolType: input.protocolType, protocols: input.protocols)
        member.awaitingJoin = request
        member.awaitingJoinSupportsSkip = input.supportsSkipAssignment
        member.isNew = true
        if state == .preparingRebalance && isInitialRebalance { newMemberAdded = true }
        addMember(member)
        // A held JoinGroup cannot heartbeat; a client that gave up would otherwise linger until the
        // rebalance timeout, so new members get their own (long) timeout.
        scheduleSession(memberID, timeoutMs: Int64(effects.config.newMemberJoinTimeoutMs), effects: &effects)
        maybePrepareRebalanceOrCompleteJoin(effects: &effects)
    }

    /// Stores the member's new protocols and timeouts and holds its JoinGroup.
    private mutating func updateMember(_ input: JoinGroupInput, request: RequestID, effects: inout GroupEffects) {
        let memberID = input.memberID
        guard var member = members[memberID] else { return }
        if let previous = member.awaitingJoin, previous != request {
            // A retried JoinGroup replaces the held one; the old connection still gets an answer.
            effects.respond(previous, .joinGroup(.failure(.rebalanceInProgress, memberID: memberID)))
        }
        member.protocols = input.protocols
        member.rebalanceTimeoutMs = input.rebalanceTimeoutMs
        member.sessionTimeoutMs = input.sessionTimeoutMs
        member.awaitingJoin = request
        member.awaitingJoinSupportsSkip = input.supportsSkipAssignment
        members[memberID] = member
    }

    /// KIP-345: a static member came back without its member ID. The old ID is fenced (anything it had
    /// held is answered FENCED_INSTANCE_ID) and the member continues under the new ID.
    private mutating func replaceStaticMember(
        _ input: JoinGroupInput, oldID: String, newID: String, request: RequestID, effects: inout GroupEffects
    ) {
        guard var member = members.removeValue(forKey: oldID) else { return }
        let leaderBefore = leaderID
        if let held = member.awaitingJoin {
            effects.respond(held, .joinGroup(.failure(.fencedInstanceID, memberID: oldID)))
        }
        if let held = member.awaitingSync {
            effects.respond(held, .syncGroup(.failure(.fencedInstanceID)))
        }
        effects.actions.append(.cancelTimer(.session(group: groupID, memberID: oldID)))
        member.memberID = newID
        member.awaitingJoin = nil
        member.awaitingSync = nil
        member.clientID = input.clientID
        member.clientHost = input.clientHost
        members[newID] = member
        if let index = memberOrder.firstIndex(of: oldID) { memberOrder[index] = newID }
        if leaderID == oldID { leaderID = newID }
        if pendingSyncMembers.remove(oldID) != nil { pendingSyncMembers.insert(newID) }
        staticMembers[input.groupInstanceID ?? ""] = newID
        scheduleSession(newID, timeoutMs: Int64(input.sessionTimeoutMs), effects: &effects)

        var updated = input
        updated.memberID = newID
        updateMember(updated, request: request, effects: &effects)
        switch state {
        case .stable:
            if selectProtocol() == protocolName {
                // Nothing about the assignment changes: persist the new ID, then answer without a rebalance.
                effects.appends.append((
                    partition,
                    [metadataRecord(now: effects.now)],
                    .staticRejoin(group: groupID, memberID: newID, request: request, leaderBefore: leaderBefore)))
            } else {
                prepareRebalance(effects: &effects)
            }
        case .completingRebalance:
            // The leader may already be assigning to the old ID, so start over.
            prepareRebalance(effects: &effects)
        case .preparingRebalance:
            maybeCompleteJoinPhase(effects: &effects)
        case .empty, .dead:
            members[newID]?.awaitingJoin = nil
            effects.respond(request, .joinGroup(.failure(.unknownMemberID, memberID: newID)))
        }
    }

    /// Answers the JoinGroup of a replaced static member once its new ID is durable.
    mutating func staticRejoinAppended(
        memberID: String, request: RequestID, leaderBefore: String?, success: Bool, effects: inout GroupEffects
    ) {
        guard members[memberID]?.awaitingJoin == request else { return }
        members[memberID]!.awaitingJoin = nil
        guard success else {
            effects.respond(request, .joinGroup(.failure(.coordinatorNotAvailable, memberID: memberID)))
            return
        }
        var result = joinResult(for: memberID, includeMembers: false)
        if members[memberID]!.awaitingJoinSupportsSkip {
            // KIP-814: a replaced leader learns it leads but must keep the current assignment.
            if isLeader(memberID) {
                result = joinResult(for: memberID, includeMembers: true)
                result.skipAssignment = true
            }
        } else {
            // Older clients would reassign if told they lead; show the previous leader instead.
            result.leaderID = leaderBefore ?? ""
        }
        effects.respond(request, .joinGroup(result))
    }

    func joinResult(for memberID: String, includeMembers: Bool) -> JoinGroupResult {
        JoinGroupResult(
            error: .none, generationID: generationID, protocolType: protocolType, protocolName: protocolName,
            leaderID: leaderID ?? "", skipAssignment: false, memberID: memberID,
            members: includeMembers
                ? orderedMembers.map {
                    JoinGroupMemberInfo(
                        memberID: $0.memberID, groupInstanceID: $0.groupInstanceID, metadata: $0.metadata(for: protocolName))
                }
                : [])
    }

    // MARK: the join phase

    mutating func maybePrepareRebalanceOrCompleteJoin(effects: inout GroupEffects) {
        switch state {
        case .empty, .completingRebalance, .stable:
            prepareRebalance(effects: &effects)
        case .preparingRebalance:
            maybeCompleteJoinPhase(effects: &effects)
        case .dead:
            break
        }
    }

    /// Enters PreparingRebalance: held SyncGroups are answered REBALANCE_IN_PROGRESS, the pending-sync
    /// timer stops, and the join timer starts (the short initial delay when coming from Empty).
    mutating func prepareRebalance(effects: inout GroupEffects) {
        switch state {
        case .completingRebalance:
            failHeldSyncs(with: .rebalanceInProgress, effects: &effects)
        case .empty, .preparingRebalance, .stable, .dead:
            break
        }
        cancelSyncTimer(effects: &effects)
        let initial = state == .empty
        transition(to: .preparingRebalance, now: effects.now)
        if initial {
            let delay = Int64(effects.config.groupInitialRebalanceDelayMs)
            isInitialRebalance = true
            newMemberAdded = false
            initialDelayRemainingMs = max(rebalanceTimeoutMs - delay, 0)
            scheduleJoinTimer(at: effects.now + delay, effects: &effects)
        } else {
            isInitialRebalance = false
            if hasAllMembersJoined {
                completeJoin(effects: &effects)
            } else {
                scheduleJoinTimer(at: effects.now + rebalanceTimeoutMs, effects: &effects)
            }
        }
    }

    /// Ends the join phase early when everyone is in, except on the initial rebalance, which waits for
    /// its delay so members started together share one generation.
    mutating func maybeCompleteJoinPhase(effects: inout GroupEffects) {
        guard state == .preparingRebalance, !isInitialRebalance, hasAllMembersJoined else { return }
        completeJoin(effects: &effects)
    }

    /// Closes the join phase: stragglers (dynamic) are dropped, a leader that did not rejoin is
    /// replaced, the generation increases, a protocol is chosen and every held JoinGroup is answered.
    mutating func completeJoin(effects: inout GroupEffects) {
        cancelJoinTimer(effects: &effects)
        for member in orderedMembers where member.awaitingJoin == nil && member.groupInstanceID == nil {
            removeMember(member.memberID, answering: .unknownMemberID, effects: &effects)
        }
        switch state {
        case .dead, .empty, .completingRebalance, .stable:
            return
        case .preparingRebalance:
            break
        }
        if !members.isEmpty && !electJoinedLeader() {
            // Only static members that did not rejoin are left: wait for their session to run out.
            scheduleJoinTimer(at: effects.now + rebalanceTimeoutMs, effects: &effects)
            return
        }
        generationID &+= 1
        isInitialRebalance = false
        pendingSyncMembers = []
        if members.isEmpty {
            protocolName = nil
            leaderID = nil
            transition(to: .empty, now: effects.now)
            effects.appends.append((partition, [metadataRecord(now: effects.now)], .groupMetadata))
            return
        }
        protocolName = selectProtocol()
        transition(to: .completingRebalance, now: effects.now)
        effects.appends.append((partition, [metadataRecord(now: effects.now)], .groupMetadata))
        for memberID in memberOrder {
            if let request = members[memberID]?.awaitingJoin {
                effects.respond(request, .joinGroup(joinResult(for: memberID, includeMembers: isLeader(memberID))))
            }
            members[memberID]!.awaitingJoin = nil
            members[memberID]!.isNew = false
            pendingSyncMembers.insert(memberID)
            scheduleSession(memberID, effects: &effects)
        }
        syncDeadline = effects.now + rebalanceTimeoutMs
        effects.actions.append(.scheduleTimer(.pendingSync(group: groupID, generation: generationID), deadline: syncDeadline!))
    }

    /// Keeps the leader if it rejoined, else picks the first member that did. False when none did.
    private mutating func electJoinedLeader() -> Bool {
        if let leaderID, members[leaderID]?.awaitingJoin != nil { return true }
        guard let joined = memberOrder.first(where: { members[$0]?.awaitingJoin != nil }) else { return false }
        leaderID = joined
        return true
    }

    mutating func failHeldSyncs(with error: KafkaErrorCode, effects: inout GroupEffects) {
        for memberID in memberOrder {
            members[memberID]!.assignment = []
            if let request = members[memberID]!.awaitingSync {
                members[memberID]!.awaitingSync = nil
                effects.respond(request, .syncGroup(.failure(error)))
            }
        }
    }

    mutating func scheduleJoinTimer(at deadline: Int64, effects: inout GroupEffects) {
        joinDeadline = deadline
        effects.actions.append(.scheduleTimer(.join(group: groupID, generation: generationID), deadline: deadline))
    }

    mutating func cancelJoinTimer(effects: inout GroupEffects) {
        guard joinDeadline != nil else { return }
        joinDeadline = nil
        effects.actions.append(.cancelTimer(.join(group: groupID, generation: generationID)))
    }

    mutating func cancelSyncTimer(effects: inout GroupEffects) {
        guard syncDeadline != nil else { return }
        syncDeadline = nil
        effects.actions.append(.cancelTimer(.pendingSync(group: groupID, generation: generationID)))
    }
}
