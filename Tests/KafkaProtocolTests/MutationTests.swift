import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// Corrupted copies of valid encodings must decode or fail with ProtocolError: never crash, never throw
// anything else. Seeded so that a failure can be replayed; the seed is in the failure message.

private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private struct Codec: Sendable, CustomStringConvertible {
    var description: String
    var versions: ClosedRange<Int16>
    var encode: @Sendable (Int16) -> [ByteBuffer]
    var decode: @Sendable (Int16, ByteBuffer) throws -> Void
}

private func codec<Request: KafkaRequestMessage & Hashable>(
    _ type: Request.Type, request: @escaping @Sendable (Int16) -> Request,
    response: @escaping @Sendable (Int16) -> Request.Response
) -> Codec {
    Codec(
        description: "\(Request.apiKey.name)", versions: Request.versions,
        encode: { version in
            var requestBytes = ByteBuffer()
            request(version).encode(into: &requestBytes, version: version)
            var responseBytes = ByteBuffer()
            response(version).encode(into: &responseBytes, version: version)
            return [requestBytes, responseBytes]
        },
        decode: { version, bytes in
            do {
                _ = try Request.decode(bytes, version: version)
            } catch is ProtocolError {}
            var body = bytes
            do {
                _ = try Request.Response(from: &body, version: version)
            } catch is ProtocolError {}
        }
    )
}

private let codecs: [Codec] = [
    codec(MetadataRequest.self, request: MetadataTests.request, response: MetadataTests.response),
    codec(ProduceRequest.self, request: ProduceTests.request, response: ProduceTests.response),
    codec(FetchRequest.self, request: FetchTests.request, response: FetchTests.response),
    codec(ListOffsetsRequest.self, request: ListOffsetsTests.request, response: ListOffsetsTests.response),
    codec(FindCoordinatorRequest.self, request: FindCoordinatorTests.request, response: FindCoordinatorTests.response),
    codec(InitProducerIdRequest.self, request: InitProducerIdTests.request, response: InitProducerIdTests.response),
    codec(CreateTopicsRequest.self, request: CreateTopicsTests.request, response: CreateTopicsTests.response),
    codec(DeleteTopicsRequest.self, request: DeleteTopicsTests.request, response: DeleteTopicsTests.response),
    codec(CreatePartitionsRequest.self, request: CreatePartitionsTests.request, response: CreatePartitionsTests.response),
    codec(DescribeConfigsRequest.self, request: DescribeConfigsTests.request, response: DescribeConfigsTests.response),
    codec(OffsetForLeaderEpochRequest.self, request: OffsetForLeaderEpochTests.request, response: OffsetForLeaderEpochTests.response),
    codec(JoinGroupRequest.self, request: JoinGroupTests.request, response: JoinGroupTests.response),
    codec(SyncGroupRequest.self, request: SyncGroupTests.request, response: SyncGroupTests.response),
    codec(HeartbeatRequest.self, request: HeartbeatTests.request, response: HeartbeatTests.response),
    codec(LeaveGroupRequest.self, request: LeaveGroupTests.request, response: LeaveGroupTests.response),
    codec(OffsetCommitRequest.self, request: OffsetCommitTests.request, response: OffsetCommitTests.response),
    codec(OffsetFetchRequest.self, request: OffsetFetchTests.request, response: OffsetFetchTests.response),
    codec(OffsetDeleteRequest.self, request: OffsetDeleteTests.request, response: OffsetDeleteTests.response),
    codec(DescribeGroupsRequest.self, request: DescribeGroupsTests.request, response: DescribeGroupsTests.response),
    codec(ListGroupsRequest.self, request: ListGroupsTests.request, response: ListGroupsTests.response),
    codec(DeleteGroupsRequest.self, request: DeleteGroupsTests.request, response: DeleteGroupsTests.response),
]

@Suite("Corrupted input")
struct MutationTests {
    @Test("byte flips in valid encodings only ever fail with ProtocolError", arguments: codecs)
    fileprivate func byteFlips(codec: Codec) throws {
        let seed: UInt64 = 0x00F1_0AD5_EED0 ^ UInt64(codec.description.utf8.count)
        var random = SplitMix64(state: seed)
        for version in codec.versions {
            // ListGroups v0–2 requests have no body at all: nothing to flip.
            for original in codec.encode(version) where original.readableBytes > 0 {
                for _ in 0..<200 {
                    var bytes = Array(original.readableBytesView)
                    for _ in 0..<Int.random(in: 1...4, using: &random) {
                        let index = Int.random(in: 0..<bytes.count, using: &random)
                        bytes[index] = [0x00, 0xFF, 0x7F, 0x80, UInt8.random(in: 0...255, using: &random)][Int.random(in: 0..<5, using: &random)]
                    }
                    #expect(throws: Never.self, "seed \(seed) v\(version)") { try codec.decode(version, ByteBuffer(bytes: bytes)) }
                }
            }
        }
    }

    @Test("random garbage only ever fails with ProtocolError", arguments: codecs)
    fileprivate func garbage(codec: Codec) throws {
        let seed: UInt64 = 0xBAD_5EED ^ UInt64(codec.description.utf8.count)
        var random = SplitMix64(state: seed)
        for version in codec.versions {
            for _ in 0..<200 {
                let bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                #expect(throws: Never.self, "seed \(seed) v\(version)") { try codec.decode(version, ByteBuffer(bytes: bytes)) }
            }
        }
    }
}
