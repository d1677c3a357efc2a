import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("CreateTopics codec")
struct CreateTopicsTests {
    static func request(_ v: Int16) -> CreateTopicsRequest {
        let flexible = v >= 5
        return CreateTopicsRequest(
            topics: [
                .init(name: "orders", numPartitions: 6, replicationFactor: 1,
                      configs: [.init(name: "retention.ms", value: "3600000", taggedFields: unknownTags(flexible)), .init(name: "cleanup.policy", value: nil)],
                      taggedFields: unknownTags(flexible)),
                .init(name: "placed", assignments: [.init(partitionIndex: 0, brokerIDs: [1], taggedFields: unknownTags(flexible)), .init(partitionIndex: 1, brokerIDs: [])]),
            ],
            timeoutMs: 15_000, validateOnly: v >= 1, taggedFields: unknownTags(flexible, tag: 3)
        )
    }

    static func response(_ v: Int16) -> CreateTopicsResponse {
        let flexible = v >= 5
        return CreateTopicsResponse(
            throttleTimeMs: v >= 2 ? 2 : 0,
            topics: [
                .init(name: "orders", topicID: v >= 7 ? sampleTopicID : .zero, errorCode: .none, errorMessage: nil,
                      topicConfigErrorCode: flexible ? .topicAuthorizationFailed : .none,
                      numPartitions: flexible ? 6 : -1, replicationFactor: flexible ? 1 : -1,
                      configs: flexible ? [.init(name: "retention.ms", value: "3600000", readOnly: false, configSource: 5, isSensitive: false, taggedFields: unknownTags(flexible)),
                                           .init(name: "secret", value: nil, readOnly: true, configSource: 1, isSensitive: true)] : nil,
                      taggedFields: unknownTags(flexible)),
                .init(name: "bad", errorCode: .topicAlreadyExists, errorMessage: v >= 1 ? "Topic 'bad' already exists." : nil),
            ],
            taggedFields: unknownTags(flexible, tag: 3)
        )
    }

