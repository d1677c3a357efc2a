// OffsetCommit, OffsetFetch and offset expiry.

import KafkaModel

extension GroupCoordinator {
    /// OffsetCommit. Answered once the records are durable (`appendCompleted`), or at once when no
    /// partition needs writing. The offsets become visible to `fetchOffsets` when durable.
    public mutating func offsetCommitReceived(_ input: OffsetCommitInput, request: RequestID, now: Int64) -> [CoordinatorAction] {
        let rejectAll = { (error: KafkaErrorCode) -> [CoordinatorAction] in
            [.respond(request, .offsetCommit(OffsetCommitResult(
                partitions: input.partitions.map { PartitionError(partition: $0.partition, error: error) })))]
        }
        if input.groupID.isEmpty { return rejectAll(.invalidGroupID) }
        if isLoading(input.groupID) { return rejectAll(.coordinatorLoadInProgress) }
        if groups[input.groupID] == nil {
            // A commit with generation -1 (admin tools, consumers using assign()) creates an Empty group.
            guard input.generationID < 0 else { return rejectAll(.illegalGeneration) }
            groups[input.groupID] = ClassicGroup(groupID: input.groupID, partition: partition(forGroup: input.groupID), now: now)
        }
        let group = groups[input.groupID]!
        let error = group.validateOffsetCommit(
            memberID: input.memberID, instanceID: input.groupInstanceID, generation: input.generationID)
        if error != .none {
            dropIfUnused(input.groupID)
            return rejectAll(error)
        }
        var results: [PartitionError] = []
        var records: [OffsetsTopicRecord] = []
        for entry in input.partitions {
            let metadata = entry.metadata ?? ""
            guard metadata.utf8.count <= config.offsetMetadataMaxBytes else {
                results.append(PartitionError(partition: entry.partition, error: .offsetMetadataTooLarge))
                continue
            }
            results.append(PartitionError(partition: entry.partition, error: .none))
            let value = OffsetCommitValue(
                offset: entry.offset, leaderEpoch: entry.leaderEpoch, metadata: metadata,
                commitTimestamp: entry.commitTimestamp == -1 ? now : entry.commitTimestamp,
                expireTimestamp: input.retentionTimeMs >= 0 ? Self.expiry(now: now, retentionMs: input.retentionTimeMs) : nil)
            records.append(OffsetsTopicRecord(
                key: OffsetsTopicSchema.offsetCommitKey(group: input.groupID, partition: entry.partition),
                value: OffsetsTopicSchema.encodeOffsetCommitValue(value)))
        }
        guard !records.isEmpty else {
            dropIfUnused(input.groupID)
            return [.respond(request, .offsetCommit(OffsetCommitResult(partitions: results)))]
        }
        var effects = GroupEffects(config: config, now: now)
        effects.appends.append((
            group.partition, records,
            .offsetCommit(request: request, group: input.groupID, results: results, records: records)))
        return finish(effects)
    }

    /// Committed offsets of `group`; nil `partitions` means every committed partition. A partition
    /// without a commit reads as offset -1, leader epoch -1, metadata "" and no error.
    public func fetchOffsets(group groupID: String, partitions: [TopicPartition]?) -> OffsetFetchResult {
        if groupID.isEmpty { return OffsetFetchResult(error: .invalidGroupID, partitions: []) }
        if isLoading(groupID) { return OffsetFetchResult(error: .coordinatorLoadInProgress, partitions: []) }
        let committed = groups[groupID]?.offsets ?? [:]
        let wanted = partitions ?? committed.keys.sorted()
        return OffsetFetchResult(error: .none, partitions: wanted.map { partition in
            guard let offset = committed[partition] else {
                return FetchedOffset(partition: partition, offset: -1, leaderEpoch: -1, metadata: "", error: .none)
            }
            return FetchedOffset(
                partition: partition, offset: offset.offset, leaderEpoch: offset.leaderEpoch,
                metadata: offset.metadata, error: .none)
        })
    }

    /// `now + retentionMs`, saturating: OffsetCommit v2–4 let a client send any retention, and a
    /// sum past Int64.max must mean "never", not trap.
    static func expiry(now: Int64, retentionMs: Int64) -> Int64 {
        let (sum, overflow) = now.addingReportingOverflow(retentionMs)
        return overflow ? .max : sum
    }

    /// Removes offsets past retention by appending tombstones: every offset of an Empty group once
    /// `offsetsRetentionMs` passed since the later of the group emptying and the commit (or its explicit
    /// expiry), and offsets of consumer groups for topics no member subscribes to any more. An Empty
    /// group left without offsets is deleted too (it goes Dead until its tombstone is durable).
    public mutating func expireOffsets(now: Int64) -> [CoordinatorAction] {
        var effects = GroupEffects(config: config, now: now)
        for groupID in groups.keys.sorted() {
            let group = groups[groupID]!
            guard !loadingPartitions.contains(group.partition) else { continue }
            if pendingAppends.values.contains(where: { $0.groupID == groupID }) { continue }
            var expired: [TopicPartition] = []
            switch group.state {
            case .dead:
                continue
            case .empty:
                for (partition, offset) in group.offsets {
                    let base = max(group.stateTimestamp, offset.commitTimestamp)
                    if now >= (offset.expireTimestamp ?? base + config.offsetsRetentionMs) { expired.append(partition) }
                }
            case .preparingRebalance, .completingRebalance, .stable:
                guard group.protocolType == "consumer", let subscribed = group.subscribedTopics() else { continue }
                for (partition, offset) in group.offsets where !subscribed.contains(partition.topic) {
                    if now >= (offset.expireTimestamp ?? offset.commitTimestamp + config.offsetsRetentionMs) {
                        expired.append(partition)
                    }
                }
            }
            var records = expired.sorted().map {
                OffsetsTopicRecord(key: OffsetsTopicSchema.offsetCommitKey(group: groupID, partition: $0), value: nil)
            }
            if group.state == .empty && expired.count == group.offsets.count && group.pendingMembers.isEmpty {
                records.append(OffsetsTopicRecord(key: OffsetsTopicSchema.groupMetadataKey(group: groupID), value: nil))
                groups[groupID]!.transition(to: .dead, now: now)
            }
            guard !records.isEmpty else { continue }
            effects.appends.append((group.partition, records, .expiry(group: groupID, records: records)))
        }
        return finish(effects)
    }

    /// Applies records this coordinator wrote, once durable, through the same path as loading.
    mutating func applyOwnRecords(_ records: [OffsetsTopicRecord]) {
        for record in records {
            try? replay(key: record.key, value: record.value)
        }
    }
}

extension ClassicGroup {
    /// Kafka's OffsetCommit rules for classic groups: simple commits (generation < 0, no member) only
    /// while Empty; member commits need the current generation; none while CompletingRebalance.
    func validateOffsetCommit(memberID: String, instanceID: String?, generation: Int32) -> KafkaErrorCode {
        switch state {
        case .dead:
            return .coordinatorNotAvailable
        case .empty, .preparingRebalance, .completingRebalance, .stable:
            break
        }
        if generation < 0 && state == .empty { return .none }
        if generation >= 0 || !memberID.isEmpty || instanceID != nil {
            let error = validateMember(memberID, instanceID: instanceID)
            if error != .none { return error }
            if members[memberID] == nil { return .unknownMemberID }
            if generation != generationID { return .illegalGeneration }
        } else if state != .empty {
            return .unknownMemberID
        }
        if state == .completingRebalance { return .rebalanceInProgress }
        return .none
    }
}
