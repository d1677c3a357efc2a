// generated from schema/*.schema by make generate; do not edit
extension RequestMessages {
    /// The request type of every API declared in schema/, in ApiKey order.
    public static let schemaMessages: [MessageType] = [
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
}
