import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

@Suite("Fetch codec")
struct FetchTests {
    static func request(_ v: Int16) -> FetchRequest {
        let flexible = v >= 12
        let partition = FetchRequest.Partition(
            partition: 2, currentLeaderEpoch: v >= 9 ? 4 : -1, fetchOffset: 99_999, lastFetchedEpoch: v >= 12 ? 3 : -1,
            logStartOffset: v >= 5 ? 10 : -1, partitionMaxBytes: 1 << 20, replicaDirectoryID: v >= 17 ? otherTopicID : .zero,
            taggedFields: unknownTags(flexible)
        )
        return FetchRequest(
            clusterID: flexible ? "fjord-cluster" : nil, replicaID: v <= 14 ? -1 : -1,
            replicaState: v >= 15 ? .init(replicaID: 5, replicaEpoch: 77, taggedFields: unknownTags(flexible)) : nil,
            maxWaitMs: 500, minBytes: 1, maxBytes: v >= 3 ? 52_428_800 : .max, isolationLevel: v >= 4 ? 1 : 0,
            sessionID: v >= 7 ? 42 : 0, sessionEpoch: v >= 7 ? 6 : -1,
            topics: [
                .init(topic: v <= 12 ? "orders" : "", topicID: v >= 13 ? sampleTopicID : .zero,
                      partitions: [partition, .init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1024)], taggedFields: unknownTags(flexible))
            ],
            forgottenTopicsData: v >= 7
                ? [.init(topic: v <= 12 ? "audit" : "", topicID: v >= 13 ? otherTopicID : .zero, partitions: [1, 3], taggedFields: unknownTags(flexible))] : [],
            rackID: v >= 11 ? "rack-b" : "", taggedFields: unknownTags(flexible, tag: 9)
        )
    }

    static func response(_ v: Int16) -> FetchResponse {
        let flexible = v >= 12
        let partition = FetchResponse.Partition(
            partitionIndex: 2, errorCode: .none, highWatermark: 1000, lastStableOffset: v >= 4 ? 990 : -1, logStartOffset: v >= 5 ? 10 : -1,
            divergingEpoch: flexible ? .init(epoch: 2, endOffset: 500, taggedFields: unknownTags(flexible)) : nil,
            currentLeader: flexible ? .init(leaderID: 1, leaderEpoch: 4) : nil,
            snapshotID: flexible ? .init(endOffset: 400, epoch: 1) : nil,
            abortedTransactions: v >= 4 ? [.init(producerID: 8_000_000_001, firstOffset: 950, taggedFields: unknownTags(flexible))] : nil,
            preferredReadReplica: v >= 11 ? 3 : -1, records: .bytes(recordBytes(7)), taggedFields: unknownTags(flexible)
        )
        return FetchResponse(
            throttleTimeMs: v >= 1 ? 12 : 0, errorCode: v >= 7 ? .invalidRequest : .none, sessionID: v >= 7 ? 42 : 0,
            responses: [
                .init(topic: v <= 12 ? "orders" : "", topicID: v >= 13 ? sampleTopicID : .zero, partitions: [
                    partition,
                    .init(partitionIndex: 5, errorCode: .offsetOutOfRange, highWatermark: -1, abortedTransactions: nil, records: .bytes(nil)),
                ], taggedFields: unknownTags(flexible))
            ],
            nodeEndpoints: v >= 16 ? [.init(nodeID: 1, host: "b1", port: 9092, rack: nil, taggedFields: unknownTags(flexible))] : [],
            taggedFields: unknownTags(flexible, tag: 6)
        )
    }

    @Test("every version round-trips request and response", arguments: FetchRequest.versions)
    func roundTrip(version: Int16) throws {
        try expectRequestRoundTrip(Self.request(version), version: version)
        try expectResponseRoundTrip(Self.response(version), version: version)
    }

    @Test("chunks with external records, filled in, equal the in-memory encoding", arguments: FetchRequest.versions)
    func chunksMatchEncoding(version: Int16) throws {
        var external = Self.response(version)
        external.responses[0].partitions[0].records = .external(length: 61, token: 17)
        external.responses[0].partitions[1].records = .external(length: 0, token: 18)
        let fills: [Int: ByteBuffer] = [17: recordBytes(7), 18: ByteBuffer()]
        let chunks = external.encodeChunks(version: version, allocator: ByteBufferAllocator())
        #expect(chunks.filter { if case .external = $0 { true } else { false } }.count == 2)

        var assembled = ByteBuffer()
        for chunk in chunks {
            switch chunk {
            case .bytes(var bytes): assembled.writeBuffer(&bytes)
            case .external(let length, let token):
                var fill = fills[token]!
                #expect(fill.readableBytes == length)
                assembled.writeBuffer(&fill)
            }
        }
        var inMemory = Self.response(version)
        inMemory.responses[0].partitions[1].records = .bytes(ByteBuffer())
        var expected = ByteBuffer()
        inMemory.encode(into: &expected, version: version)
        #expect(assembled == expected)
        #expect(chunks.reduce(0) { $0 + $1.byteCount } == expected.readableBytes)
    }

    @Test("decoded records are in-memory slices")
    func decodeYieldsBytes() throws {
        var buffer = ByteBuffer()
        Self.response(12).encode(into: &buffer, version: 12)
        let decoded = try FetchResponse(from: &buffer, version: 12)
        #expect(decoded.responses[0].partitions[0].records == .bytes(recordBytes(7)))
    }

    @Test("frame chunks carry the size prefix and response header", arguments: [Int16(11), 12, 17])
    func frameChunks(version: Int16) throws {
        var external = Self.response(version)
        external.responses[0].partitions[0].records = .external(length: 61, token: 1)
        let chunks = external.encodeFrameChunks(correlationID: 77, version: version, allocator: ByteBufferAllocator())
        var assembled = ByteBuffer()
        for chunk in chunks {
            switch chunk {
            case .bytes(var bytes): assembled.writeBuffer(&bytes)
            case .external: assembled.writeBytes(recordBytes(7).readableBytesView)
            }
        }
        var frame = try #require(try KafkaFrameDecoder(maximumFrameSize: 1 << 20).nextFrame(from: &assembled))
        #expect(assembled.readableBytes == 0)
        let header = try ResponseHeader(from: &frame, flexible: version >= 12)
        #expect(header.correlationID == 77)
        let decoded = try FetchResponse(from: &frame, version: version)
        try frame.expectFullyConsumed("frame")
        #expect(decoded == Self.response(version))
    }
}
