import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("Produce codec")
struct ProduceTests {
    static func request(_ v: Int16) -> ProduceRequest {
        let flexible = v >= 9
        return ProduceRequest(
            transactionalID: v >= 3 ? "txn-1" : nil, acks: -1, timeoutMs: 30_000,
            topicData: [
                .init(name: "orders", partitionData: [
                    .init(index: 0, records: recordBytes(1), taggedFields: unknownTags(flexible)),
                    .init(index: 1, records: nil),
                ], taggedFields: unknownTags(flexible)),
                .init(name: "audit", partitionData: [.init(index: 2, records: recordBytes(9, count: 5))]),
            ],
            taggedFields: unknownTags(flexible, tag: 4)
        )
    }

    static func response(_ v: Int16) -> ProduceResponse {
        let flexible = v >= 9
        let partition = ProduceResponse.PartitionResponse(
            index: 0, errorCode: v >= 10 ? .notLeaderOrFollower : .none, baseOffset: 1_234_567_890_123,
            logAppendTimeMs: v >= 2 ? 1_700_000_000_000 : -1, logStartOffset: v >= 5 ? 17 : -1,
            recordErrors: v >= 8 ? [.init(batchIndex: 2, batchIndexErrorMessage: "bad key", taggedFields: unknownTags(flexible)), .init(batchIndex: 5)] : [],
            errorMessage: v >= 8 ? "batch rejected" : nil,
            currentLeader: v >= 10 ? ProduceResponse.LeaderIdAndEpoch(leaderID: 3, leaderEpoch: 9, taggedFields: unknownTags(flexible, tag: 1)) : nil,
            taggedFields: unknownTags(flexible)
        )
        return ProduceResponse(
            responses: [.init(name: "orders", partitionResponses: [partition, .init(index: 1, baseOffset: 5)], taggedFields: unknownTags(flexible))],
            throttleTimeMs: v >= 1 ? 11 : 0,
            nodeEndpoints: v >= 10 ? [ProduceResponse.NodeEndpoint(nodeID: 3, host: "b3", port: 9094, rack: "r1", taggedFields: unknownTags(flexible)), .init(nodeID: 4, host: "b4", port: 1)] : [],
            taggedFields: unknownTags(flexible, tag: 8)
        )
    }

    @Test("every version round-trips request and response", arguments: ProduceRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("records are a slice of the request frame, not a copy")
    func recordsAreSlices() throws {
        var buffer = ByteBuffer()
        Self.request(9).encode(into: &buffer, version: 9)
        let decoded = try ProduceRequest.decode(buffer, version: 9)
        let records = try #require(decoded.topicData[0].partitionData[0].records)
        #expect(records == recordBytes(1))
        let frameStart = buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let sliceStart = records.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(sliceStart >= frameStart && sliceStart < frameStart + UInt(buffer.readableBytes))
    }

    @Test("ThrottleTimeMs follows the topic array")
    func throttleAfterTopics() {
        var buffer = ByteBuffer()
        ProduceResponse(responses: [], throttleTimeMs: 0x0102_0304).encode(into: &buffer, version: 1)
        #expect(Array(buffer.readableBytesView) == [0, 0, 0, 0, 1, 2, 3, 4])
    }
}
