import KafkaModel
import KafkaProtocol
import NIOCore
import NIOTestUtils
import Testing

@Suite("Primitive encodings")
struct PrimitiveTests {
    private func written(_ write: (inout ByteBuffer) -> Void) -> [UInt8] {
        var buffer = ByteBuffer()
        write(&buffer)
        return Array(buffer.readableBytesView)
    }

    @Test("unsigned varint 300 is AC 02 and reads back")
    func unsignedVarint() throws {
        #expect(written { $0.writeUnsignedVarint(300) } == [0xAC, 0x02])
        var buffer = ByteBuffer(bytes: [0xAC, 0x02])
        #expect(try buffer.readUnsignedVarint() == 300)
        #expect(written { $0.writeUnsignedVarint(UInt32.max) } == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
    }

    static let zigzagVectors: [(Int32, [UInt8])] = [(-1, [0x01]), (0, [0x00]), (1, [0x02]), (300, [0xD8, 0x04])]

    @Test("zigzag varints match Kafka's worked bytes", arguments: zigzagVectors)
    func zigzag(value: Int32, bytes: [UInt8]) throws {
        #expect(written { $0.writeVarint(value) } == bytes)
        var buffer = ByteBuffer(bytes: bytes)
        #expect(try buffer.readVarint() == value)
        #expect(written { $0.writeVarlong(Int64(value)) } == bytes)
        var long = ByteBuffer(bytes: bytes)
        #expect(try long.readVarlong() == Int64(value))
    }

    @Test("compact strings, nulls and empty arrays")
    func compactForms() throws {
        #expect(written { $0.writeKafkaString("abc", flexible: true) } == [0x04, 0x61, 0x62, 0x63])
        #expect(written { $0.writeKafkaNullableString(nil, flexible: true) } == [0x00])
        #expect(written { $0.writeKafkaArrayCount(0, flexible: true) } == [0x01])
        #expect(written { $0.writeKafkaNullableString(nil, flexible: false) } == [0xFF, 0xFF])
        var buffer = ByteBuffer(bytes: [0x04, 0x61, 0x62, 0x63, 0x00])
        #expect(try buffer.readKafkaString(flexible: true) == "abc")
        #expect(try buffer.readKafkaNullableString(flexible: true) == nil)
    }

