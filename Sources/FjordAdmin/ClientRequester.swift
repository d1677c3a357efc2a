import KafkaClient
import KafkaModel
import KafkaProtocol

/// The admin commands' transport: `KafkaClient` with negotiated versions, group requests sent to the
/// group's coordinator and ListOffsets to each partition's leader (on one Fjord node, all the same).
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

    func send<R: KafkaRequestMessage>(_ request: R, route: AdminRoute) async throws -> R.Response {
        switch route {
        case .any:
            return try await client.send(request)
        case let .coordinator(group):
            let node = try await client.findCoordinator(group: group)
            return try await client.send(request, to: .node(node))
        }
    }

    func listOffsets(_ partitions: [TopicPartition], timestamp: Int64) async throws -> [TopicPartition: Int64] {
        let spec: OffsetSpec = timestamp == -2 ? .earliest : timestamp == -1 ? .latest : .timestamp(timestamp)
        return try await client.listOffsets(partitions, spec: spec).filter { $0.value >= 0 }
    }

    func close() async { await client.close() }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
