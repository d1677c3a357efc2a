// Helpers for the generated ApiVersions messages (schema/ApiVersions.schema).
//
// The response header is always v0, and a request for a version newer than the broker's is answered with
// a v0 body carrying UNSUPPORTED_VERSION and key 18's range (KIP-511).
import KafkaModel

extension ApiVersionsResponse {
    /// KIP-511: the answer to an ApiVersions request newer than any we know, to be encoded as v0.
    public static func unsupportedVersionAnswer(supported: ClosedRange<Int16>) -> ApiVersionsResponse {
        ApiVersionsResponse(
            errorCode: .unsupportedVersion,
            apiKeys: [.init(apiKey: ApiKey.apiVersions.rawValue, minVersion: supported.lowerBound, maxVersion: supported.upperBound)]
        )
    }
}
