/// Every request message type KafkaProtocol implements, in `ApiKey` order, so that tests and fuzz targets
/// iterate all APIs instead of keeping lists of their own.
///
/// Each entry is also `Hashable` (every request is), which lets generic code compare a decoded message with
/// its re-encoded and re-decoded self. `RequestMessagesTests` checks that the list names exactly the keys
/// `ApiKey` names, one type per key, so adding an API without listing it here fails the unit tests.
public enum RequestMessages {
    public typealias MessageType = any (KafkaRequestMessage & Hashable).Type

    public static let all: [MessageType] = [
        ProduceRequest.self,
        FetchRequest.self,
        ListOffsetsRequest.self,
        MetadataRequest.self,
        OffsetCommitRequest.self,
        OffsetFetchRequest.self,
        FindCoordinatorRequest.self,
        JoinGroupRequest.self,
        HeartbeatRequest.self,
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
