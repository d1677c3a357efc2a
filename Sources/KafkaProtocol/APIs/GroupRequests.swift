// Helpers for generated group messages whose shape changed between versions (schema/FindCoordinator.schema,
// schema/LeaveGroup.schema, schema/OffsetFetch.schema): each gives the coordinator one form to handle.

extension FindCoordinatorRequest {
    public static let groupKeyType: Int8 = 0
    public static let transactionKeyType: Int8 = 1

    /// The keys asked for: v0–3 carry a single key, v4+ a batch (KIP-699).
    public func keys(version: Int16) -> [String] { version >= 4 ? coordinatorKeys : [key] }
}

extension LeaveGroupRequest {
    /// The leaving members: v0–2 carry a single member ID, v3+ a batch (KIP-345).
    public func leavingMembers(version: Int16) -> [Member] { version >= 3 ? members : [Member(memberID: memberID)] }
}

extension OffsetFetchRequest {
    /// The groups asked for: v0–7 carry one group, v8+ a batch (KIP-709).
    public func requestedGroups(version: Int16) -> [Group] { version >= 8 ? groups : [Group(groupID: groupID, topics: topics)] }
}
