// The classic group coordinator as one pure state machine over all groups.
//
// How the driver uses it (one instance, owned by one event loop / actor):
//  * Feed every group request as a past-tense event with the current time (ms) and the RequestID under
//    which it holds the connection's response. Execute the returned actions in order.
//  * `.respond` may name a request from an earlier event (held JoinGroup / SyncGroup, commits waiting
//    for durability). Every request is answered exactly once, on every path.
//  * `.scheduleTimer` arms or re-arms (same key = same timer) a timer; when it fires call
//    `timerFired`. `.cancelTimer` disarms. Firing a stale timer is harmless.
//  * `.append` writes records to `__consumer_offsets`; once durable under the flush policy (or failed)
//    call `appendCompleted(token, success:now:)`.
//  * At start-up: `partitionLoadStarted` for each partition, `replay` every record of it in offset
//    order, then `partitionLoadFinished` (arms session timers of loaded members). Meanwhile its groups
//    answer COORDINATOR_LOAD_IN_PROGRESS.
//  * Call `expireOffsets(now:)` periodically (Kafka: every 10 minutes).

import DequeModule
import KafkaModel

public struct GroupCoordinator: Sendable {
    public let config: GroupCoordinatorConfig
    var groups: [String: ClassicGroup] = [:]
    var loadingPartitions: Set<Int32> = []
    var pendingAppends: [AppendToken: AppendPurpose] = [:]
    var nextAppendToken: UInt64 = 1
    /// DeleteGroups requests waiting for some of their groups' tombstones.
    var deleteBatches: [RequestID: DeleteBatch] = [:]

    struct DeleteBatch: Sendable {
        var results: [GroupError]
        var outstanding: Int
    }

    public init(config: GroupCoordinatorConfig = GroupCoordinatorConfig()) {
        self.config = config
    }

    /// The `__consumer_offsets` partition that holds `group` (FindCoordinator, appends, loading).
    public func partition(forGroup group: String) -> Int32 {
        OffsetsTopicSchema.partition(forGroup: group, partitions: config.offsetsTopicPartitions)
    }

    func isLoading(_ group: String) -> Bool {
        !loadingPartitions.isEmpty && loadingPartitions.contains(partition(forGroup: group))
    }

    // MARK: JoinGroup / SyncGroup / Heartbeat / LeaveGroup

    /// JoinGroup. Usually answered later (the response is held until the join phase ends).
    public mutating func joinGroupReceived(_ input: JoinGroupInput, request: RequestID, now: Int64) -> [CoordinatorAction] {
        let reject = { (error: KafkaErrorCode) -> [CoordinatorAction] in
            [.respond(request, .joinGroup(.failure(error, memberID: input.memberID)))]
        }
        if input.groupID.isEmpty { return reject(.invalidGroupID) }
        if isLoading(input.groupID) { return reject(.coordinatorLoadInProgress) }
        if input.sessionTimeoutMs < config.groupMinSessionTimeoutMs
            || input.sessionTimeoutMs > config.groupMaxSessionTimeoutMs
        {
            return reject(.invalidSessionTimeout)
        }
        let metadataBytes = input.protocols.reduce(0) { $0 + $1.name.utf8.count + $1.metadata.count }
        if metadataBytes > config.maxMemberMetadataBytes { return reject(.invalidRequest) }
        if groups[input.groupID] == nil {
            // Only a member without an ID may create a group.
            guard input.memberID.isEmpty else { return reject(.unknownMemberID) }
            groups[input.groupID] = ClassicGroup(groupID: input.groupID, partition: partition(forGroup: input.groupID), now: now)
        }
        var effects = GroupEffects(config: config, now: now)
        groups[input.groupID]!.join(input, request: request, effects: &effects)
        dropIfUnused(input.groupID)
        return finish(effects, group: input.groupID)
    }

