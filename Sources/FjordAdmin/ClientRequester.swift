import KafkaClient
import KafkaModel
import KafkaProtocol

/// The admin commands' transport: `KafkaClient` with negotiated versions, group requests sent to the
/// group's coordinator and ListOffsets to each partition's leader (on one Fjord node, all the same).
final class ClientRequester: AdminRequester {
    let client: KafkaClient

    init(client: KafkaClient) { self.client = client }

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
