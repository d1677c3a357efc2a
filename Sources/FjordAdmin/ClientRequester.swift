import KafkaClient
import KafkaProtocol

/// The admin commands' transport: `KafkaClient` with negotiated versions. Requests go to the bootstrap
/// broker, which on a single Fjord node is every partition's leader and every group's coordinator.
final class ClientRequester: AdminRequester {
    let client: KafkaClient

    private init(client: KafkaClient) { self.client = client }

    /// Connects before any command runs, so an unreachable broker is reported within the timeout
    /// and before anything else is printed.
    static func connect(bootstrap: String, timeoutMs: Int) async throws -> ClientRequester {
        let servers = bootstrap.split(separator: ",").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        guard !servers.isEmpty else { throw AdminError("Error: --bootstrap-server is empty") }
        for server in servers { _ = try splitHostPort(server) }
        let client = KafkaClient(bootstrapServers: servers, clientID: "fjord-admin", timeout: .milliseconds(timeoutMs))
        do {
            try await client.connect()
        } catch {
            await client.close()
            throw error
        }
        return ClientRequester(client: client)
    }

    func send<R: KafkaRequestMessage>(_ request: R) async throws -> R.Response {
        try await client.send(request)
    }

    func close() async { await client.close() }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
