/// Every request message type KafkaProtocol implements, in `ApiKey` order, so that tests and fuzz targets
/// iterate all APIs instead of keeping lists of their own.
///
/// Each entry is also `Hashable` (every request is), which lets generic code compare a decoded message with
/// its re-encoded and re-decoded self. `RequestMessagesTests` checks that the list names exactly the keys
/// `ApiKey` names, one type per key, so adding an API without listing it here fails the unit tests.
public enum RequestMessages {
    public typealias MessageType = any (KafkaRequestMessage & Hashable).Type

    /// Generated from schema/ (Generated/RequestMessages.generated.swift) plus the APIs whose codecs are still
    /// hand-written, in ApiKey order.
    public static let all: [MessageType] = (schemaMessages + handWritten).sorted { $0.apiKey.rawValue < $1.apiKey.rawValue }

    private static let handWritten: [MessageType] = [
        ListOffsetsRequest.self,
        MetadataRequest.self,
        OffsetCommitRequest.self,
        OffsetFetchRequest.self,
        FindCoordinatorRequest.self,
        LeaveGroupRequest.self,
        SyncGroupRequest.self,
        DescribeGroupsRequest.self,
        ListGroupsRequest.self,
        ApiVersionsRequest.self,
        CreateTopicsRequest.self,
        DeleteTopicsRequest.self,
        DeleteRecordsRequest.self,
        InitProducerIdRequest.self,
        OffsetForLeaderEpochRequest.self,
        DescribeConfigsRequest.self,
        AlterConfigsRequest.self,
        CreatePartitionsRequest.self,
        DeleteGroupsRequest.self,
        IncrementalAlterConfigsRequest.self,
        OffsetDeleteRequest.self,
    ]

    private static let byKey: [ApiKey: MessageType] = Dictionary(
        all.map { ($0.apiKey, $0) }, uniquingKeysWith: { first, _ in first })

    /// The request type of `key`, or nil for a key KafkaProtocol does not implement.
    public static func type(for key: ApiKey) -> MessageType? { byKey[key] }
}