    /// SyncGroup. The leader's and followers' responses wait until the assignment is durable.
    public mutating func syncGroupReceived(_ input: SyncGroupInput, request: RequestID, now: Int64) -> [CoordinatorAction] {
        let reject = { (error: KafkaErrorCode) -> [CoordinatorAction] in
            [.respond(request, .syncGroup(.failure(error)))]
        }
        if input.groupID.isEmpty { return reject(.invalidGroupID) }
        if isLoading(input.groupID) { return reject(.coordinatorLoadInProgress) }
        guard groups[input.groupID] != nil else { return reject(.unknownMemberID) }
        var effects = GroupEffects(config: config, now: now)
        groups[input.groupID]!.sync(input, request: request, effects: &effects)
        return finish(effects, group: input.groupID)
    }

    /// Heartbeat; always answered at once.
    public mutating func heartbeatReceived(_ input: HeartbeatInput, request: RequestID, now: Int64) -> [CoordinatorAction] {
        let reject = { (error: KafkaErrorCode) -> [CoordinatorAction] in
            [.respond(request, .heartbeat(HeartbeatResult(error: error)))]
        }
        if input.groupID.isEmpty { return reject(.invalidGroupID) }
        if isLoading(input.groupID) { return reject(.coordinatorLoadInProgress) }
        guard groups[input.groupID] != nil else { return reject(.unknownMemberID) }
        var effects = GroupEffects(config: config, now: now)
        groups[input.groupID]!.heartbeat(input, request: request, effects: &effects)
        return finish(effects, group: input.groupID)
    }

    /// LeaveGroup with one or more members; answered at once.
    public mutating func leaveGroupReceived(_ input: LeaveGroupInput, request: RequestID, now: Int64) -> [CoordinatorAction] {
        let reject = { (error: KafkaErrorCode) -> [CoordinatorAction] in
            [.respond(request, .leaveGroup(LeaveGroupResult(error: error, members: [])))]
        }
        if input.groupID.isEmpty { return reject(.invalidGroupID) }
        if isLoading(input.groupID) { return reject(.coordinatorLoadInProgress) }
        guard groups[input.groupID] != nil else { return reject(.unknownMemberID) }
        var effects = GroupEffects(config: config, now: now)
        let result = groups[input.groupID]!.leave(input, effects: &effects)
        effects.respond(request, .leaveGroup(result))
        return finish(effects, group: input.groupID)
    }

    // MARK: timers and appends

    /// A timer the coordinator scheduled has fired.
    public mutating func timerFired(_ timer: CoordinatorTimer, now: Int64) -> [CoordinatorAction] {
        let groupID = timer.groupID
        guard groups[groupID] != nil else { return [] }
        var effects = GroupEffects(config: config, now: now)
        switch timer {
        case .session(_, let memberID):
            groups[groupID]!.sessionExpired(memberID: memberID, effects: &effects)
        case .join(_, let generation):
            groups[groupID]!.joinTimerFired(generation: generation, effects: &effects)
        case .pendingSync(_, let generation):
            groups[groupID]!.pendingSyncTimerFired(generation: generation, effects: &effects)
        }
        dropIfUnused(groupID)
        return finish(effects, group: groupID)
    }