    @Test("every version round-trips request and response", arguments: CreateTopicsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("DeleteTopics codec")
struct DeleteTopicsTests {
    static func request(_ v: Int16) -> DeleteTopicsRequest {
        let flexible = v >= 4
        return DeleteTopicsRequest(
            topics: v >= 6 ? [.init(name: "orders", taggedFields: unknownTags(flexible)), .init(name: nil, topicID: sampleTopicID)] : [],
            topicNames: v < 6 ? ["orders", "audit"] : [], timeoutMs: 30_000, taggedFields: unknownTags(flexible, tag: 1)
        )
    }

    static func response(_ v: Int16) -> DeleteTopicsResponse {
        let flexible = v >= 4
        return DeleteTopicsResponse(
            throttleTimeMs: v >= 1 ? 1 : 0,
            responses: [
                .init(name: "orders", topicID: v >= 6 ? otherTopicID : .zero, taggedFields: unknownTags(flexible)),
                .init(name: v >= 6 ? nil : "audit", topicID: v >= 6 ? sampleTopicID : .zero, errorCode: v >= 6 ? .unknownTopicID : .unknownTopicOrPartition,
                      errorMessage: v >= 5 ? "no such topic" : nil),
            ],
            taggedFields: unknownTags(flexible, tag: 1)
        )
    }

    @Test("every version round-trips request and response", arguments: DeleteTopicsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("CreatePartitions codec")
struct CreatePartitionsTests {
    static func request(_ v: Int16) -> CreatePartitionsRequest {
        let flexible = v >= 2
        return CreatePartitionsRequest(
            topics: [
                .init(name: "orders", count: 8, assignments: [.init(brokerIDs: [1], taggedFields: unknownTags(flexible)), .init(brokerIDs: [1, 2])],
                      taggedFields: unknownTags(flexible)),
                .init(name: "audit", count: 3, assignments: nil),
            ],
            timeoutMs: 10_000, validateOnly: true, taggedFields: unknownTags(flexible, tag: 2)
        )
    }

    static func response(_ v: Int16) -> CreatePartitionsResponse {
        let flexible = v >= 2
        return CreatePartitionsResponse(
            throttleTimeMs: 5,
            results: [.init(name: "orders", taggedFields: unknownTags(flexible)), .init(name: "audit", errorCode: .invalidPartitions, errorMessage: "cannot shrink")],
            taggedFields: unknownTags(flexible, tag: 2)
        )
    }

    @Test("every version round-trips request and response", arguments: CreatePartitionsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("DescribeConfigs codec")
struct DescribeConfigsTests {
    static func request(_ v: Int16) -> DescribeConfigsRequest {
        let flexible = v >= 4
        return DescribeConfigsRequest(
            resources: [
                .init(resourceType: ConfigResourceType.topic, resourceName: "orders", configurationKeys: ["retention.ms", "cleanup.policy"],
                      taggedFields: unknownTags(flexible)),
                .init(resourceType: ConfigResourceType.broker, resourceName: "1", configurationKeys: nil),
            ],
            includeSynonyms: v >= 1, includeDocumentation: v >= 3, taggedFields: unknownTags(flexible, tag: 4)
        )
    }

    static func response(_ v: Int16) -> DescribeConfigsResponse {
        let flexible = v >= 4
        let config = DescribeConfigsResponse.Config(
            name: "retention.ms", value: "604800000", readOnly: false, isDefault: v == 0,
            configSource: v >= 1 ? ConfigSource.defaultConfig : -1, isSensitive: false,
            synonyms: v >= 1 ? [.init(name: "log.retention.ms", value: nil, source: ConfigSource.staticBrokerConfig, taggedFields: unknownTags(flexible))] : [],
            configType: v >= 3 ? 5 : 0, documentation: v >= 3 ? "How long to keep a log." : nil, taggedFields: unknownTags(flexible)
        )
        return DescribeConfigsResponse(
            throttleTimeMs: 6,
            results: [
                .init(resourceType: ConfigResourceType.topic, resourceName: "orders",
                      configs: [config, .init(name: "password", value: nil, readOnly: true, configSource: v >= 1 ? ConfigSource.dynamicTopicConfig : -1, isSensitive: true)],
                      taggedFields: unknownTags(flexible)),
                .init(errorCode: .unknownTopicOrPartition, errorMessage: "unknown", resourceType: ConfigResourceType.topic, resourceName: "gone", configs: []),
            ],
            taggedFields: unknownTags(flexible, tag: 4)
        )
    }

    @Test("every version round-trips request and response", arguments: DescribeConfigsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("OffsetForLeaderEpoch codec")
struct OffsetForLeaderEpochTests {
    static func request(_ v: Int16) -> OffsetForLeaderEpochRequest {
        let flexible = v >= 4
        return OffsetForLeaderEpochRequest(
            replicaID: v >= 3 ? -1 : -2,
            topics: [.init(topic: "orders", partitions: [.init(partition: 0, currentLeaderEpoch: v >= 2 ? 3 : -1, leaderEpoch: 2, taggedFields: unknownTags(flexible)), .init(partition: 1, leaderEpoch: 0)],
                           taggedFields: unknownTags(flexible))],
            taggedFields: unknownTags(flexible, tag: 5)
        )
    }

    static func response(_ v: Int16) -> OffsetForLeaderEpochResponse {
        let flexible = v >= 4
        return OffsetForLeaderEpochResponse(
            throttleTimeMs: v >= 2 ? 7 : 0,
            topics: [.init(topic: "orders", partitions: [
                .init(errorCode: .none, partition: 0, leaderEpoch: v >= 1 ? 2 : -1, endOffset: 12_345, taggedFields: unknownTags(flexible)),
                .init(errorCode: .fencedLeaderEpoch, partition: 1),
            ], taggedFields: unknownTags(flexible))],
            taggedFields: unknownTags(flexible, tag: 5)
        )
    }

    @Test("every version round-trips request and response", arguments: OffsetForLeaderEpochRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}
