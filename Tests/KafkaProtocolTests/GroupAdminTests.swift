import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// The admin side of groups: DescribeGroups, ListGroups, DeleteGroups.

@Suite("DescribeGroups codec")
struct DescribeGroupsTests {
    static func request(_ v: Int16) -> DescribeGroupsRequest {
        DescribeGroupsRequest(groups: ["payments", "missing", ""], includeAuthorizedOperations: v >= 3, taggedFields: unknownTags(v >= 5))
    }

    static func response(_ v: Int16) -> DescribeGroupsResponse {
        let flexible = v >= 5
        return DescribeGroupsResponse(
            throttleTimeMs: v >= 1 ? 14 : 0,
            groups: [
                .init(
                    groupID: "payments", groupState: "Stable", protocolType: "consumer", protocolData: "range",
                    members: [
                        .init(memberID: "member-a", groupInstanceID: v >= 4 ? "payments-0" : nil, clientID: "rdkafka", clientHost: "/127.0.0.1",
                              memberMetadata: recordBytes(5, count: 20), memberAssignment: recordBytes(6, count: 26), taggedFields: unknownTags(flexible)),
                        .init(memberID: "member-b", clientID: "kafka-python-3.0.12", clientHost: "/10.0.0.2"),
                    ],
                    authorizedOperations: v >= 3 ? 0x0AF8 : DescribeGroupsResponse.authorizedOperationsOmitted, taggedFields: unknownTags(flexible)
                ),
                .init(groupID: "missing", groupState: "Dead"),
                .init(errorCode: .coordinatorLoadInProgress, groupID: "", groupState: ""),
            ],
            taggedFields: unknownTags(flexible, tag: 9)
        )
    }

    @Test("every version round-trips request and response", arguments: DescribeGroupsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("ListGroups codec")
struct ListGroupsTests {
    static func request(_ v: Int16) -> ListGroupsRequest {
        ListGroupsRequest(
            statesFilter: v >= 4 ? ["Stable", "Empty"] : [], typesFilter: v >= 5 ? ["classic"] : [], taggedFields: unknownTags(v >= 3)
        )
    }

    static func response(_ v: Int16) -> ListGroupsResponse {
        let flexible = v >= 3
        return ListGroupsResponse(
            throttleTimeMs: v >= 1 ? 15 : 0, errorCode: .none,
            groups: [
                .init(groupID: "payments", protocolType: "consumer", groupState: v >= 4 ? "Stable" : "", groupType: v >= 5 ? "classic" : "",
                      taggedFields: unknownTags(flexible)),
                .init(groupID: "connect-cluster", protocolType: "connect", groupState: v >= 4 ? "Empty" : ""),
                .init(groupID: "bare", protocolType: ""),
            ],
            taggedFields: unknownTags(flexible, tag: 10)
        )
    }

    @Test("every version round-trips request and response", arguments: ListGroupsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("a group-level error with no groups round-trips", arguments: ListGroupsRequest.versions)
    func errorOnly(version: Int16) throws {
        try expectResponseRoundTrip(ListGroupsResponse(errorCode: .coordinatorNotAvailable), version: version)
    }
}

@Suite("DeleteGroups codec")
struct DeleteGroupsTests {
    static func request(_ v: Int16) -> DeleteGroupsRequest {
        DeleteGroupsRequest(groupsNames: ["payments", "inventory"], taggedFields: unknownTags(v >= 2))
    }

    static func response(_ v: Int16) -> DeleteGroupsResponse {
        let flexible = v >= 2
        return DeleteGroupsResponse(
            throttleTimeMs: 16,
            results: [.init(groupID: "payments", errorCode: .nonEmptyGroup, taggedFields: unknownTags(flexible)), .init(groupID: "inventory")],
            taggedFields: unknownTags(flexible, tag: 11)
        )
    }

    @Test("every version round-trips request and response", arguments: DeleteGroupsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}
