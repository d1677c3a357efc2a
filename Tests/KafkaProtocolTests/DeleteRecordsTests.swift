import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("DeleteRecords codec")
struct DeleteRecordsTests {
    static func request(_ v: Int16) -> DeleteRecordsRequest {
        let flexible = v >= 2
        return DeleteRecordsRequest(
            topics: [
                .init(name: "orders", partitions: [.init(partitionIndex: 0, offset: 42, taggedFields: unknownTags(flexible)), .init(partitionIndex: 3, offset: -1)],
                      taggedFields: unknownTags(flexible)),
                .init(name: "audit", partitions: []),
            ],
            timeoutMs: 30_000, taggedFields: unknownTags(flexible, tag: 2))
    }

    static func response(_ v: Int16) -> DeleteRecordsResponse {
        let flexible = v >= 2
        return DeleteRecordsResponse(
            throttleTimeMs: 7,
            topics: [
                .init(name: "orders", partitions: [
                    .init(partitionIndex: 0, lowWatermark: 42, taggedFields: unknownTags(flexible)),
                    .init(partitionIndex: 3, lowWatermark: -1, errorCode: .offsetOutOfRange),
                ], taggedFields: unknownTags(flexible)),
            ],
            taggedFields: unknownTags(flexible, tag: 2))
    }

    @Test("every version round-trips request and response", arguments: DeleteRecordsRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    /// v1 bytes laid out by hand from the schema: topics, partitions (index, offset), timeout.
    @Test func v1MatchesTheSchemaLayout() throws {
        let request = DeleteRecordsRequest(topics: [.init(name: "t", partitions: [.init(partitionIndex: 2, offset: 9)])], timeoutMs: 5)
        var buffer = ByteBuffer()
        request.encode(into: &buffer, version: 1)
        let expected: [UInt8] = [0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 5]
        #expect(Array(buffer.readableBytesView) == expected)
        // v2: compact lengths (n+1) and a tag buffer after each struct.
        var flexible = ByteBuffer()
        request.encode(into: &flexible, version: 2)
        let expectedFlexible: [UInt8] = [2, 2, 0x74, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 5, 0]
        #expect(Array(flexible.readableBytesView) == expectedFlexible)
    }
}
