import KafkaModel
import KafkaProtocol

/// Topic administration. Each call throws `KafkaClientError.kafka` with the broker's code and
/// message for the topic, so a CLI prints one line and exits non-zero.
extension KafkaClient {
    /// DescribeConfigs resource types (Kafka's `ConfigResource.Type`).
    public enum ConfigResourceType: Int8, Sendable {
        case topic = 2
        case broker = 4
    }

    /// Creates a topic. `partitions`/`replicationFactor` of -1 ask for the broker's defaults.
    @discardableResult
    public func createTopic(
        name: String, partitions: Int32, replicationFactor: Int16 = -1, configs: [String: String] = [:], validateOnly: Bool = false
    ) async throws -> CreateTopicsResponse.Topic {
        let topic = CreateTopicsRequest.Topic(
            name: name, numPartitions: partitions, replicationFactor: replicationFactor,
            configs: configs.sorted { $0.key < $1.key }.map { CreateTopicsRequest.Config(name: $0.key, value: $0.value) })
        let request = CreateTopicsRequest(topics: [topic], timeoutMs: timeoutMilliseconds, validateOnly: validateOnly)
        let response = try await send(request, to: try await controllerDestination())
        guard let result = response.topics.first(where: { $0.name == name }) else {
            throw KafkaClientError.malformedResponse(api: "CreateTopics", detail: "no result for topic '\(name)'")
        }
        guard result.errorCode == .none else { throw KafkaClientError.kafka(result.errorCode, resource: name, message: result.errorMessage) }
        invalidate(topic: name)
        return result
    }

    /// Deletes a topic by name.
    public func deleteTopic(_ name: String) async throws {
        let version = try await negotiatedVersion(DeleteTopicsRequest.self)
        // v6 names topics inside `topics` (KIP-516); earlier versions use the flat name list.
        let request = version >= 6
            ? DeleteTopicsRequest(topics: [.init(name: name)], timeoutMs: timeoutMilliseconds)
            : DeleteTopicsRequest(topicNames: [name], timeoutMs: timeoutMilliseconds)
        let response = try await send(request, to: try await controllerDestination(), version: version)
        guard let result = response.responses.first(where: { $0.name == name }) ?? response.responses.first else {
            throw KafkaClientError.malformedResponse(api: "DeleteTopics", detail: "no result for topic '\(name)'")
        }
        invalidate(topic: name)
        if result.errorCode == .unknownTopicOrPartition { throw KafkaClientError.unknownTopic(name) }
        guard result.errorCode == .none else { throw KafkaClientError.kafka(result.errorCode, resource: name, message: result.errorMessage) }
    }

    /// Raises `topic`'s partition count to `totalCount` (Kafka never lowers it).
    public func createPartitions(topic: String, totalCount: Int32, validateOnly: Bool = false) async throws {
        let request = CreatePartitionsRequest(topics: [.init(name: topic, count: totalCount)], timeoutMs: timeoutMilliseconds, validateOnly: validateOnly)
        let response = try await send(request, to: try await controllerDestination())
        guard let result = response.results.first(where: { $0.name == topic }) else {
            throw KafkaClientError.malformedResponse(api: "CreatePartitions", detail: "no result for topic '\(topic)'")
        }
        invalidate(topic: topic)
        if result.errorCode == .unknownTopicOrPartition { throw KafkaClientError.unknownTopic(topic) }
        guard result.errorCode == .none else { throw KafkaClientError.kafka(result.errorCode, resource: topic, message: result.errorMessage) }
    }

    /// The configuration entries of one resource (all keys when `keys` is nil).
    public func describeConfigs(
        _ type: ConfigResourceType = .topic, name: String, keys: [String]? = nil, includeSynonyms: Bool = false
    ) async throws -> [DescribeConfigsResponse.Config] {
        let request = DescribeConfigsRequest(resources: [.init(resourceType: type.rawValue, resourceName: name, configurationKeys: keys)], includeSynonyms: includeSynonyms)
        let destination: Destination = type == .broker ? (Int32(name).map { .node($0) } ?? .any) : .any
        let response = try await send(request, to: destination)
        guard let result = response.results.first else {
            throw KafkaClientError.malformedResponse(api: "DescribeConfigs", detail: "no result for '\(name)'")
        }
        if type == .topic, result.errorCode == .unknownTopicOrPartition { throw KafkaClientError.unknownTopic(name) }
        guard result.errorCode == .none else { throw KafkaClientError.kafka(result.errorCode, resource: name, message: result.errorMessage) }
        return result.configs
    }

    /// Topic admin requests go to the controller, as Java's AdminClient sends them.
    func controllerDestination() async throws -> Destination {
        let metadata = try await refreshMetadata(topics: [])
        return metadata.controllerID >= 0 ? .node(metadata.controllerID) : .any
    }

    nonisolated var timeoutMilliseconds: Int32 {
        Int32(clamping: Int64(timeout.seconds * 1000))
    }
}
