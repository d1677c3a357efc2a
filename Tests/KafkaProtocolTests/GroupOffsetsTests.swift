import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// Committed offsets: OffsetCommit, OffsetFetch (both shapes) and OffsetDelete.

@Suite("OffsetCommit codec")
struct OffsetCommitTests {
    static func request(_ v: Int16) -> OffsetCommitRequest {
        let flexible = v >= 8
        return OffsetCommitRequest(
            groupID: "payments", generationIDOrMemberEpoch: v >= 1 ? 4 : -1, memberID: v >= 1 ? "member-a" : "",
            groupInstanceID: v >= 7 ? "payments-0" : nil,
            retentionTimeMs: (2...4).contains(v) ? 86_400_000 : -1,
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 0, committedOffset: 1_234_567, committedLeaderEpoch: v >= 6 ? 2 : -1, commitTimestamp: v == 1 ? 1_700_000_000_000 : -1,
                          committedMetadata: "host-a", taggedFields: unknownTags(flexible)),
                    .init(partitionIndex: 5, committedOffset: 0, committedMetadata: nil),
                ], taggedFields: unknownTags(flexible)),
                .init(name: "refunds", partitions: []),
            ],
            taggedFields: unknownTags(flexible, tag: 6)
        )
    }

    static func response(_ v: Int16) -> OffsetCommitResponse {
        let flexible = v >= 8
        return OffsetCommitResponse(
            throttleTimeMs: v >= 3 ? 12 : 0,
            topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, taggedFields: unknownTags(flexible)), .init(partitionIndex: 5, errorCode: .offsetMetadataTooLarge),
            ], taggedFields: unknownTags(flexible))],
            taggedFields: unknownTags(flexible, tag: 6)
        )
    }

    @Test("every version round-trips request and response", arguments: OffsetCommitRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("OffsetFetch codec")
struct OffsetFetchTests {
    static func request(_ v: Int16) -> OffsetFetchRequest {
        let flexible = v >= 6
        let topics: [OffsetFetchRequest.Topic] = [
            .init(name: "orders", partitionIndexes: [0, 1, 5], taggedFields: unknownTags(flexible)), .init(name: "refunds", partitionIndexes: []),
        ]
        if v >= 8 {
            return OffsetFetchRequest(
                groups: [
                    .init(groupID: "payments", memberID: v >= 9 ? "member-a" : nil, memberEpoch: v >= 9 ? 17 : -1, topics: topics, taggedFields: unknownTags(flexible)),
                    .init(groupID: "inventory", topics: nil),
                ],
                requireStable: true, taggedFields: unknownTags(flexible, tag: 8)
            )
        }
        return OffsetFetchRequest(groupID: "payments", topics: topics, requireStable: v >= 7, taggedFields: unknownTags(flexible, tag: 8))
    }

    static func response(_ v: Int16) -> OffsetFetchResponse {
        let flexible = v >= 6
        let topics: [OffsetFetchResponse.Topic] = [.init(name: "orders", partitions: [
            .init(partitionIndex: 0, committedOffset: 1_234_567, committedLeaderEpoch: v >= 5 ? 2 : -1, metadata: "host-a", taggedFields: unknownTags(flexible)),
            .init(partitionIndex: 1, metadata: nil, errorCode: .unknownTopicOrPartition),
        ], taggedFields: unknownTags(flexible))]
        if v >= 8 {
            return OffsetFetchResponse(
                throttleTimeMs: 13,
                groups: [
                    .init(groupID: "payments", topics: topics, taggedFields: unknownTags(flexible)),
                    .init(groupID: "inventory", topics: [], errorCode: .coordinatorLoadInProgress),
                ],
                taggedFields: unknownTags(flexible, tag: 8)
            )
        }
        return OffsetFetchResponse(
            throttleTimeMs: v >= 3 ? 13 : 0, topics: topics, errorCode: v >= 2 ? .groupIDNotFound : .none, taggedFields: unknownTags(flexible, tag: 8)
        )
    }

    @Test("every version round-trips request and response", arguments: OffsetFetchRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("null topics ask for every committed partition from v2", arguments: Int16(2)...7)
    func nullTopics(version: Int16) throws {
        let request = OffsetFetchRequest(groupID: "payments", topics: nil, taggedFields: unknownTags(version >= 6))
        try expectRequestRoundTrip(request, version: version)
        #expect(request.requestedGroups(version: version) == [.init(groupID: "payments", topics: nil)])
    }

    @Test("a null topic array is malformed in v1")
    func nullTopicsRejectedInV1() {
        var bytes = ByteBuffer()
        bytes.writeKafkaString("payments", flexible: false)
        bytes.writeInteger(Int32(-1))
        #expect(throws: ProtocolError.self) { try OffsetFetchRequest.decode(bytes, version: 1) }
    }

    @Test("requested groups come from GroupId before v8 and Groups from v8")
    func requestedGroupsPerShape() {
        #expect(Self.request(7).requestedGroups(version: 7).map(\.groupID) == ["payments"])
        #expect(Self.request(7).requestedGroups(version: 7).first?.topics?.count == 2)
        #expect(Self.request(9).requestedGroups(version: 9).map(\.groupID) == ["payments", "inventory"])
    }
}

@Suite("OffsetDelete codec")
struct OffsetDeleteTests {
    static func request(_ v: Int16) -> OffsetDeleteRequest {
        OffsetDeleteRequest(groupID: "payments", topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0), .init(partitionIndex: 3)]), .init(name: "refunds", partitions: [])])
    }

    static func response(_ v: Int16) -> OffsetDeleteResponse {
        OffsetDeleteResponse(
            errorCode: .none, throttleTimeMs: 17,
            topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0), .init(partitionIndex: 3, errorCode: .groupSubscribedToTopic)])]
        )
    }

    @Test("version 0 round-trips request and response", arguments: OffsetDeleteRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
        try expectResponseRoundTrip(OffsetDeleteResponse(errorCode: .groupIDNotFound), version: version)
    }

    @Test("the response starts with ErrorCode, then ThrottleTimeMs")
    func errorCodeFirst() {
        var bytes = ByteBuffer()
        OffsetDeleteResponse(errorCode: .nonEmptyGroup, throttleTimeMs: 1).encode(into: &bytes, version: 0)
        #expect(Array(bytes.readableBytesView) == [0, 68, 0, 0, 0, 1, 0, 0, 0, 0])
    }
}
