// Applying `__consumer_offsets` records. Loading at start-up and live operation share this path:
// offsets and deletions the coordinator writes are applied here once durable.

import KafkaModel

extension GroupCoordinator {
    /// Applies one `__consumer_offsets` record (a nil value is a tombstone). Unknown record types are
    /// skipped; a record that cannot be decoded throws and changes nothing.
    public mutating func replay(key: [UInt8], value: [UInt8]?) throws(OffsetsTopicDecodingError) {
        switch try OffsetsTopicSchema.decodeKey(key) {
        case .unknown:
            return
        case .offsetCommit(let groupID, let partition):
            guard let value else {
                groups[groupID]?.offsets[partition] = nil
                return
            }
            let decoded = try OffsetsTopicSchema.decodeOffsetCommitValue(value)
            if groups[groupID] == nil {
                groups[groupID] = ClassicGroup(
                    groupID: groupID, partition: self.partition(forGroup: groupID), now: decoded.commitTimestamp)
            }
            groups[groupID]!.offsets[partition] = CommittedOffset(
                offset: decoded.offset, leaderEpoch: decoded.leaderEpoch, metadata: decoded.metadata,
                commitTimestamp: decoded.commitTimestamp, expireTimestamp: decoded.expireTimestamp)
        case .groupMetadata(let groupID):
            guard let value else {
                // The group is gone; offsets written after the tombstone (if any) keep an Empty shell.
                let offsets = groups[groupID]?.offsets ?? [:]
                if offsets.isEmpty {
                    groups[groupID] = nil
                } else {
                    var shell = ClassicGroup(groupID: groupID, partition: partition(forGroup: groupID), now: -1)
                    shell.offsets = offsets
                    groups[groupID] = shell
                }
                return
            }
            let decoded = try OffsetsTopicSchema.decodeGroupMetadataValue(value)
            var group = ClassicGroup(groupID: groupID, partition: partition(forGroup: groupID), now: decoded.currentStateTimestamp)
            group.offsets = groups[groupID]?.offsets ?? [:]
            group.generationID = decoded.generationID
            group.protocolType = decoded.protocolType.isEmpty ? nil : decoded.protocolType
            group.protocolName = decoded.protocolName
            for stored in decoded.members {
                var member = ClassicMember(
                    memberID: stored.memberID, groupInstanceID: stored.groupInstanceID, clientID: stored.clientID,
                    clientHost: stored.clientHost, rebalanceTimeoutMs: stored.rebalanceTimeoutMs,
                    sessionTimeoutMs: stored.sessionTimeoutMs, protocolType: decoded.protocolType,
                    protocols: [GroupProtocol(name: decoded.protocolName ?? "", metadata: stored.subscription)])
                member.assignment = stored.assignment
                group.addMember(member)
            }
            group.leaderID = decoded.leaderID.flatMap { group.members[$0] == nil ? nil : $0 } ?? group.memberOrder.first
            // A group that had members resumes Stable; the members must heartbeat (or rejoin) again
            // before their sessions, armed in `partitionLoadFinished`, run out.
            group.state = group.members.isEmpty ? .empty : .stable
            groups[groupID] = group
        }
    }
}
