import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("Metadata codec")
struct MetadataTests {
    static func request(_ v: Int16) -> MetadataRequest {
        let flexible = v >= 9
        var topics = [MetadataRequest.Topic(topicID: v >= 10 ? sampleTopicID : .zero, name: "orders", taggedFields: unknownTags(flexible))]
        if v >= 12 { topics.append(.init(topicID: otherTopicID, name: nil)) }
        return MetadataRequest(
            topics: topics, allowAutoTopicCreation: v < 4, includeClusterAuthorizedOperations: (8...10).contains(v),
            includeTopicAuthorizedOperations: v >= 8, taggedFields: unknownTags(flexible, tag: 5)
        )
    }

    static func response(_ v: Int16) -> MetadataResponse {
        let flexible = v >= 9
        let partition = MetadataResponse.Partition(
            errorCode: .leaderNotAvailable, partitionIndex: 3, leaderID: 7, leaderEpoch: v >= 7 ? 12 : -1,
            replicaNodes: [7, 8], isrNodes: [7], offlineReplicas: v >= 5 ? [8] : [], taggedFields: unknownTags(flexible)
        )
        var topics = [
            MetadataResponse.Topic(
                errorCode: .none, name: "orders", topicID: v >= 10 ? sampleTopicID : .zero, isInternal: v >= 1,
                partitions: [partition, .init(partitionIndex: 4, leaderID: 8, replicaNodes: [], isrNodes: [])],
                topicAuthorizedOperations: v >= 8 ? 0x0F : MetadataResponse.authorizedOperationsOmitted, taggedFields: unknownTags(flexible)
            )
        ]
        if v >= 12 { topics.append(.init(errorCode: .unknownTopicID, name: nil, topicID: otherTopicID, partitions: [])) }
        return MetadataResponse(
            throttleTimeMs: v >= 3 ? 25 : 0,
            brokers: [.init(nodeID: 7, host: "broker-7.local", port: 9092, rack: v >= 1 ? "rack-a" : nil, taggedFields: unknownTags(flexible)),
                      .init(nodeID: 8, host: "b8", port: 9093)],
            clusterID: v >= 2 ? "fjord-cluster" : nil, controllerID: v >= 1 ? 7 : -1, topics: topics,
            clusterAuthorizedOperations: (8...10).contains(v) ? 0x1F : MetadataResponse.authorizedOperationsOmitted,
            taggedFields: unknownTags(flexible, tag: 3)
        )
    }

    @Test("every version round-trips request and response", arguments: MetadataRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("a null topic list asks for all topics from v1, an empty list in v0", arguments: MetadataRequest.versions)
    func allTopics(version: Int16) throws {
        var all = Self.request(version)
        all.topics = nil
        #expect(all.requestedTopics(version: version) == nil)
        // v0 has no null: nil goes out as an empty list, which comes back as one and still means all topics.
        if version == 0 {
            var empty = all
            empty.topics = []
            try expectRequestRoundTrip(empty, version: version)
            #expect(empty.requestedTopics(version: version) == nil)
        } else {
            try expectRequestRoundTrip(all, version: version)
        }
        var buffer = ByteBuffer()
        all.encode(into: &buffer, version: version)
        if version == 0 {
            #expect(buffer.getInteger(at: 0, as: Int32.self) == 0)
        } else if version < 9 {
            #expect(buffer.getInteger(at: 0, as: Int32.self) == -1)
        } else {
            #expect(buffer.getInteger(at: 0, as: UInt8.self) == 0)
        }
    }

    @Test("v1+ distinguishes an empty topic list (no topics) from null")
    func emptyIsNotAll() throws {
        var none = Self.request(4)
        none.topics = []
        try expectRequestRoundTrip(none, version: 4)
    }

    @Test("v12 topic looked up by ID carries a null name")
    func topicByID() throws {
        var buffer = ByteBuffer()
        Self.request(12).encode(into: &buffer, version: 12)
        let decoded = try MetadataRequest.decode(buffer, version: 12)
        #expect(decoded.topics?.last?.name == nil)
        #expect(decoded.topics?.last?.topicID == otherTopicID)
    }
}
