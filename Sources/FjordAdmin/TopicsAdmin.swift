import KafkaModel
import KafkaProtocol

/// `fjord topics …` over the Kafka protocol only, so the same commands work against Kafka or Redpanda.
public struct TopicsAdmin: Sendable {
    public let client: any AdminRequester
    public init(client: any AdminRequester) { self.client = client }

    /// Returns the line to print, or nil when `--if-not-exists` found the topic already there.
    public func create(name: String, partitions: Int32, replicationFactor: Int16, configs: [String], ifNotExists: Bool) async throws -> String? {
        let parsed = try ConfigArguments.parse(configs)
        let request = CreateTopicsRequest(topics: [
            .init(name: name, numPartitions: partitions, replicationFactor: replicationFactor, configs: parsed.map { .init(name: $0.0, value: $0.1) }),
        ], timeoutMs: 30_000)
        let response = try await client.send(request)
        guard let result = response.topics.first(where: { $0.name == name }) else { throw AdminError("Error: no result for topic '\(name)'") }
        if result.errorCode == .topicAlreadyExists && ifNotExists { return nil }
        try check(result.errorCode, result.errorMessage, context: "creating topic '\(name)'")
        return "Created topic \(name)."
    }

    public func list(includeInternal: Bool) async throws -> [String] {
        let metadata = try await client.send(MetadataRequest(topics: nil, allowAutoTopicCreation: false))
        return metadata.topics.filter { includeInternal || !$0.isInternal }.compactMap(\.name).sorted()
    }

    /// Every named topic (or all non-internal ones), failing before any output if one is unknown.
    public func describe(names: [String]) async throws -> [TopicDescription] {
        let metadata = try await client.send(MetadataRequest(
            topics: names.isEmpty ? nil : names.map { .init(name: $0) }, allowAutoTopicCreation: false))
        for topic in metadata.topics where topic.errorCode != .none {
            if topic.errorCode == .unknownTopicOrPartition { throw AdminError("Error: Topic '\(topic.name ?? "?")' does not exist.") }
            try check(topic.errorCode, nil, context: "describing topic '\(topic.name ?? "?")'")
        }
        let topics = metadata.topics.filter { names.isEmpty ? !$0.isInternal : true }
            .sorted { names.isEmpty ? ($0.name ?? "") < ($1.name ?? "") : (names.firstIndex(of: $0.name ?? "") ?? 0) < (names.firstIndex(of: $1.name ?? "") ?? 0) }
        let partitions = topics.flatMap { t in t.partitions.map { TopicPartition(topic: t.name ?? "", partition: $0.partitionIndex) } }
        let starts = try await Offsets.list(client, partitions, timestamp: Offsets.earliest)
        let ends = try await Offsets.list(client, partitions, timestamp: Offsets.latest)
        let configs = try await overrides(of: topics.compactMap(\.name))
        return topics.map { topic in
            let name = topic.name ?? ""
            return TopicDescription(
                name: name, topicID: topic.topicID.base64, isInternal: topic.isInternal,
                partitions: topic.partitions.sorted { $0.partitionIndex < $1.partitionIndex }.map { p in
                    let tp = TopicPartition(topic: name, partition: p.partitionIndex)
                    return .init(partition: p.partitionIndex, leader: p.leaderID, logStartOffset: starts[tp], logEndOffset: ends[tp])
                },
                configs: configs[name] ?? [])
        }
    }

    /// Configs set on the topic itself, i.e. those whose source is not a default.
    private func overrides(of topics: [String]) async throws -> [String: [(String, String)]] {
        guard !topics.isEmpty else { return [:] }
        let response = try await client.send(DescribeConfigsRequest(resources: topics.map { .init(resourceType: ConfigResourceType.topic, resourceName: $0) }))
        var result: [String: [(String, String)]] = [:]
        for resource in response.results {
            try check(resource.errorCode, resource.errorMessage, context: "describing configs of '\(resource.resourceName)'")
            result[resource.resourceName] = resource.configs
                .filter { $0.configSource == ConfigSource.dynamicTopicConfig }
                .map { ($0.name, $0.value ?? "") }.sorted { $0.0 < $1.0 }
        }
        return result
    }

    /// Grows a topic. A decrease is refused here, before anything is sent, with the reason.
    public func alterPartitions(name: String, count: Int32) async throws -> String {
        try await checkPartitionIncrease(name: name, count: count)
        let response = try await client.send(CreatePartitionsRequest(topics: [.init(name: name, count: count)], timeoutMs: 30_000))
        for result in response.results { try check(result.errorCode, result.errorMessage, context: "altering topic '\(name)'") }
        return "Topic '\(name)' now has \(count) partitions."
    }

    /// Fails unless `count` is more than the topic has now; run before any change so that
    /// `alter --partitions N --config k=v` does neither when the count is wrong.
    public func checkPartitionIncrease(name: String, count: Int32) async throws {
        let current = try await partitionCount(of: name)
        if count < current {
            throw AdminError("Error: The number of partitions for topic '\(name)' can only be increased (it has \(current), \(count) requested).")
        }
        if count == current { throw AdminError("Error: Topic '\(name)' already has \(current) partitions.") }
    }

    /// Sets configs with IncrementalAlterConfigs SET, so keys not named keep their values. The broker
    /// validates all keys before changing any, so a bad one leaves the topic as it was.
    public func alterConfigs(name: String, configs: [String]) async throws -> String {
        let parsed = try ConfigArguments.parse(configs)
        _ = try await partitionCount(of: name)
        let request = IncrementalAlterConfigsRequest(resources: [
            .init(resourceType: ConfigResourceType.topic, resourceName: name,
                  configs: parsed.map { .init(name: $0.0, configOperation: ConfigOperation.set, value: $0.1) }),
        ])
        let response = try await client.send(request)
        for result in response.responses { try check(result.errorCode, result.errorMessage, context: "altering configs of '\(name)'") }
        return "Updated config for topic '\(name)': " + parsed.map { "\($0.0)=\($0.1)" }.joined(separator: ",") + "."
    }

    public func delete(name: String) async throws -> String {
        let response = try await client.send(DeleteTopicsRequest(topics: [.init(name: name)], topicNames: [name], timeoutMs: 30_000))
        for result in response.responses {
            if result.errorCode == .unknownTopicOrPartition { throw AdminError("Error: Topic '\(name)' does not exist.") }
            try check(result.errorCode, result.errorMessage, context: "deleting topic '\(name)'")
        }
        return "Deleted topic \(name)."
    }

    func partitionCount(of name: String) async throws -> Int32 {
        let metadata = try await client.send(MetadataRequest(topics: [.init(name: name)], allowAutoTopicCreation: false))
        guard let topic = metadata.topics.first, topic.errorCode == .none else {
            throw AdminError("Error: Topic '\(name)' does not exist.")
        }
        return Int32(topic.partitions.count)
    }
}

/// Turns a Kafka error code into the CLI's one-line error.
func check(_ code: KafkaErrorCode, _ message: String?, context: String) throws {
    guard code != .none else { return }
    let detail = message.flatMap { $0.isEmpty ? nil : $0 } ?? "error code \(code.rawValue)"
    throw AdminError("Error while \(context): \(detail)")
}

/// ListOffsets for many partitions in one request.
enum Offsets {
    static let latest: Int64 = -1
    static let earliest: Int64 = -2

    static func list(_ client: any AdminRequester, _ partitions: [TopicPartition], timestamp: Int64) async throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try await client.listOffsets(partitions, timestamp: timestamp)
    }
}
