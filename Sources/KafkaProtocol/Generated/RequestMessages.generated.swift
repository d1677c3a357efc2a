// generated from schema/*.schema by make generate; do not edit
extension RequestMessages {
    /// The request type of every API declared in schema/, in ApiKey order.
    static let schemaMessages: [MessageType] = [
        ProduceRequest.self,
        FetchRequest.self,
        JoinGroupRequest.self,
        HeartbeatRequest.self,
    ]
}
