import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("AlterConfigs codec")
struct AlterConfigsTests {
    static func request(_ v: Int16) -> AlterConfigsRequest {
        let flexible = v >= 2
        return AlterConfigsRequest(
            resources: [
                .init(resourceType: ConfigResourceType.topic, resourceName: "orders",
                      configs: [.init(name: "retention.ms", value: "3600000", taggedFields: unknownTags(flexible)),
                                .init(name: "cleanup.policy", value: nil)],
                      taggedFields: unknownTags(flexible)),
                .init(resourceType: ConfigResourceType.broker, resourceName: "1", configs: []),
            ],
            validateOnly: true, taggedFields: unknownTags(flexible, tag: 4)
        )
    }

    static func response(_ v: Int16) -> AlterConfigsResponse {
        let flexible = v >= 2
        return AlterConfigsResponse(
            throttleTimeMs: 3,
            responses: [
                .init(resourceType: ConfigResourceType.topic, resourceName: "orders", taggedFields: unknownTags(flexible)),
                .init(errorCode: .invalidConfig, errorMessage: "Invalid value x for configuration retention.ms",
                      resourceType: ConfigResourceType.topic, resourceName: "audit"),
            ],
            taggedFields: unknownTags(flexible, tag: 2)
        )
    }

    @Test("every version round-trips request and response", arguments: AlterConfigsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }
}

@Suite("IncrementalAlterConfigs codec")
struct IncrementalAlterConfigsTests {
    static func request(_ v: Int16) -> IncrementalAlterConfigsRequest {
        let flexible = v >= 1
        return IncrementalAlterConfigsRequest(
            resources: [
                .init(resourceType: ConfigResourceType.topic, resourceName: "orders",
                      configs: [.init(name: "retention.ms", configOperation: ConfigOperation.set, value: "3600000", taggedFields: unknownTags(flexible)),
                                .init(name: "segment.ms", configOperation: ConfigOperation.delete, value: nil),
                                .init(name: "cleanup.policy", configOperation: ConfigOperation.append, value: "compact")],
                      taggedFields: unknownTags(flexible)),
                .init(resourceType: ConfigResourceType.topic, resourceName: "empty", configs: []),
            ],
            validateOnly: false, taggedFields: unknownTags(flexible, tag: 7)
        )
    }

    static func response(_ v: Int16) -> IncrementalAlterConfigsResponse {
        let flexible = v >= 1
        return IncrementalAlterConfigsResponse(
            throttleTimeMs: 0,
            responses: [
                .init(errorCode: .unknownTopicOrPartition, errorMessage: "The topic 'orders' does not exist.",
                      resourceType: ConfigResourceType.topic, resourceName: "orders", taggedFields: unknownTags(flexible)),
                .init(resourceType: ConfigResourceType.topic, resourceName: "empty"),
            ],
            taggedFields: unknownTags(flexible, tag: 1)
        )
    }

    @Test("every version round-trips request and response", arguments: IncrementalAlterConfigsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("v1 request matches the bytes the spec lays out")
    func flexibleLayout() throws {
        let request = IncrementalAlterConfigsRequest(resources: [
            .init(resourceType: 2, resourceName: "t", configs: [.init(name: "a", configOperation: 0, value: "1")]),
        ])
        var buffer = ByteBuffer()
        request.encode(into: &buffer, version: 1)
        // compact array(1) | int8 2 | "t" | compact array(1) | "a" | op 0 | "1" | tags | tags | validate_only | tags
        #expect(Array(buffer.readableBytesView) == [0x02, 0x02, 0x02, 0x74, 0x02, 0x02, 0x61, 0x00, 0x02, 0x31, 0x00, 0x00, 0x00, 0x00])
    }
}
