// Helpers for the generated Metadata and DescribeGroups messages (schema/Metadata.schema,
// schema/DescribeGroups.schema).

extension MetadataRequest {
    /// The topics asked for, nil for "all topics", whatever the version's shape: v0 has no null and asks
    /// for all topics with an empty list; from v1 null means all and empty means none.
    public func requestedTopics(version: Int16) -> [Topic]? {
        version == 0 && (topics ?? []).isEmpty ? nil : topics
    }
}

extension MetadataResponse {
    /// Kafka's marker for "authorized operations were not requested".
    public static let authorizedOperationsOmitted = Int32.min
}

extension DescribeGroupsResponse {
    /// The value Kafka sends when authorized operations were not asked for (as in Metadata).
    public static let authorizedOperationsOmitted = Int32.min
}
