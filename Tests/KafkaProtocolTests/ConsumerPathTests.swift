import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("ListOffsets codec")
struct ListOffsetsTests {
    static func request(_ v: Int16) -> ListOffsetsRequest {
        let flexible = v >= 6
        return ListOffsetsRequest(
            replicaID: -1, isolationLevel: v >= 2 ? 1 : 0,
            topics: [.init(name: "orders", partitions: [
                .init(partitionIndex: 0, currentLeaderEpoch: v >= 4 ? 5 : -1, timestamp: ListOffsetsRequest.earliestTimestamp,
                      maxNumOffsets: v == 0 ? 10 : 1, taggedFields: unknownTags(flexible)),
                .init(partitionIndex: 1, timestamp: v >= 7 ? ListOffsetsRequest.maxTimestamp : 1_700_000_000_000),
            ], taggedFields: unknownTags(flexible))],
            taggedFields: unknownTags(flexible, tag: 2)
        )
    }

    static func response(_ v: Int16) -> ListOffsetsResponse {
        let flexible = v >= 6
        return ListOffsetsResponse(
            throttleTimeMs: v >= 2 ? 3 : 0,
            topics: [.init(name: "orders", partitions: [
                v == 0
                    ? .init(partitionIndex: 0, errorCode: .none, oldStyleOffsets: [4242, 4000, 0])
                    : .init(partitionIndex: 0, errorCode: .none, timestamp: 1_700_000_000_123, offset: 4242, leaderEpoch: v >= 4 ? 5 : -1,
                            taggedFields: unknownTags(flexible)),
                .init(partitionIndex: 1, errorCode: .unknownTopicOrPartition),
            ], taggedFields: unknownTags(flexible))],
            taggedFields: unknownTags(flexible, tag: 2)
        )
    }

    @Test("every version round-trips request and response", arguments: ListOffsetsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("FindCoordinator codec")
struct FindCoordinatorTests {
    static func request(_ v: Int16) -> FindCoordinatorRequest {
        FindCoordinatorRequest(
            key: v <= 3 ? "group-a" : "", keyType: v >= 1 ? FindCoordinatorRequest.transactionKeyType : 0,
            coordinatorKeys: v >= 4 ? ["group-a", "group-b", ""] : [], taggedFields: unknownTags(v >= 3)
        )
    }

    static func response(_ v: Int16) -> FindCoordinatorResponse {
        if v >= 4 {
            return FindCoordinatorResponse(
                throttleTimeMs: 9,
                coordinators: [
                    .init(key: "group-a", nodeID: 1, host: "localhost", port: 9092, taggedFields: unknownTags(true)),
                    .init(key: "group-b", nodeID: -1, host: "", port: -1, errorCode: .coordinatorNotAvailable, errorMessage: "loading"),
                ],
                taggedFields: unknownTags(true, tag: 1)
            )
        }
        return FindCoordinatorResponse(
            throttleTimeMs: v >= 1 ? 9 : 0, errorCode: .coordinatorLoadInProgress, errorMessage: v >= 1 ? "loading" : nil,
            nodeID: 1, host: "localhost", port: 9092, taggedFields: unknownTags(v >= 3, tag: 1)
        )
    }

    @Test("every version round-trips request and response", arguments: FindCoordinatorRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("keys come from Key before v4 and CoordinatorKeys from v4")
    func keysPerShape() {
        #expect(Self.request(3).keys(version: 3) == ["group-a"])
        #expect(Self.request(4).keys(version: 4) == ["group-a", "group-b", ""])
    }
}

@Suite("InitProducerId codec")
struct InitProducerIdTests {
    static func request(_ v: Int16) -> InitProducerIdRequest {
        InitProducerIdRequest(
            transactionalID: v.isMultiple(of: 2) ? "txn" : nil, transactionTimeoutMs: 60_000,
            producerID: v >= 3 ? 1001 : -1, producerEpoch: v >= 3 ? 7 : -1, taggedFields: unknownTags(v >= 2)
        )
    }

    static func response(_ v: Int16) -> InitProducerIdResponse {
        InitProducerIdResponse(throttleTimeMs: 4, errorCode: .producerFenced, producerID: 1001, producerEpoch: 8, taggedFields: unknownTags(v >= 2))
    }

    @Test("every version round-trips request and response", arguments: InitProducerIdRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}
