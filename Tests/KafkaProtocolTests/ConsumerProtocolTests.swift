import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// The consumer protocol embedded in JoinGroup metadata and SyncGroup assignments.

@Suite("Consumer protocol")
struct ConsumerProtocolTests {
    static func subscription(_ v: Int16) -> ConsumerProtocolSubscription {
        ConsumerProtocolSubscription(
            version: v, topics: ["orders", "refunds"], userData: v.isMultiple(of: 2) ? recordBytes(7, count: 9) : nil,
            ownedPartitions: v >= 1 ? [.init(topic: "orders", partitions: [0, 2]), .init(topic: "refunds", partitions: [])] : [],
            generationID: v >= 2 ? 5 : -1, rackID: v >= 3 ? "eu-west-1a" : nil
        )
    }

    static func assignment(_ v: Int16) -> ConsumerProtocolAssignment {
        ConsumerProtocolAssignment(
            version: v, assignedPartitions: [.init(topic: "orders", partitions: [1, 3, 5]), .init(topic: "refunds", partitions: [0])],
            userData: v.isMultiple(of: 2) ? nil : recordBytes(8, count: 4)
        )
    }

    private func decodeAll<M>(_ decode: @escaping (ByteBuffer) throws -> M) -> (inout ByteBuffer) throws -> M {
        { buffer in
            let bytes = buffer
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return try decode(bytes)
        }
    }

    @Test("every version round-trips subscription and assignment", arguments: Int16(0)...3)
    func roundTrip(version: Int16) throws {
        try expectRoundTrip(Self.subscription(version), version: version, encode: { $0.encode(into: &$1) }, decode: decodeAll(ConsumerProtocolSubscription.init(decoding:)))
        try expectRoundTrip(Self.assignment(version), version: version, encode: { $0.encode(into: &$1) }, decode: decodeAll(ConsumerProtocolAssignment.init(decoding:)))
    }

    @Test("a v3 assignment decodes from hand-built bytes")
    func handBuiltAssignment() throws {
        let bytes: [UInt8] = [
            0x00, 0x03,  // version 3
            0x00, 0x00, 0x00, 0x01,  // one topic
            0x00, 0x06, 0x6F, 0x72, 0x64, 0x65, 0x72, 0x73,  // "orders"
            0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,  // partitions [0, 4]
            0xFF, 0xFF, 0xFF, 0xFF,  // user data null
        ]
        let decoded = try ConsumerProtocolAssignment(decoding: ByteBuffer(bytes: bytes))
        #expect(decoded == ConsumerProtocolAssignment(version: 3, assignedPartitions: [.init(topic: "orders", partitions: [0, 4])], userData: nil))
        #expect(Array(decoded.encoded().readableBytesView) == bytes)
    }

    @Test("a future version 4 with extra bytes decodes its known prefix")
    func futureVersion() throws {
        var subscriptionBytes = Self.subscription(3).encoded()
        subscriptionBytes.setInteger(Int16(4), at: subscriptionBytes.readerIndex)
        subscriptionBytes.writeBytes([0x00, 0x00, 0x00, 0x2A, 0x01])
        let subscription = try ConsumerProtocolSubscription(decoding: subscriptionBytes)
        var expected = Self.subscription(3)
        expected.version = 4
        #expect(subscription == expected)

        var assignmentBytes = Self.assignment(3).encoded()
        assignmentBytes.setInteger(Int16(4), at: assignmentBytes.readerIndex)
        assignmentBytes.writeBytes([0x7F, 0x00, 0x00])
        let assignment = try ConsumerProtocolAssignment(decoding: assignmentBytes)
        #expect(assignment.version == 4)
        #expect(assignment.assignedPartitions == Self.assignment(3).assignedPartitions)
    }

    @Test("trailing bytes after a known version are ignored")
    func trailingBytes() throws {
        var bytes = Self.subscription(1).encoded()
        bytes.writeBytes([1, 2, 3])
        #expect(try ConsumerProtocolSubscription(decoding: bytes) == Self.subscription(1))
    }

    @Test("a negative version or empty bytes are rejected with ProtocolError")
    func rejectsNonsense() {
        #expect(throws: ProtocolError.self) { try ConsumerProtocolAssignment(decoding: ByteBuffer()) }
        #expect(throws: ProtocolError.self) { try ConsumerProtocolSubscription(decoding: ByteBuffer(bytes: [0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])) }
    }

    @Test("seeded garbage and byte flips only ever fail with ProtocolError")
    func garbage() {
        let seed: UInt64 = 0xC0_5EED
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let valid = (Int16(0)...3).flatMap { [Array(Self.subscription($0).encoded().readableBytesView), Array(Self.assignment($0).encoded().readableBytesView)] }
        for round in 0..<2000 {
            var bytes: [UInt8]
            if round.isMultiple(of: 2) {
                bytes = (0..<Int(next() % 48)).map { _ in UInt8(truncatingIfNeeded: next()) }
            } else {
                bytes = valid[Int(next() % UInt64(valid.count))]
                for _ in 0...(next() % 3) { bytes[Int(next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: next()) }
            }
            #expect(throws: Never.self, "seed \(seed) round \(round)") {
                do { _ = try ConsumerProtocolSubscription(decoding: ByteBuffer(bytes: bytes)) } catch is ProtocolError {}
                do { _ = try ConsumerProtocolAssignment(decoding: ByteBuffer(bytes: bytes)) } catch is ProtocolError {}
            }
        }
    }
}
