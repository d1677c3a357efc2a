import KafkaProtocol
import NIOCore

/// Request decoding as the broker does it (`Sources/KafkaBroker/RequestDispatcher.swift` and
/// `SupportedAPIs.swift`): the fixed header fields, the header's tag section when the API's version is
/// flexible, then the body, leniently (trailing bytes allowed). The only acceptable failure is a
/// `ProtocolError`, which closes the connection.
public enum RequestFuzzing {
    public struct Options: Sendable {
        /// Encode each decoded message, decode the encoding strictly, and require the same message and,
        /// encoded again, the same bytes.
        public var roundTrip: Bool
        /// Give a frame with an API key KafkaProtocol does not implement to one of the decoders anyway (picked
        /// by the key), and map a version outside an API's range into it after checking the range is refused,
        /// so that no mutated input is wasted on the trivial rejection paths.
        public var reuseRejected: Bool

        public init(roundTrip: Bool, reuseRejected: Bool) {
            self.roundTrip = roundTrip
            self.reuseRejected = reuseRejected
        }
    }

    /// Decodes one frame body (without its size prefix): header, then the body with the matching decoder.
    public static func check(frame: ByteBuffer, options: Options) {
        var body = frame
        var header: RequestHeader
        do {
            header = try RequestHeader(from: &body)
        } catch {
            return expectError(error, is: ProtocolError.self, "request header")
        }
        let type: RequestMessages.MessageType
        if let known = RequestMessages.type(for: header.apiKey) {
            type = known
        } else if options.reuseRejected {
            let all = RequestMessages.all
            type = all[Int(UInt16(bitPattern: header.apiKey.rawValue)) % all.count]
        } else {
            return
        }
        check(type, header: header, body: body, options: options)
    }

    private static func check<M: KafkaRequestMessage & Hashable>(
        _ type: M.Type, header: RequestHeader, body: ByteBuffer, options: Options
    ) {
        var header = header
        var body = body
        if !M.versions.contains(header.apiVersion) {
            do {
                _ = try M.decode(body, version: header.apiVersion, allowTrailingBytes: true)
                fuzzFailure("\(M.apiKey) v\(header.apiVersion) decoded although the version is unsupported")
            } catch {
                expectError(error, is: ProtocolError.self, "\(M.apiKey) v\(header.apiVersion)")
            }
            guard options.reuseRejected else { return }
            let span = Int(M.versions.upperBound - M.versions.lowerBound) + 1
            header.apiVersion = M.versions.lowerBound + Int16(Int(UInt16(bitPattern: header.apiVersion)) % span)
        }
        let version = header.apiVersion
        let flexible = M.isFlexible(version)
        do {
            try header.readTaggedFields(from: &body, flexible: flexible)
        } catch {
            return expectError(error, is: ProtocolError.self, "\(M.apiKey) v\(version) header tags")
        }
        if options.roundTrip { roundTrip(header, flexible: flexible) }

        let message: M
        do {
            message = try M.decode(body, version: version, allowTrailingBytes: true)
        } catch {
            return expectError(error, is: ProtocolError.self, "\(M.apiKey) v\(version)")
        }
        if options.roundTrip { roundTrip(message, version: version) }
        checkEmbedded(message)
    }

    /// The consumer protocol travels as opaque bytes inside JoinGroup and SyncGroup; clients and admin tools
    /// decode it from other members (`Sources/KafkaProtocol/ConsumerProtocol.swift`), so it gets the same checks.
    static func checkEmbedded(_ message: some KafkaRequestMessage) {
        if let join = message as? JoinGroupRequest {
            for groupProtocol in join.protocols {
                checkEmbedded(groupProtocol.metadata, ConsumerProtocolSubscription.init(decoding:)) { $0.encoded() }
            }
        } else if let sync = message as? SyncGroupRequest {
            for assignment in sync.assignments {
                checkEmbedded(assignment.assignment, ConsumerProtocolAssignment.init(decoding:)) { $0.encoded() }
            }
        }
    }

    static func checkEmbedded<M: Hashable>(
        _ bytes: ByteBuffer, _ decode: (ByteBuffer) throws -> M, _ encode: (M) -> ByteBuffer
    ) {
        let message: M
        do {
            message = try decode(bytes)
        } catch {
            return expectError(error, is: ProtocolError.self, "\(M.self)")
        }
        let encoded = encode(message)
        do {
            let again = try decode(encoded)
            guard again == message, encode(again) == encoded else {
                fuzzFailure("\(M.self): round trip changed it\nbefore: \(message)\nafter:  \(again)")
            }
        } catch {
            fuzzFailure("\(M.self): own encoding does not decode: \(error)\n\(message)")
        }
    }

    /// decode ∘ encode is the identity on decoded messages, and encode ∘ decode ∘ encode = encode.
    public static func roundTrip<M: KafkaRequestMessage & Hashable>(_ message: M, version: Int16) {
        var first = ByteBuffer()
        message.encode(into: &first, version: version)
        let again: M
        do {
            again = try M.decode(first, version: version, allowTrailingBytes: false)
        } catch {
            fuzzFailure("\(M.apiKey) v\(version): own encoding does not decode: \(error)\n\(message)\nencoded: \(hex(first))")
        }
        guard again == message else {
            fuzzFailure("\(M.apiKey) v\(version): round trip changed the message\nbefore: \(message)\nafter:  \(again)")
        }
        var second = ByteBuffer()
        again.encode(into: &second, version: version)
        guard second == first else {
            fuzzFailure("\(M.apiKey) v\(version): re-encoding differs\nfirst:  \(hex(first))\nsecond: \(hex(second))")
        }
    }

    static func roundTrip(_ header: RequestHeader, flexible: Bool) {
        var encoded = ByteBuffer()
        header.encode(into: &encoded, flexible: flexible)
        var reading = encoded
        do {
            var again = try RequestHeader(from: &reading)
            try again.readTaggedFields(from: &reading, flexible: flexible)
            guard reading.readableBytes == 0, again == header else {
                fuzzFailure("request header round trip changed it\nbefore: \(header)\nafter:  \(again)")
            }
        } catch {
            fuzzFailure("request header: own encoding does not decode: \(error)\n\(header)")
        }
    }

    public static func hex(_ buffer: ByteBuffer) -> String {
        buffer.readableBytesView.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}
