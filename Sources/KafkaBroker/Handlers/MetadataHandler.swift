import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// Metadata v0–12. v0 has no null topic list, so an empty one asks for every topic
/// (`MetadataRequest.requestedTopics(version:)`); v0–3 have no `allow_auto_topic_creation` and imply it,
/// so a missing topic is created whenever auto-creation is enabled, as Kafka 3.9 does.
enum MetadataHandler {
    static func handle(broker: Broker, request: MetadataRequest, context: RequestContext) -> EventLoopFuture<MetadataResponse?> {
        let version = context.header.apiVersion
        // Auto-creation writes topic metadata to disk, so the whole answer is built on the I/O pool.
        return broker.onIOThread(context.eventLoop) {
            let topics: [MetadataResponse.Topic]
            if let requested = request.requestedTopics(version: version) {
                let allowCreate = broker.config.autoCreateTopics && (version < 4 || request.allowAutoTopicCreation)
                topics = requested.map { describe(requested: $0, version: version, allowCreate: allowCreate, broker: broker) }
            } else {
                topics = broker.logManager.allTopics().sorted { $0.name < $1.name }.map { describe($0, broker: broker) }
            }
            return MetadataResponse(
                brokers: [.init(nodeID: broker.nodeID, host: broker.advertisedHost, port: broker.advertisedPort)],
                clusterID: broker.logManager.clusterID,
                controllerID: broker.nodeID,
                topics: topics
            )
        }
    }

    private static func describe(
        requested: MetadataRequest.Topic, version: Int16, allowCreate: Bool, broker: Broker
    ) -> MetadataResponse.Topic {
        guard let name = requested.name else {
            // v12+: asked for by ID only.
            if let topic = broker.logManager.topic(id: requested.topicID) { return describe(topic, broker: broker) }
            return .init(errorCode: .unknownTopicID, name: nil, topicID: requested.topicID, partitions: [])
        }
        if let topic = broker.logManager.topic(named: name) { return describe(topic, broker: broker) }
        // Kafka's answer for a topic whose creation has not finished; clients ask again.
        if broker.logManager.isBeingCreated(name) { return .init(errorCode: .leaderNotAvailable, name: name, partitions: []) }
        guard TopicName.isValid(name) else { return .init(errorCode: .invalidTopicException, name: name, partitions: []) }
        guard allowCreate, !TopicName.isInternal(name) else {
            return .init(errorCode: .unknownTopicOrPartition, name: name, partitions: [])
        }
        do {
            let created = try broker.logManager.createTopic(
                name: name, partitions: broker.config.defaultNumPartitions, configs: [:], validateOnly: false)
            broker.logger.info("auto-created topic", metadata: ["topic": "\(name)", "partitions": "\(created.partitionCount)"])
            return describe(created, broker: broker)
        } catch .topicAlreadyExists {
            // Another connection created it a moment ago.
            if let topic = broker.logManager.topic(named: name) { return describe(topic, broker: broker) }
            return .init(errorCode: .leaderNotAvailable, name: name, partitions: [])
        } catch {
            return .init(errorCode: error.errorCode, name: name, partitions: [])
        }
    }

    /// An offline partition (its log could not be opened at start-up) is shown as Kafka shows a
    /// partition whose only replica sits on a failed log directory: no leader (LEADER_NOT_AVAILABLE),
    /// an empty ISR and this node among the offline replicas. Clients then wait and retry rather
    /// than send it records; a request that reaches it anyway gets KAFKA_STORAGE_ERROR.
    static func describe(_ topic: TopicMetadata, broker: Broker) -> MetadataResponse.Topic {
        let node = broker.nodeID
        let offline = broker.logManager.offlinePartitions
        return .init(
            name: topic.name,
            topicID: topic.id,
            isInternal: TopicName.isInternal(topic.name),
            partitions: (0..<topic.partitionCount).map { index in
                if offline[TopicPartition(topic: topic.name, partition: index)] != nil {
                    return .init(
                        errorCode: .leaderNotAvailable, partitionIndex: index, leaderID: -1, leaderEpoch: Broker.leaderEpoch,
                        replicaNodes: [node], isrNodes: [], offlineReplicas: [node])
                }
                return .init(partitionIndex: index, leaderID: node, leaderEpoch: Broker.leaderEpoch, replicaNodes: [node], isrNodes: [node])
            }
        )
    }
}
