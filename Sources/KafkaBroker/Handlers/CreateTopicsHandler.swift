import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// CreateTopics v0–7 on one node: replication factor 1 only, manual assignments only onto this broker,
/// configs validated before anything is written, and ValidateOnly (v1+) answering without creating.
/// v0 has no ValidateOnly and its answer no error message; v0–1 no throttle time (the codec drops them).
///
/// Partition budgets come before any work: a request may add at most `--max-partitions-per-request`
/// partitions over all its topics, and the broker at most `--max-partitions` in all (checked by
/// `LogManager` with the reservation). Topics past either limit get INVALID_PARTITIONS naming it.
enum CreateTopicsHandler {
    static func handle(broker: Broker, request: CreateTopicsRequest, context: RequestContext) -> EventLoopFuture<CreateTopicsResponse?> {
        let names = request.topics.map(\.name)
        return broker.onIOThread(context.eventLoop) {
            var requested = 0
            return CreateTopicsResponse(
                topics: request.topics.map { topic in
                    if names.filter({ $0 == topic.name }).count > 1 {
                        return .init(name: topic.name, errorCode: .invalidRequest, errorMessage: "Create topics request from client contains a duplicate topic: \(topic.name)")
                    }
                    return create(topic, validateOnly: request.validateOnly, requested: &requested, broker: broker)
                })
        }
    }

    private static func create(
        _ topic: CreateTopicsRequest.Topic, validateOnly: Bool, requested: inout Int, broker: Broker
    ) -> CreateTopicsResponse.Topic {
        func failed(_ code: KafkaErrorCode, _ message: String) -> CreateTopicsResponse.Topic {
            .init(name: topic.name, errorCode: code, errorMessage: message)
        }
        var partitions = topic.numPartitions
        if !topic.assignments.isEmpty {
            guard topic.numPartitions == -1, topic.replicationFactor == -1 else {
                return failed(.invalidRequest, "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.")
            }
            let indexes = topic.assignments.map(\.partitionIndex).sorted()
            guard indexes == Array(0..<Int32(indexes.count)) else {
                return failed(.invalidReplicaAssignment, "Partitions should be a consecutive 0-based integer sequence")
            }
            guard topic.assignments.allSatisfy({ $0.brokerIDs == [broker.nodeID] }) else {
                return failed(.invalidReplicaAssignment, "Replica assignments may only name broker \(broker.nodeID), the only broker")
            }
            partitions = Int32(indexes.count)
        }
        if partitions == -1 { partitions = broker.config.defaultNumPartitions }
        guard partitions > 0 else { return failed(.invalidPartitions, "Number of partitions must be larger than 0.") }
        let cap = broker.config.maxPartitionsPerRequest
        guard Int(partitions) <= cap - requested else {
            return failed(
                .invalidPartitions,
                "Creating \(partitions) partitions would exceed the limit of \(cap) partitions per request (--max-partitions-per-request)"
                    + (requested > 0 ? "; earlier topics of this request asked for \(requested)." : "."))
        }
        requested += Int(partitions)
        let replication = topic.replicationFactor == -1 ? 1 : topic.replicationFactor
        guard replication == 1 else {
            return failed(
                .invalidReplicationFactor,
                replication > 1 ? "Unable to replicate the partition \(replication) time(s): The target replication factor of \(replication) cannot be reached because only 1 broker(s) are registered."
                    : "Replication factor must be larger than 0.")
        }
        var configs: [String: String] = [:]
        for config in topic.configs {
            if let value = config.value { configs[config.name] = value }
        }
        do {
            let created = try broker.logManager.createTopic(name: topic.name, partitions: partitions, configs: configs, validateOnly: validateOnly)
            if !validateOnly {
                broker.logger.info("created topic", metadata: ["topic": "\(created.name)", "partitions": "\(created.partitionCount)"])
            }
            return .init(
                name: created.name, topicID: created.id, numPartitions: created.partitionCount, replicationFactor: 1,
                configs: created.logConfig.effectiveConfigs.map {
                    .init(name: $0.name, value: $0.value, configSource: $0.isDefault ? ConfigSource.defaultConfig : ConfigSource.dynamicTopicConfig)
                })
        } catch {
            if error.errorCode == .kafkaStorageError {
                broker.failures.error(
                    "creating a topic failed", kind: "create topic \(topic.name)",
                    metadata: ["topic": "\(topic.name)", "partitions": "\(partitions)", "error": "\(error)"])
            }
            return failed(error.errorCode, error.description)
        }
    }
}
