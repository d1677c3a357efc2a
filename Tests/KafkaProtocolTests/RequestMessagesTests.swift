import KafkaProtocol
import NIOCore
import Testing

@Suite("RequestMessages lists every request type")
struct RequestMessagesTests {
    /// The keys `ApiKey` gives a name to: every raw value whose name is not the `ApiKey(n)` fallback.
    private static let namedKeys: [ApiKey] = (0...Int16.max).map(ApiKey.init(rawValue:)).filter {
        !$0.name.hasPrefix("ApiKey(")
    }

    @Test("one request type for every named ApiKey, and none for anything else")
    func coversEveryNamedApiKey() {
        #expect(Self.namedKeys.count == 25)
        let listed = RequestMessages.all.map { $0.apiKey }
        #expect(Set(listed).count == listed.count, "an API is listed twice")
        #expect(Set(listed) == Set(Self.namedKeys))
        #expect(listed == listed.sorted { $0.rawValue < $1.rawValue }, "keep the list in ApiKey order")
    }

    @Test("lookup by ApiKey returns the type of that key, nil for unknown keys")
    func lookupByApiKey() throws {
        for key in Self.namedKeys {
            let type = try #require(RequestMessages.type(for: key), "no request type for \(key)")
            #expect(type.apiKey == key)
        }
        #expect(RequestMessages.type(for: ApiKey(rawValue: 4)) == nil)  // LeaderAndIsr: not implemented
        #expect(RequestMessages.type(for: ApiKey(rawValue: -1)) == nil)
    }

    @Test("version ranges are sane: non-negative, and the flexible boundary is inside or just past them")
    func versionRanges() {
        for type in RequestMessages.all {
            #expect(type.versions.lowerBound >= 0, "\(type.apiKey)")
            if let first = type.firstFlexibleVersion {
                #expect(first >= type.versions.lowerBound && first <= type.versions.upperBound + 1, "\(type.apiKey)")
            }
        }
    }

    @Test("an empty body is a ProtocolError or an empty message, for every version of every API")
    func emptyBodyIsRejectedOrEmpty() {
        for type in RequestMessages.all {
            for version in type.versions {
                do {
                    // Some versions have no fields at all (ApiVersions v0–2): then nothing is the whole request.
                    let message = try type.decode(ByteBuffer(), version: version, allowTrailingBytes: false)
                    var encoded = ByteBuffer()
                    message.encode(into: &encoded, version: version)
                    #expect(encoded.readableBytes == 0, "\(type.apiKey) v\(version) decoded from nothing")
                } catch {
                    #expect(error is ProtocolError, "\(type.apiKey) v\(version): \(error)")
                }
            }
        }
    }
}
