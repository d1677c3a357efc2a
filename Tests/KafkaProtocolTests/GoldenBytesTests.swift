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

    private func checkGolden<M: KafkaRequestMessage & Hashable>(
        _ directory: String, _ name: String, header expectedHeader: RequestHeader, body expectedBody: M,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let original = try loadFrame(directory, name)
        var input = original
        var frame = try #require(try KafkaFrameDecoder(maximumFrameSize: 1 << 20).nextFrame(from: &input))
        #expect(input.readableBytes == 0, sourceLocation: sourceLocation)
        var header = try RequestHeader(from: &frame)
        let flexible = M.isFlexible(header.apiVersion)
        try header.readTaggedFields(from: &frame, flexible: flexible)
        #expect(header == expectedHeader, sourceLocation: sourceLocation)
        let body = try M.decode(frame, version: header.apiVersion)
        #expect(body == expectedBody, sourceLocation: sourceLocation)

        var payload = ByteBuffer()
        expectedHeader.encode(into: &payload, flexible: flexible)
        expectedBody.encode(into: &payload, version: expectedHeader.apiVersion)
        var encoded = ByteBuffer()
        encoded.writeInteger(Int32(payload.readableBytes))
        encoded.writeBuffer(&payload)
        #expect(encoded == original, sourceLocation: sourceLocation)
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
            header: RequestHeader(apiKey: .apiVersions, apiVersion: 4, correlationID: 1, clientID: "kafka-python-3.0.12"),
            body: ApiVersionsRequest(clientSoftwareName: "kafka-python", clientSoftwareVersion: "3.0.12")
        )
    }

    @Test("aiokafka ApiVersions v0")
    func apiVersionsAiokafka() throws {
        try checkGolden(
            "api_versions", "request-v0-aiokafka",
            header: RequestHeader(apiKey: .apiVersions, apiVersion: 0, correlationID: 1, clientID: "aiokafka-0.14.0"),
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
            header: RequestHeader(apiKey: .metadata, apiVersion: 12, correlationID: 2, clientID: "kafka-python-3.0.12"),
            body: MetadataRequest(topics: [], allowAutoTopicCreation: true)
        )
    }

    @Test("aiokafka Metadata v5 with an empty topic list")
    func metadataAiokafka() throws {
        try checkGolden(
            "metadata", "request-v5-aiokafka",
            header: RequestHeader(apiKey: .metadata, apiVersion: 5, correlationID: 2, clientID: "aiokafka-0.14.0"),
            body: MetadataRequest(topics: [], allowAutoTopicCreation: true)
        )
    }
}
