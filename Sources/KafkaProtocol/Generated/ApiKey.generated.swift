// generated from schema/*.schema by make generate; do not edit
extension ApiKey {
    public static let produce = ApiKey(rawValue: 0)
    public static let fetch = ApiKey(rawValue: 1)
    public static let joinGroup = ApiKey(rawValue: 11)
    public static let heartbeat = ApiKey(rawValue: 12)

    /// Kafka's name of every API declared in schema/, nil for any other key.
    static func schemaName(_ rawValue: Int16) -> String? {
        switch rawValue {
            case 0: "Produce"
            case 1: "Fetch"
            case 11: "JoinGroup"
            case 12: "Heartbeat"
            default: nil
        }
    }
}
