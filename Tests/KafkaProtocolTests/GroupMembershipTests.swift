import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// The classic group membership APIs, with every field a version carries set to something other than its default.

@Suite("JoinGroup codec")
struct JoinGroupTests {
    static func request(_ v: Int16) -> JoinGroupRequest {
        let flexible = v >= 6
        return JoinGroupRequest(
            groupID: "payments", sessionTimeoutMs: 45_000, rebalanceTimeoutMs: v >= 1 ? 300_000 : -1, memberID: "rdkafka-1234",
            groupInstanceID: v >= 5 ? "payments-0" : nil, protocolType: "consumer",
            protocols: [
                .init(name: "range", metadata: recordBytes(1, count: 24), taggedFields: unknownTags(flexible)),
                .init(name: "cooperative-sticky", metadata: ByteBuffer()),
            ],
            reason: v >= 8 ? "rebalance failed due to MemberIdRequiredException" : nil, taggedFields: unknownTags(flexible, tag: 7)
        )
    }

    static func response(_ v: Int16) -> JoinGroupResponse {
        let flexible = v >= 6
        return JoinGroupResponse(
            throttleTimeMs: v >= 2 ? 11 : 0, errorCode: .memberIDRequired, generationID: 3, protocolType: v >= 7 ? "consumer" : nil,
            protocolName: "range", leader: "member-a", skipAssignment: v >= 9, memberID: "member-b",
            members: [
                .init(memberID: "member-a", groupInstanceID: v >= 5 ? "payments-0" : nil, metadata: recordBytes(2, count: 17), taggedFields: unknownTags(flexible)),
                .init(memberID: "member-b", metadata: ByteBuffer()),
            ],
            taggedFields: unknownTags(flexible, tag: 7)
        )
    }

    @Test("every version round-trips request and response", arguments: JoinGroupRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("null protocol type and name round-trip from v7", arguments: Int16(7)...9)
    func nullProtocol(version: Int16) throws {
        try expectResponseRoundTrip(JoinGroupResponse(errorCode: .unknownMemberID, protocolType: nil, protocolName: nil), version: version)
    }

    @Test("before v7 a missing protocol name is sent as an empty string")
    func protocolNameBeforeV7() throws {
        var bytes = ByteBuffer()
        JoinGroupResponse(errorCode: .rebalanceInProgress).encode(into: &bytes, version: 6)
        let decoded = try JoinGroupResponse(from: &bytes, version: 6)
        #expect(decoded.protocolName == "")
    }
}

@Suite("SyncGroup codec")
struct SyncGroupTests {
    static func request(_ v: Int16) -> SyncGroupRequest {
        let flexible = v >= 4
        return SyncGroupRequest(
            groupID: "payments", generationID: 3, memberID: "member-a", groupInstanceID: v >= 3 ? "payments-0" : nil,
            protocolType: v >= 5 ? "consumer" : nil, protocolName: v >= 5 ? "range" : nil,
            assignments: [
                .init(memberID: "member-a", assignment: recordBytes(3, count: 30), taggedFields: unknownTags(flexible)),
                .init(memberID: "member-b", assignment: ByteBuffer()),
            ],
            taggedFields: unknownTags(flexible, tag: 2)
        )
    }

    static func response(_ v: Int16) -> SyncGroupResponse {
        SyncGroupResponse(
            throttleTimeMs: v >= 1 ? 4 : 0, errorCode: .rebalanceInProgress, protocolType: v >= 5 ? "consumer" : nil,
            protocolName: v >= 5 ? "roundrobin" : nil, assignment: recordBytes(4, count: 22), taggedFields: unknownTags(v >= 4, tag: 2)
        )
    }

    @Test("every version round-trips request and response", arguments: SyncGroupRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("Heartbeat codec")
struct HeartbeatTests {
    static func request(_ v: Int16) -> HeartbeatRequest {
        HeartbeatRequest(groupID: "payments", generationID: 9, memberID: "member-a", groupInstanceID: v >= 3 ? "payments-0" : nil, taggedFields: unknownTags(v >= 4))
    }

    static func response(_ v: Int16) -> HeartbeatResponse {
        HeartbeatResponse(throttleTimeMs: v >= 1 ? 6 : 0, errorCode: .illegalGeneration, taggedFields: unknownTags(v >= 4, tag: 3))
    }

    @Test("every version round-trips request and response", arguments: HeartbeatRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("LeaveGroup codec")
struct LeaveGroupTests {
    static func request(_ v: Int16) -> LeaveGroupRequest {
        let flexible = v >= 4
        return LeaveGroupRequest(
            groupID: "payments", memberID: v <= 2 ? "member-a" : "",
            members: v >= 3 ? [
                .init(memberID: "member-a", groupInstanceID: "payments-0", reason: v >= 5 ? "the consumer is being closed" : nil, taggedFields: unknownTags(flexible)),
                .init(memberID: "", groupInstanceID: "payments-1"),
            ] : [],
            taggedFields: unknownTags(flexible, tag: 4)
        )
    }

    static func response(_ v: Int16) -> LeaveGroupResponse {
        let flexible = v >= 4
        return LeaveGroupResponse(
            throttleTimeMs: v >= 1 ? 8 : 0, errorCode: v >= 3 ? .none : .unknownMemberID,
            members: v >= 3 ? [
                .init(memberID: "member-a", groupInstanceID: "payments-0", taggedFields: unknownTags(flexible)),
                .init(memberID: "", groupInstanceID: "payments-1", errorCode: .unknownMemberID),
            ] : [],
            taggedFields: unknownTags(flexible, tag: 4)
        )
    }

    @Test("every version round-trips request and response", arguments: LeaveGroupRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("leaving members come from MemberId before v3 and Members from v3")
    func leavingMembersPerShape() {
        #expect(Self.request(2).leavingMembers(version: 2) == [.init(memberID: "member-a")])
        #expect(Self.request(5).leavingMembers(version: 5).map(\.groupInstanceID) == ["payments-0", "payments-1"])
    }
}
