import KafkaProtocol
import NIOCore
import Testing

// Inputs that broke a decoder under the libFuzzer targets in Fuzz/ (docs/reliability.md, "Coverage-guided
// fuzzing (libFuzzer)"), each kept as its bytes and run through the checks FuzzRequests makes: header, body
// with the decoder `RequestMessages` picks, and encode → decode giving the same message back.

@Suite("Regressions found by fuzzing the request decoders")
struct FuzzRegressionTests {
    /// What FuzzRequests does with one frame body, minus its folding of unknown keys and versions.
    /// Returns nil when the frame is rejected with a ProtocolError (a clean connection close).
    private func decodeAndRoundTrip(_ frame: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> RequestHeader? {
        var body = ByteBuffer(bytes: frame)
        do {
            var header = try RequestHeader(from: &body)
            let type = try #require(RequestMessages.type(for: header.apiKey), sourceLocation: sourceLocation)
            let flexible = type.isFlexible(header.apiVersion)
            try header.readTaggedFields(from: &body, flexible: flexible)
            try roundTrip(header, flexible: flexible, sourceLocation: sourceLocation)
            try roundTrip(type.decode(body, version: header.apiVersion, allowTrailingBytes: true), header.apiVersion, sourceLocation)
            return header
        } catch is ProtocolError {
            return nil
        }
    }

    private func roundTrip(_ header: RequestHeader, flexible: Bool, sourceLocation: SourceLocation) throws {
        var encoded = ByteBuffer()
        header.encode(into: &encoded, flexible: flexible)
        var again = try RequestHeader(from: &encoded)
        try again.readTaggedFields(from: &encoded, flexible: flexible)
        #expect(again == header, sourceLocation: sourceLocation)
        #expect(encoded.readableBytes == 0, sourceLocation: sourceLocation)
    }

    private func roundTrip<M: KafkaRequestMessage & Hashable>(_ message: M, _ version: Int16, _ sourceLocation: SourceLocation) throws {
        var encoded = ByteBuffer()
        message.encode(into: &encoded, version: version)
        #expect(try M.decode(encoded, version: version) == message, sourceLocation: sourceLocation)
    }

    /// An ApiVersions v0 frame body whose client ID is `clientID`, as raw bytes.
    private func apiVersionsV0(clientID: [UInt8]) -> [UInt8] {
        var frame = ByteBuffer()
        frame.writeInteger(ApiKey.apiVersions.rawValue)
        frame.writeInteger(Int16(0))
        frame.writeInteger(Int32(1))
        frame.writeInteger(Int16(clientID.count))
        frame.writeBytes(clientID)
        return Array(frame.readableBytesView)
    }

    /// Spotted while writing FuzzRequests and confirmed by its header round trip on a crafted input (libFuzzer's
    /// default 4 KiB input limit keeps it from getting there alone): 11,000 bytes of 0xFF as a client ID decoded
    /// to 11,000 U+FFFD, 33,000 bytes of UTF-8, whose int16 length wrapped to −32,536 when encoded again. A
    /// response echoing such a string in a classic (non-flexible) version would have corrupted the stream.
    @Test("a classic string that replacement characters make too long for an int16 length is rejected")
    func classicStringOutgrowingInt16IsRejected() throws {
        #expect(try decodeAndRoundTrip(apiVersionsV0(clientID: Array(repeating: 0xFF, count: 11_000))) == nil)
        var body = ByteBuffer(bytes: apiVersionsV0(clientID: Array(repeating: 0xFF, count: 11_000)))
        #expect(throws: ProtocolError.invalidValue(field: "client_id")) { try RequestHeader(from: &body) }
    }

    @Test("invalid UTF-8 that still fits an int16 length once replaced is kept, and round-trips")
    func repairedClassicStringThatFitsIsKept() throws {
        // 10,922 × 3 = 32,766 bytes: the longest repaired string an int16 length can still say, plus one byte.
        let header = try #require(try decodeAndRoundTrip(apiVersionsV0(clientID: Array(repeating: 0xFF, count: 10_922) + [0x41])))
        #expect(header.clientID?.utf8.count == 32_767)
    }
}
