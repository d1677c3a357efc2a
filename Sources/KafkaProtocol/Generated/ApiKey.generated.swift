// generated from schema/*.schema by make generate; do not edit
extension ApiKey {
    public static let produce = ApiKey(rawValue: 0)
    public static let fetch = ApiKey(rawValue: 1)
    public static let listOffsets = ApiKey(rawValue: 2)
    public static let metadata = ApiKey(rawValue: 3)
    public static let offsetCommit = ApiKey(rawValue: 8)
    public static let offsetFetch = ApiKey(rawValue: 9)
    public static let findCoordinator = ApiKey(rawValue: 10)
    public static let joinGroup = ApiKey(rawValue: 11)
    public static let heartbeat = ApiKey(rawValue: 12)
    public static let leaveGroup = ApiKey(rawValue: 13)
    public static let syncGroup = ApiKey(rawValue: 14)
    public static let describeGroups = ApiKey(rawValue: 15)
    public static let listGroups = ApiKey(rawValue: 16)
    public static let apiVersions = ApiKey(rawValue: 18)
    public static let createTopics = ApiKey(rawValue: 19)
    public static let deleteTopics = ApiKey(rawValue: 20)
    public static let deleteRecords = ApiKey(rawValue: 21)
    public static let initProducerId = ApiKey(rawValue: 22)
    public static let offsetForLeaderEpoch = ApiKey(rawValue: 23)
    public static let describeConfigs = ApiKey(rawValue: 32)
    public static let alterConfigs = ApiKey(rawValue: 33)
    public static let createPartitions = ApiKey(rawValue: 37)
    public static let deleteGroups = ApiKey(rawValue: 42)
    public static let incrementalAlterConfigs = ApiKey(rawValue: 44)
    public static let offsetDelete = ApiKey(rawValue: 47)

    /// Kafka's name of every API declared in schema/, nil for any other key.
    static func schemaName(_ rawValue: Int16) -> String? {
        switch rawValue {
            case 0: "Produce"
            case 1: "Fetch"
            case 2: "ListOffsets"
            case 3: "Metadata"
            case 8: "OffsetCommit"
            case 9: "OffsetFetch"
            case 10: "FindCoordinator"
            case 11: "JoinGroup"
            case 12: "Heartbeat"
            case 13: "LeaveGroup"
            case 14: "SyncGroup"
            case 15: "DescribeGroups"
            case 16: "ListGroups"
            case 18: "ApiVersions"
            case 19: "CreateTopics"
            case 20: "DeleteTopics"
            case 21: "DeleteRecords"
            case 22: "InitProducerId"
            case 23: "OffsetForLeaderEpoch"
            case 32: "DescribeConfigs"
            case 33: "AlterConfigs"
            case 37: "CreatePartitions"
            case 42: "DeleteGroups"
            case 44: "IncrementalAlterConfigs"
            case 47: "OffsetDelete"
            default: nil
        }
    }
}
