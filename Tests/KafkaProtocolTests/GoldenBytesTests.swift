import Foundation
import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// Request frames captured from real clients by scripts/capture_golden.py. Each is checked both ways:
// decoding gives the expected header and body, and encoding those gives the captured bytes back.

@Suite("Golden request bytes from real clients")
struct GoldenBytesTests {
    private func loadFrame(_ directory: String, _ name: String) throws -> ByteBuffer {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "hex", subdirectory: "Fixtures/\(directory)"))
        let hex = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
            index = next
        }
        return ByteBuffer(bytes: bytes)
    }

    /// `adopt` copies from the decoded body what a test cannot spell out (record batches with client timestamps).
    @discardableResult
    private func checkGolden<M: KafkaRequestMessage & Hashable>(
        _ directory: String, _ name: String, header expectedHeader: RequestHeader, body: M,
        adopt: (inout M, M) -> Void = { _, _ in }, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> M {
        let original = try loadFrame(directory, name)
        var input = original
        var frame = try #require(try KafkaFrameDecoder(maximumFrameSize: 1 << 20).nextFrame(from: &input))
        #expect(input.readableBytes == 0, sourceLocation: sourceLocation)
        var header = try RequestHeader(from: &frame)
        let flexible = M.isFlexible(header.apiVersion)
        try header.readTaggedFields(from: &frame, flexible: flexible)
        #expect(header == expectedHeader, sourceLocation: sourceLocation)
        let decoded = try M.decode(frame, version: header.apiVersion)
        var expectedBody = body
        adopt(&expectedBody, decoded)
        #expect(decoded == expectedBody, sourceLocation: sourceLocation)

        var payload = ByteBuffer()
        expectedHeader.encode(into: &payload, flexible: flexible)
        expectedBody.encode(into: &payload, version: expectedHeader.apiVersion)
        var encoded = ByteBuffer()
        encoded.writeInteger(Int32(payload.readableBytes))
        encoded.writeBuffer(&payload)
        #expect(encoded == original, sourceLocation: sourceLocation)
        return decoded
    }

    @Test("librdkafka ApiVersions v3")
    func apiVersionsLibrdkafka() throws {
        try checkGolden(
            "api_versions", "request-v3-librdkafka",
            header: RequestHeader(apiKey: .apiVersions, apiVersion: 3, correlationID: 1, clientID: "rdkafka"),
            body: ApiVersionsRequest(clientSoftwareName: "confluent-kafka-python", clientSoftwareVersion: "2.16.1-rdkafka-2.16.0")
        )
    }

    @Test("kafka-python ApiVersions v4")
    func apiVersionsKafkaPython() throws {
        try checkGolden(
            "api_versions", "request-v4-kafka-python",
            header: RequestHeader(apiKey: .apiVersions, apiVersion: 4, correlationID: 1, clientID: "kafka-python-producer-1"),
            body: ApiVersionsRequest(clientSoftwareName: "kafka-python", clientSoftwareVersion: "3.0.12")
        )
    }

    @Test("aiokafka ApiVersions v0")
    func apiVersionsAiokafka() throws {
        try checkGolden(
            "api_versions", "request-v0-aiokafka",
            header: RequestHeader(apiKey: .apiVersions, apiVersion: 0, correlationID: 1, clientID: "aiokafka-producer-1"),
            body: ApiVersionsRequest()
        )
    }

    @Test("librdkafka Metadata v12 for one named topic")
    func metadataLibrdkafka() throws {
        try checkGolden(
            "metadata", "request-v12-librdkafka",
            header: RequestHeader(apiKey: .metadata, apiVersion: 12, correlationID: 2, clientID: "rdkafka"),
            body: MetadataRequest(topics: [.init(topicID: .zero, name: "golden")], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false)
        )
    }

    @Test("kafka-python Metadata v12 with an empty topic list")
    func metadataKafkaPython() throws {
        try checkGolden(
            "metadata", "request-v12-kafka-python",
            header: RequestHeader(apiKey: .metadata, apiVersion: 12, correlationID: 2, clientID: "kafka-python-producer-1"),
            body: MetadataRequest(topics: [], allowAutoTopicCreation: true)
        )
    }

    @Test("aiokafka Metadata v5 with an empty topic list")
    func metadataAiokafka() throws {
        try checkGolden(
            "metadata", "request-v5-aiokafka",
            header: RequestHeader(apiKey: .metadata, apiVersion: 5, correlationID: 2, clientID: "aiokafka-producer-1"),
            body: MetadataRequest(topics: [], allowAutoTopicCreation: true)
        )
    }

    // MARK: Produce: one record (key "golden-key", value "golden-value") to golden/0.

    private func produceBody(acks: Int16, timeoutMs: Int32) -> ProduceRequest {
        ProduceRequest(transactionalID: nil, acks: acks, timeoutMs: timeoutMs, topicData: [.init(name: "golden", partitionData: [.init(index: 0, records: nil)])])
    }

    private func adoptRecords(_ expected: inout ProduceRequest, _ decoded: ProduceRequest) {
        expected.topicData[0].partitionData[0].records = decoded.topicData.first?.partitionData.first?.records
    }

    /// The records are one RecordBatch v2 whose length field covers exactly the bytes sent.
    private func expectOneBatch(_ request: ProduceRequest, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let records = try #require(request.topicData.first?.partitionData.first?.records, sourceLocation: sourceLocation)
        let batchLength = try #require(records.getInteger(at: records.readerIndex + 8, as: Int32.self))
        #expect(Int(batchLength) + 12 == records.readableBytes, sourceLocation: sourceLocation)
        #expect(records.getInteger(at: records.readerIndex + 16, as: Int8.self) == 2, sourceLocation: sourceLocation)
        #expect(String(decoding: records.readableBytesView, as: UTF8.self).contains("golden-value"), sourceLocation: sourceLocation)
    }

    @Test("librdkafka Produce v10")
    func produceLibrdkafka() throws {
        let decoded = try checkGolden(
            "produce", "request-v10-librdkafka",
            header: RequestHeader(apiKey: .produce, apiVersion: 10, correlationID: 2, clientID: "rdkafka"),
            body: produceBody(acks: -1, timeoutMs: 30_000), adopt: adoptRecords
        )
        try expectOneBatch(decoded)
    }

    @Test("kafka-python Produce v9")
    func produceKafkaPython() throws {
        let decoded = try checkGolden(
            "produce", "request-v9-kafka-python",
            header: RequestHeader(apiKey: .produce, apiVersion: 9, correlationID: 2, clientID: "kafka-python-producer-1"),
            body: produceBody(acks: 1, timeoutMs: 8000), adopt: adoptRecords
        )
        try expectOneBatch(decoded)
    }

    @Test("aiokafka Produce v7")
    func produceAiokafka() throws {
        let decoded = try checkGolden(
            "produce", "request-v7-aiokafka",
            header: RequestHeader(apiKey: .produce, apiVersion: 7, correlationID: 2, clientID: "aiokafka-producer-1"),
            body: produceBody(acks: 1, timeoutMs: 8000), adopt: adoptRecords
        )
        try expectOneBatch(decoded)
    }

    // MARK: Fetch: golden/0 from offset 0, after a Metadata answer with leader epoch 0.

    private func fetchBody(isolationLevel: Int8 = 0, sessionEpoch: Int32, currentLeaderEpoch: Int32) -> FetchRequest {
        FetchRequest(
            replicaID: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 52_428_800, isolationLevel: isolationLevel, sessionID: 0, sessionEpoch: sessionEpoch,
            topics: [.init(topic: "golden", partitions: [
                .init(partition: 0, currentLeaderEpoch: currentLeaderEpoch, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1_048_576)
            ])],
            forgottenTopicsData: [], rackID: ""
        )
    }

    @Test("librdkafka Fetch v12 (read_committed by default)")
    func fetchLibrdkafka() throws {
        try checkGolden(
            "fetch", "request-v12-librdkafka",
            header: RequestHeader(apiKey: .fetch, apiVersion: 12, correlationID: 2, clientID: "rdkafka"),
            body: fetchBody(isolationLevel: 1, sessionEpoch: -1, currentLeaderEpoch: 0)
        )
    }

    @Test("kafka-python Fetch v12")
    func fetchKafkaPython() throws {
        try checkGolden(
            "fetch", "request-v12-kafka-python",
            header: RequestHeader(apiKey: .fetch, apiVersion: 12, correlationID: 2, clientID: "kafka-python-3.0.12"),
            body: fetchBody(sessionEpoch: 0, currentLeaderEpoch: 0)
        )
    }

    @Test("aiokafka Fetch v11")
    func fetchAiokafka() throws {
        try checkGolden(
            "fetch", "request-v11-aiokafka",
            header: RequestHeader(apiKey: .fetch, apiVersion: 11, correlationID: 2, clientID: "aiokafka-0.14.0"),
            body: fetchBody(sessionEpoch: -1, currentLeaderEpoch: -1)
        )
    }

    // MARK: JoinGroup: a consumer subscribing to `golden` in group `golden-group`, first join (no member ID yet).

    private func joinGroupBody(
        sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32, protocols: [String], subscription: ConsumerProtocolSubscription
    ) -> JoinGroupRequest {
        JoinGroupRequest(
            groupID: "golden-group", sessionTimeoutMs: sessionTimeoutMs, rebalanceTimeoutMs: rebalanceTimeoutMs, memberID: "", groupInstanceID: nil,
            protocolType: "consumer", protocols: protocols.map { .init(name: $0, metadata: subscription.encoded()) }
        )
    }

    /// Every protocol's metadata is a consumer protocol subscription to `golden`.
    private func expectSubscriptions(_ request: JoinGroupRequest, _ expected: ConsumerProtocolSubscription, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for proto in request.protocols {
            #expect(try ConsumerProtocolSubscription(decoding: proto.metadata) == expected, sourceLocation: sourceLocation)
        }
    }

    @Test("librdkafka JoinGroup v5 (range and roundrobin, subscription v3)")
    func joinGroupLibrdkafka() throws {
        // librdkafka sends empty (not null) user data and rack ID.
        let subscription = ConsumerProtocolSubscription(version: 3, topics: ["golden"], userData: ByteBuffer(), ownedPartitions: [], generationID: -1, rackID: "")
        let decoded = try checkGolden(
            "join_group", "request-v5-librdkafka",
            header: RequestHeader(apiKey: .joinGroup, apiVersion: 5, correlationID: 3, clientID: "rdkafka"),
            body: joinGroupBody(sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 300_000, protocols: ["range", "roundrobin"], subscription: subscription)
        )
        try expectSubscriptions(decoded, subscription)
    }

    @Test("kafka-python JoinGroup v7 (flexible, subscription v0)")
    func joinGroupKafkaPython() throws {
        let subscription = ConsumerProtocolSubscription(version: 0, topics: ["golden"], userData: ByteBuffer())
        let decoded = try checkGolden(
            "join_group", "request-v7-kafka-python",
            header: RequestHeader(apiKey: .joinGroup, apiVersion: 7, correlationID: 2, clientID: "kafka-python-3.0.12"),
            body: joinGroupBody(sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 300_000, protocols: ["range", "roundrobin"], subscription: subscription)
        )
        try expectSubscriptions(decoded, subscription)
    }

    @Test("aiokafka JoinGroup v5 (roundrobin only, subscription v0)")
    func joinGroupAiokafka() throws {
        let subscription = ConsumerProtocolSubscription(version: 0, topics: ["golden"], userData: ByteBuffer())
        let decoded = try checkGolden(
            "join_group", "request-v5-aiokafka",
            header: RequestHeader(apiKey: .joinGroup, apiVersion: 5, correlationID: 2, clientID: "aiokafka-0.14.0"),
            body: joinGroupBody(sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocols: ["roundrobin"], subscription: subscription)
        )
        try expectSubscriptions(decoded, subscription)
    }
}
