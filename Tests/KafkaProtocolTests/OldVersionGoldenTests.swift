import Foundation
import KafkaModel
import KafkaProtocol
import KafkaRecords
import NIOCore
import Testing

/// Old request versions as real clients send them (sarama 1.22, kafka-python 3.0.12 at an old
/// `api_version`), recorded through a broker by scripts/capture_old_versions.py: each frame decodes
/// to the expected request and encodes back to the same bytes.
@Suite("Old versions from real clients")
struct OldVersionGoldenTests {
    static let sarama = "fjord-it-sarama"
    static let kafkaPython = "golden-kafka-python"

    private func check<M: KafkaRequestMessage & Hashable>(
        _ directory: String, _ name: String, header expected: RequestHeader, body: M, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "hex", subdirectory: "Fixtures/\(directory)"))
        let hex = Array(try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        let bytes = try stride(from: 0, to: hex.count, by: 2).map { try #require(UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)) }
        let original = ByteBuffer(bytes: bytes)
        var frame = original
        #expect(frame.readInteger(as: Int32.self) == Int32(bytes.count - 4), sourceLocation: sourceLocation)
        var header = try RequestHeader(from: &frame)
        try header.readTaggedFields(from: &frame, flexible: M.isFlexible(header.apiVersion))
        #expect(header == expected, sourceLocation: sourceLocation)
        #expect(try M.decode(frame, version: header.apiVersion) == body, sourceLocation: sourceLocation)

        var payload = ByteBuffer()
        expected.encode(into: &payload, flexible: M.isFlexible(expected.apiVersion))
        body.encode(into: &payload, version: expected.apiVersion)
        var encoded = ByteBuffer()
        encoded.writeInteger(Int32(payload.readableBytes))
        encoded.writeBuffer(&payload)
        #expect(encoded == original, sourceLocation: sourceLocation)
    }

    @Test("sarama CreateTopics v0 and v1")
    func createTopics() throws {
        for (version, topic) in [(Int16(0), "golden-v0"), (1, "golden-v1")] {
            try check(
                "create_topics", "request-v\(version)-sarama",
                header: RequestHeader(apiKey: .createTopics, apiVersion: version, correlationID: 0, clientID: Self.sarama),
                body: CreateTopicsRequest(topics: [.init(name: topic, numPartitions: 2, replicationFactor: 1)], timeoutMs: 3000))
        }
    }

    @Test("sarama DeleteTopics v0")
    func deleteTopics() throws {
        try check(
            "delete_topics", "request-v0-sarama",
            header: RequestHeader(apiKey: .deleteTopics, apiVersion: 0, correlationID: 0, clientID: Self.sarama),
            body: DeleteTopicsRequest(topicNames: ["golden-v0"], timeoutMs: 3000))
    }

    @Test("sarama DescribeConfigs v0")
    func describeConfigs() throws {
        try check(
            "describe_configs", "request-v0-sarama",
            header: RequestHeader(apiKey: .describeConfigs, apiVersion: 0, correlationID: 0, clientID: Self.sarama),
            body: DescribeConfigsRequest(resources: [.init(resourceType: ConfigResourceType.topic, resourceName: "golden", configurationKeys: nil)]))
    }

    @Test("kafka-python ListOffsets v0 (end offsets at api_version 0.10.0)")
    func listOffsets() throws {
        try check(
            "list_offsets", "request-v0-kafka-python",
            header: RequestHeader(apiKey: .listOffsets, apiVersion: 0, correlationID: 2, clientID: Self.kafkaPython),
            body: ListOffsetsRequest(
                replicaID: -1,
                topics: [.init(name: "golden", partitions: [.init(partitionIndex: 0, timestamp: ListOffsetsRequest.latestTimestamp, maxNumOffsets: 1)])]))
    }

    @Test("kafka-python OffsetCommit v1 and OffsetFetch v1 (a group without members, api_version 0.8.2)")
    func offsetCommitAndFetch() throws {
        try check(
            "offset_commit", "request-v1-kafka-python",
            header: RequestHeader(apiKey: .offsetCommit, apiVersion: 1, correlationID: 1, clientID: Self.kafkaPython),
            body: OffsetCommitRequest(
                groupID: "golden-group", generationIDOrMemberEpoch: -1, memberID: "",
                topics: [.init(name: "golden", partitions: [.init(partitionIndex: 0, committedOffset: 3, commitTimestamp: -1, committedMetadata: "meta")])]))
        try check(
            "offset_fetch", "request-v1-kafka-python",
            header: RequestHeader(apiKey: .offsetFetch, apiVersion: 1, correlationID: 2, clientID: Self.kafkaPython),
            body: OffsetFetchRequest(groupID: "golden-group", topics: [.init(name: "golden", partitionIndexes: [0])]))
    }
    /// The message set a golden Produce frame carries, as hex: one uncompressed message, key
    /// `order-1`, value `paid`; magic 0 (no timestamp) or magic 1 (CreateTime 1,700,000,000,000).
    static let messageSets: [Int8: String] = [
        0: "000000000000000000000019d31c029f0000000000076f726465722d310000000470616964",
        1: "000000000000000000000021e05abd6801000000018bcfe56800000000076f726465722d310000000470616964",
    ]

    @Test("kafka-python Produce v0 and v2 carry message sets of magic 0 and 1 (api_version 0.8.2 and 0.10.0)")
    func produceMessageSets() throws {
        for (version, magic, topic) in [(Int16(0), Int8(0), "golden-m0"), (2, 1, "golden-m1")] {
            let hex = Array(try #require(Self.messageSets[magic]).utf8)
            let set = ByteBuffer(bytes: try stride(from: 0, to: hex.count, by: 2).map {
                try #require(UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16))
            })
            try check(
                "produce", "request-v\(version)-kafka-python",
                header: RequestHeader(apiKey: .produce, apiVersion: version, correlationID: Int32(version == 0 ? 1 : 2), clientID: Self.kafkaPython),
                body: ProduceRequest(acks: 1, timeoutMs: 30_000, topicData: [.init(name: topic, partitionData: [.init(index: 0, records: set)])]))
            // The records are the client's own message set, which the legacy reader accepts.
            var reader = LegacyMessageSetReader(set)
            let message = try #require(try reader.next())
            #expect(message.magic == magic)
            #expect(message.key == ByteBuffer(string: "order-1"))
            #expect(message.value == ByteBuffer(string: "paid"))
            #expect(message.timestamp == (magic == 0 ? -1 : 1_700_000_000_000))
            #expect(try reader.next() == nil)
        }
    }

    @Test("kafka-python Fetch v0 and v2 (api_version 0.8.2 and 0.10.0)")
    func fetchOldVersions() throws {
        for (version, topic) in [(Int16(0), "golden-m0"), (2, "golden-m1")] {
            try check(
                "fetch", "request-v\(version)-kafka-python",
                header: RequestHeader(apiKey: .fetch, apiVersion: version, correlationID: Int32(version == 0 ? 1 : 2), clientID: Self.kafkaPython),
                body: FetchRequest(
                    replicaID: -1, maxWaitMs: 500, minBytes: 1,
                    topics: [.init(topic: topic, partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1_048_576)])]))
        }
    }
}
