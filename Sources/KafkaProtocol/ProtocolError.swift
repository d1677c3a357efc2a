/// Why a request or response could not be decoded. Any of these closes the connection that sent it:
/// a peer whose framing we cannot trust gets no answer, as in Kafka's `SocketServer`.
public enum ProtocolError: Error, Equatable, Sendable {
    /// Fewer bytes were left than the field needs.
    case truncated(field: String)
    /// A length or count that is negative (and not the null marker) or larger than what is left.
    case invalidLength(field: String, length: Int)
    /// A value outside its domain, such as a non-UTF-8 string or a varint longer than 5 bytes.
    case invalidValue(field: String)
    /// A frame whose size prefix exceeds the configured maximum.
    case frameTooLarge(size: Int, max: Int)
    /// An API key Fjord does not implement.
    case unknownAPIKey(Int16)
    /// A version outside the implemented range of an API.
    case unsupportedVersion(apiKey: Int16, version: Int16)
    /// Bytes left over after a message was fully decoded.
    case trailingBytes(field: String, count: Int)
}
