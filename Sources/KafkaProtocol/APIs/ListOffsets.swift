// Helpers for the generated ListOffsets messages (schema/ListOffsets.schema).

extension ListOffsetsRequest {
    /// Special timestamps: the offset after the last record.
    public static let latestTimestamp: Int64 = -1
    /// The log start offset.
    public static let earliestTimestamp: Int64 = -2
    /// v7+: the record with the largest timestamp.
    public static let maxTimestamp: Int64 = -3
}
