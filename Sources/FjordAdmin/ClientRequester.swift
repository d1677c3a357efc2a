import KafkaProtocol

/// Placeholder until the KafkaClient library is merged: the admin commands talk through it.
final class ClientRequester: AdminRequester {
    static func connect(bootstrap: String, timeoutMs: Int) async throws -> ClientRequester {
        _ = try splitHostPort(bootstrap)
        throw AdminError("Error: KafkaClient is not available in this build")
    }

    func send<R: KafkaRequestMessage>(_ request: R) async throws -> R.Response {
        throw AdminError("Error: not connected")
    }

    func close() async {}
}