    /// An `.append` finished. Responses that promised durability are sent now.
    public mutating func appendCompleted(_ token: AppendToken, success: Bool, now: Int64) -> [CoordinatorAction] {
        guard let purpose = pendingAppends.removeValue(forKey: token) else { return [] }
        var effects = GroupEffects(config: config, now: now)
        var touched: String?
        switch purpose {
        case .groupMetadata:
            break
        case .assignment(let group, let generation, let assignments):
            touched = group
            groups[group]?.assignmentAppended(
                generation: generation, assignments: assignments, success: success, effects: &effects)
        case .staticRejoin(let group, let memberID, let request, let leaderBefore):
            touched = group
            groups[group]?.staticRejoinAppended(
                memberID: memberID, request: request, leaderBefore: leaderBefore, success: success, effects: &effects)
        case .offsetCommit(let request, _, let results, let records):
            if success { applyOwnRecords(records) }
            effects.respond(request, .offsetCommit(OffsetCommitResult(partitions: Self.settle(results, success: success))))
        case .offsetDelete(let request, _, let results, let records):
            if success { applyOwnRecords(records) }
            effects.respond(request, .offsetDelete(OffsetDeleteResult(error: .none, partitions: Self.settle(results, success: success))))
        case .groupDeletion(let request, let group, let records):
            deletionAppended(request: request, group: group, records: records, success: success, effects: &effects)
        case .expiry(let group, let records):
            if success {
                applyOwnRecords(records)
            } else if groups[group]?.state == .dead {
                groups[group]!.transition(to: .empty, now: now)
            }
        }
        if let touched { return finish(effects, group: touched) }
        return finish(effects, group: nil)
    }

    /// Errors decided before the append stay; the rest become the append's outcome.
    static func settle(_ results: [PartitionError], success: Bool) -> [PartitionError] {
        results.map { entry in
            entry.error == .none && !success ? PartitionError(partition: entry.partition, error: .coordinatorNotAvailable) : entry
        }
    }

    // MARK: loading

    /// A `__consumer_offsets` partition starts (re)loading: its groups answer COORDINATOR_LOAD_IN_PROGRESS
    /// until `partitionLoadFinished`. Live groups of that partition are dropped (their held requests are
    /// answered NOT_COORDINATOR) because the replay rebuilds them.
    public mutating func partitionLoadStarted(partition: Int32, now: Int64 = 0) -> [CoordinatorAction] {
        loadingPartitions.insert(partition)
        var effects = GroupEffects(config: config, now: now)
        for groupID in groups.keys.sorted() where groups[groupID]!.partition == partition {
            groups[groupID]!.abandon(answering: .notCoordinator, effects: &effects)
            groups[groupID] = nil
        }
        return effects.actions
    }

    /// Loading is done: loaded members get session timers so that consumers that did not survive the
    /// restart are evicted.
    public mutating func partitionLoadFinished(partition: Int32, now: Int64) -> [CoordinatorAction] {
        loadingPartitions.remove(partition)
        var effects = GroupEffects(config: config, now: now)
        for groupID in groups.keys.sorted() where groups[groupID]!.partition == partition {
            for memberID in groups[groupID]!.memberOrder {
                groups[groupID]!.scheduleSession(memberID, effects: &effects)
            }
        }
        return effects.actions
    }

    // MARK: plumbing

    /// Turns collected appends into `.append` actions with fresh tokens.
    mutating func finish(_ effects: GroupEffects, group: String?) -> [CoordinatorAction] {
        var actions = effects.actions
        for (target, records, purpose) in effects.appends {
            let token = AppendToken(nextAppendToken)
            nextAppendToken &+= 1
            pendingAppends[token] = purpose
            actions.append(.append(partition: target, records: records, token: token))
        }
        return actions
    }

    /// A group that never got a member, an offset or a generation (e.g. a rejected first JoinGroup)
    /// is not kept: garbage group IDs must not accumulate.
    mutating func dropIfUnused(_ groupID: String) {
        guard let group = groups[groupID] else { return }
        if group.state == .empty, group.members.isEmpty, group.pendingMembers.isEmpty, group.offsets.isEmpty,
           group.generationID == 0, !pendingAppends.values.contains(where: { $0.groupID == groupID })
        {
            groups[groupID] = nil
        }
    }
}

extension AppendPurpose {
    var groupID: String? {
        switch self {
        case .groupMetadata: nil
        case .assignment(let group, _, _), .staticRejoin(let group, _, _, _), .offsetCommit(_, let group, _, _),
             .offsetDelete(_, let group, _, _), .groupDeletion(_, let group, _), .expiry(let group, _):
            group
        }
    }
}
