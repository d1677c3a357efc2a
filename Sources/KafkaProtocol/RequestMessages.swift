/// Every request message type KafkaProtocol implements, in `ApiKey` order, so that tests and fuzz targets
/// iterate all APIs instead of keeping lists of their own. The list is generated from schema/.
///
/// Each entry is also `Hashable` (every request is), which lets generic code compare a decoded message with
/// its re-encoded and re-decoded self. `RequestMessagesTests` checks that the list names exactly the keys
/// `ApiKey` names, one type per key.
public enum RequestMessages {
    public typealias MessageType = any (KafkaRequestMessage & Hashable).Type

    /// Every request type generated from schema/ (Generated/RequestMessages.generated.swift), in ApiKey order.
    public static var all: [MessageType] { schemaMessages }

    private static let byKey: [ApiKey: MessageType] = Dictionary(
        all.map { ($0.apiKey, $0) }, uniquingKeysWith: { first, _ in first })

    /// The request type of `key`, or nil for a key KafkaProtocol does not implement.
    public static func type(for key: ApiKey) -> MessageType? { byKey[key] }
}