    @Test("a varint longer than five bytes is rejected")
    func overlongVarint() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: ProtocolError.self) { try buffer.readUnsignedVarint() }
    }

    @Test("unknown tagged fields survive a round trip byte for byte")
    func unknownTagsKept() throws {
        let section: [UInt8] = [0x02, 0x01, 0x02, 0xAA, 0xBB, 0x05, 0x00]
        var buffer = ByteBuffer(bytes: section)
        let tags = try buffer.readTaggedFields()
        #expect(tags.fields.map(\.tag) == [1, 5])
        #expect(tags.value(for: 1) == ByteBuffer(bytes: [0xAA, 0xBB]))
        #expect(written { $0.writeTaggedFields(tags) } == section)
    }

    @Test("tags out of order are rejected")
    func tagsOutOfOrder() {
        var buffer = ByteBuffer(bytes: [0x02, 0x05, 0x00, 0x01, 0x00])
        #expect(throws: ProtocolError.self) { try buffer.readTaggedFields() }
    }

    @Test("unknown tags inside a flexible message are kept next to known ones")
    func unknownBesideKnown() throws {
        var response = ProduceResponse(responses: [.init(name: "t", partitionResponses: [
            .init(index: 0, baseOffset: 1, currentLeader: .init(leaderID: 1, leaderEpoch: 2), taggedFields: unknownTags(true, tag: 7))
        ])])
        response.taggedFields = unknownTags(true, tag: 3)
        try expectResponseRoundTrip(response, version: 10)
    }

    @Test("a hostile array count is rejected before anything is allocated", arguments: [false, true])
    func hostileArrayCount(flexible: Bool) {
        var buffer = ByteBuffer()
        if flexible { buffer.writeUnsignedVarint(0x7FFF_FFFF) } else { buffer.writeInteger(Int32(0x7FFF_FFFF)) }
        buffer.writeBytes([1, 2, 3])
        #expect(throws: ProtocolError.self) {
            _ = try buffer.readKafkaArray(flexible: flexible, minimumElementSize: 4) { try $0.readKafkaInt32() }
        }
    }

    @Test("hostile counts inside API bodies throw ProtocolError")
    func hostileCountsInBodies() {
        let body = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00])
        #expect(throws: ProtocolError.self) { _ = try MetadataRequest.decode(body, version: 1) }
        #expect(throws: ProtocolError.self) { _ = try CreateTopicsRequest.decode(body, version: 2) }
        var produce = ByteBuffer()
        produce.writeInteger(Int16(-1))  // null transactional ID
        produce.writeInteger(Int16(1))
        produce.writeInteger(Int32(1000))
        produce.writeInteger(Int32(1))  // one topic
        produce.writeKafkaString("t", flexible: false)
        produce.writeInteger(Int32(1))  // one partition
        produce.writeInteger(Int32(0))
        produce.writeInteger(Int32(0x7FFF_FFFF))  // records length far past the end
        produce.writeBytes([1, 2, 3])
        #expect(throws: ProtocolError.self) { _ = try ProduceRequest.decode(produce, version: 3) }
    }

    @Test("a negative string length other than −1 is rejected")
    func negativeLength() {
        var buffer = ByteBuffer(bytes: [0xFF, 0xFE, 0x41])
        #expect(throws: ProtocolError.self) { try buffer.readKafkaNullableString(flexible: false) }
    }

    @Test("unsupported versions are refused by decode")
    func unsupportedVersion() {
        #expect(throws: ProtocolError.unsupportedVersion(apiKey: 1, version: 18)) { _ = try FetchRequest.decode(ByteBuffer(), version: 18) }
    }
}

@Suite("ApiVersions codec")
struct ApiVersionsTests {
    @Test("every version round-trips request and response", arguments: ApiVersionsRequest.versions)
    func roundTrip(version: Int16) throws {
        let flexible = version >= 3
        let request = flexible ? ApiVersionsRequest(clientSoftwareName: "fjord", clientSoftwareVersion: "0.1", taggedFields: unknownTags(true)) : ApiVersionsRequest()
        try expectRequestRoundTrip(request, version: version)
        let response = ApiVersionsResponse(
            errorCode: .none,
            apiKeys: [.init(apiKey: 0, minVersion: 0, maxVersion: 11, taggedFields: unknownTags(flexible)), .init(apiKey: 18, minVersion: 0, maxVersion: 4)],
            throttleTimeMs: version >= 1 ? 1 : 0, taggedFields: unknownTags(flexible, tag: 4)
        )
        try expectResponseRoundTrip(response, version: version)
    }
}

@Suite("Frame decoder")
struct FrameDecoderTests {
    private func frame(_ body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test("frames survive drip-fed and coalesced input")
    func verifier() throws {
        let bodies: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 0xAB, count: 300), [9]]
        var coalesced = ByteBuffer()
        for body in bodies { coalesced.writeImmutableBuffer(frame(body)) }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                (frame([1, 2, 3]), [ByteBuffer(bytes: [1, 2, 3])]),
                (coalesced, bodies.map { ByteBuffer(bytes: $0) }),
            ],
            decoderFactory: { KafkaFrameDecoder(maximumFrameSize: 1024) }
        )
    }

    @Test("oversized and negative sizes are refused before buffering", arguments: [Int32(1025), -1, .min])
    func frameTooLarge(size: Int32) {
        var buffer = ByteBuffer()
        buffer.writeInteger(size)
        let decoder = KafkaFrameDecoder(maximumFrameSize: 1024)
        #expect(throws: ProtocolError.frameTooLarge(size: Int(size), max: 1024)) { _ = try decoder.nextFrame(from: &buffer) }
    }
}
