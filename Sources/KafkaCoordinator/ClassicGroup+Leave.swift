// LeaveGroup and what any member removal does to the group.

import KafkaModel

extension ClassicGroup {
    /// LeaveGroup (v3+ batches members; "" with an instance ID removes whoever holds that ID).
    /// Each removal is applied before the next, as Kafka does, so a batch emptying the group ends the
    /// rebalance it started.
    mutating func leave(_ input: LeaveGroupInput, effects: inout GroupEffects) -> LeaveGroupResult {
        switch state {
        case .dead:
            return LeaveGroupResult(error: .coordinatorNotAvailable, members: [])
        case .empty, .preparingRebalance, .completingRebalance, .stable:
            break
        }
        var results: [LeaveGroupMemberResult] = []
        for identity in input.members {
            var memberID = identity.memberID
            if memberID.isEmpty, let instanceID = identity.groupInstanceID {
                memberID = staticMembers[instanceID] ?? ""
            }
            let error: KafkaErrorCode
            if pendingMembers[memberID] != nil {
                pendingMembers[memberID] = nil
                effects.actions.append(.cancelTimer(.session(group: groupID, memberID: memberID)))
                afterMemberRemoved(effects: &effects)
                error = .none
            } else if memberID.isEmpty {
                error = .unknownMemberID
            } else {
                error = validateMember(memberID, instanceID: identity.groupInstanceID)
                if error == .none {
                    removeMember(memberID, answering: .unknownMemberID, effects: &effects)
                    afterMemberRemoved(effects: &effects)
                }
            }
            results.append(LeaveGroupMemberResult(
                memberID: identity.memberID, groupInstanceID: identity.groupInstanceID, error: error))
        }
        return LeaveGroupResult(error: .none, members: results)
    }

    /// After a member (or pending member) is gone: a settled group rebalances; a group already
    /// rebalancing may now have everyone it waits for.
    mutating func afterMemberRemoved(effects: inout GroupEffects) {
        switch state {
        case .stable, .completingRebalance:
            prepareRebalance(effects: &effects)
        case .preparingRebalance:
            if hasAllMembersJoined { completeJoin(effects: &effects) }
        case .empty, .dead:
            break
        }
    }

    /// Answers every held request (the group is being deleted or unloaded) and cancels its timers.
    mutating func abandon(answering error: KafkaErrorCode, effects: inout GroupEffects) {
        for memberID in memberOrder {
            removeMember(memberID, answering: error, effects: &effects)
        }
        for memberID in pendingMembers.keys {
            effects.actions.append(.cancelTimer(.session(group: groupID, memberID: memberID)))
        }
        pendingMembers = [:]
        cancelJoinTimer(effects: &effects)
        cancelSyncTimer(effects: &effects)
    }
}
