// A read-only view of every group's committed offsets, for the broker's lag metrics.

import KafkaModel

/// One group as a metrics scrape sees it: how many members it has and where it has committed.
public struct GroupOffsetsSnapshot: Sendable, Equatable {
    public var groupID: String
    public var memberCount: Int
    public var offsets: [TopicPartition: Int64]

    public init(groupID: String, memberCount: Int, offsets: [TopicPartition: Int64]) {
        self.groupID = groupID
        self.memberCount = memberCount
        self.offsets = offsets
    }
}

extension GroupCoordinator {
    /// Every live group with its committed offsets, sorted by group ID. Dead groups (deleted, or
    /// whose offsets expired) are left out, so their series vanish from the next scrape, and so are
    /// groups of partitions still loading, whose offsets would be incomplete.
    public func allCommittedOffsets() -> [GroupOffsetsSnapshot] {
        var snapshots: [GroupOffsetsSnapshot] = []
        snapshots.reserveCapacity(groups.count)
        for (groupID, group) in groups {
            guard !loadingPartitions.contains(group.partition) else { continue }
            switch group.state {
            case .dead:
                continue
            case .empty, .preparingRebalance, .completingRebalance, .stable:
                break
            }
            snapshots.append(GroupOffsetsSnapshot(
                groupID: groupID, memberCount: group.members.count, offsets: group.offsets.mapValues(\.offset)))
        }
        return snapshots.sorted { $0.groupID < $1.groupID }
    }

    /// False until every `__consumer_offsets` partition has been replayed (a health check answers 503
    /// meanwhile, since group requests are still refused with COORDINATOR_LOAD_IN_PROGRESS).
    public var isLoaded: Bool { loadingPartitions.isEmpty }
}
