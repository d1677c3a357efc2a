import KafkaModel
import KafkaProtocol
import NIOCore
import Testing

// Shared checks for every API: a message survives encode → decode unchanged, a second encode gives the
// same bytes, and every strict prefix of the encoding is rejected with a ProtocolError (never a crash).

let sampleTopicID = TopicID(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
let otherTopicID = TopicID(high: 0x1111_2222_3333_4444, low: 0x5555_6666_7777_8888)

/// Unknown tags, present only in flexible versions, to prove they are carried through.
func unknownTags(_ flexible: Bool, tag: UInt32 = 99) -> TaggedFields {
    flexible ? TaggedFields([.init(tag: tag, value: ByteBuffer(bytes: [0xCA, 0xFE, UInt8(truncatingIfNeeded: tag)]))]) : TaggedFields()
}

func recordBytes(_ marker: UInt8, count: Int = 61) -> ByteBuffer {
    ByteBuffer(bytes: (0..<count).map { UInt8(truncatingIfNeeded: $0) &+ marker })
}

func expectRoundTrip<M: Hashable>(
    _ message: M, version: Int16, encode: (M, inout ByteBuffer) -> Void, decode: (inout ByteBuffer) throws -> M,
    checkPrefixes: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    var first = ByteBuffer()
    encode(message, &first)
    var reading = first
    let decoded = try decode(&reading)
    try reading.expectFullyConsumed("round trip")
    #expect(decoded == message, "v\(version) decoded differs", sourceLocation: sourceLocation)
    var second = ByteBuffer()
    encode(decoded, &second)
    #expect(second == first, "v\(version) re-encoding differs", sourceLocation: sourceLocation)
    guard checkPrefixes else { return }
    for length in 0..<first.readableBytes {
        var prefix = first.getSlice(at: first.readerIndex, length: length)!
        #expect(throws: ProtocolError.self, "v\(version) prefix of \(length) bytes decoded", sourceLocation: sourceLocation) {
            _ = try decode(&prefix)
            try prefix.expectFullyConsumed("prefix")
        }
    }
}

func expectRequestRoundTrip<M: KafkaRequestMessage & Hashable>(
    _ message: M, version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try expectRoundTrip(
        message, version: version, encode: { $0.encode(into: &$1, version: version) },
        decode: { buffer in
            let body = buffer
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return try M.decode(body, version: version)
        }, sourceLocation: sourceLocation)
}

func expectResponseRoundTrip<M: KafkaResponseMessage & Hashable>(
    _ message: M, version: Int16, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    try expectRoundTrip(
        message, version: version, encode: { $0.encode(into: &$1, version: version) },
        decode: { try M(from: &$0, version: version) }, sourceLocation: sourceLocation)
}
