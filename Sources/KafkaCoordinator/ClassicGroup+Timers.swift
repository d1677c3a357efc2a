// Timer expiry. Each handler first proves the timer is still meant (same generation, same state,
// stored deadline reached); anything else is a stale timer and does nothing.

import KafkaModel

extension ClassicGroup {
    /// A member's session ran out (or a MEMBER_ID_REQUIRED member never came back).
    mutating func sessionExpired(memberID: String, effects: inout GroupEffects) {
        switch state {
        case .dead:
            return
        case .empty, .preparingRebalance, .completingRebalance, .stable:
            break
        }
        if let deadline = pendingMembers[memberID] {
            guard effects.now >= deadline else { return }
            pendingMembers[memberID] = nil
            if state == .preparingRebalance && hasAllMembersJoined { completeJoin(effects: &effects) }
            return
        }
        guard let member = members[memberID], effects.now >= member.sessionDeadline else { return }
        guard !member.hasSatisfiedHeartbeat else { return }
        removeMember(memberID, answering: .unknownMemberID, effects: &effects)
        afterMemberRemoved(effects: &effects)
    }

    /// The join timer: on the initial rebalance it re-arms while members keep arriving (never beyond
    /// the rebalance timeout); otherwise the join phase ends with whoever rejoined.
    mutating func joinTimerFired(generation: Int32, effects: inout GroupEffects) {
        guard state == .preparingRebalance, generation == generationID,
              let deadline = joinDeadline, effects.now >= deadline
        else { return }
        if isInitialRebalance && newMemberAdded && initialDelayRemainingMs > 0 {
            let delay = Int64(effects.config.groupInitialRebalanceDelayMs)
            newMemberAdded = false
            let next = min(delay, initialDelayRemainingMs)
            initialDelayRemainingMs = max(initialDelayRemainingMs - delay, 0)
            scheduleJoinTimer(at: effects.now + next, effects: &effects)
            return
        }
        completeJoin(effects: &effects)
    }

    /// The pending-sync timer: members of this generation that never sent SyncGroup are removed and
    /// the group rebalances without them.
    mutating func pendingSyncTimerFired(generation: Int32, effects: inout GroupEffects) {
        guard generation == generationID, let deadline = syncDeadline, effects.now >= deadline else { return }
        syncDeadline = nil
        switch state {
        case .completingRebalance, .stable:
            guard !pendingSyncMembers.isEmpty else { return }
            for memberID in memberOrder where pendingSyncMembers.contains(memberID) {
                removeMember(memberID, answering: .unknownMemberID, effects: &effects)
            }
            prepareRebalance(effects: &effects)
        case .empty, .preparingRebalance, .dead:
            break
        }
    }
}
