import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// DescribeConfigs v0–4 for topics and this broker. Every config is listed with its value and source,
/// not only overrides, because admin tools show defaults too (protocol-compat.md, "Also watch").
///
/// v0 has no config source and no synonyms; it says `is_default` instead, true where the source is
/// the default. Kafka 3.9 never sets that field and so answers false for every entry, which tells a
/// v0 client that everything is overridden (sarama's ListTopics then shows every default as a topic
/// config); Fjord answers what the field means (docs/protocol.md, "Old versions").
enum DescribeConfigsHandler {
    static func handle(broker: Broker, request: DescribeConfigsRequest, context: RequestContext) -> EventLoopFuture<DescribeConfigsResponse?> {
        let response = DescribeConfigsResponse(
            results: request.resources.map { resource in
                describe(resource, includeSynonyms: request.includeSynonyms, broker: broker)
            })
        return context.eventLoop.makeSucceededFuture(response)
    }

    private static func describe(_ resource: DescribeConfigsRequest.Resource, includeSynonyms: Bool, broker: Broker) -> DescribeConfigsResponse.Result {
        func result(_ entries: [(name: String, value: String, source: Int8)]) -> DescribeConfigsResponse.Result {
            let wanted = resource.configurationKeys.map(Set.init)
            let configs = entries.filter { wanted?.contains($0.name) ?? true }.map { entry in
                DescribeConfigsResponse.Config(
                    name: entry.name, value: entry.value, readOnly: resource.resourceType == ConfigResourceType.broker,
                    isDefault: entry.source == ConfigSource.defaultConfig, configSource: entry.source,
                    synonyms: includeSynonyms ? [.init(name: entry.name, value: entry.value, source: entry.source)] : [])
            }
            return .init(resourceType: resource.resourceType, resourceName: resource.resourceName, configs: configs)
        }
        switch resource.resourceType {
        case ConfigResourceType.topic:
            guard let topic = broker.logManager.topic(named: resource.resourceName) else {
                return .init(
                    errorCode: .unknownTopicOrPartition, errorMessage: "Topic \(resource.resourceName) does not exist",
                    resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
            }
            return result(
                topic.logConfig.effectiveConfigs.map {
                    ($0.name, $0.value, $0.isDefault ? ConfigSource.defaultConfig : ConfigSource.dynamicTopicConfig)
                })
        case ConfigResourceType.broker:
            guard resource.resourceName.isEmpty || resource.resourceName == String(broker.nodeID) else {
                return .init(
                    errorCode: .invalidRequest, errorMessage: "Unexpected broker id, expected \(broker.nodeID) but received \(resource.resourceName)",
                    resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
            }
            return result(brokerConfigs(broker.config))
        default:
            return .init(
                errorCode: .invalidRequest, errorMessage: "Unsupported resource type \(resource.resourceType)",
                resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
        }
    }

    /// The broker settings under Kafka's names; a value equal to Fjord's default is reported as such.
    static func brokerConfigs(_ config: BrokerConfig) -> [(name: String, value: String, source: Int8)] {
        let defaults = BrokerConfig()
        func entry(_ name: String, _ value: String, _ defaultValue: String) -> (String, String, Int8) {
            (name, value, value == defaultValue ? ConfigSource.defaultConfig : ConfigSource.staticBrokerConfig)
        }
        let listener = { (c: BrokerConfig) in "PLAINTEXT://\(c.listenHost):\(c.listenPort)" }
        let advertised = { (c: BrokerConfig) in "PLAINTEXT://\(c.effectiveAdvertisedHost):\(c.effectiveAdvertisedPort)" }
        let flushMs = { (c: BrokerConfig) -> String in
            switch c.flushPolicy {
            case .always: "0"
            case .interval: String(c.flushIntervalMs)
            case .never: String(Int64.max)
            }
        }
        return [
            entry("advertised.listeners", advertised(config), advertised(defaults)),
            entry("auto.create.topics.enable", String(config.autoCreateTopics), String(defaults.autoCreateTopics)),
            entry("broker.id", String(config.nodeID), String(defaults.nodeID)),
            entry("default.replication.factor", "1", "1"),
            entry("listeners", listener(config), listener(defaults)),
            entry("log.dirs", config.dataDirectory, defaults.dataDirectory),
            entry("log.flush.interval.ms", flushMs(config), flushMs(defaults)),
            entry("max.connections", String(config.maxConnections), String(defaults.maxConnections)),
            entry("message.max.bytes", "1048588", "1048588"),
            entry("node.id", String(config.nodeID), String(defaults.nodeID)),
            entry("num.partitions", String(config.defaultNumPartitions), String(defaults.defaultNumPartitions)),
            entry("offsets.topic.num.partitions", "50", "50"),
            entry("socket.request.max.bytes", String(config.maxRequestBytes), String(defaults.maxRequestBytes)),
        ] + LogConfig.topicConfigDefaults.compactMap { topicDefault in
            // Kafka exposes each topic default under its broker-level name, e.g. log.retention.ms.
            guard let brokerName = brokerName(forTopicConfig: topicDefault.name) else { return nil }
            return (brokerName, topicDefault.value, ConfigSource.defaultConfig)
        }
    }

    private static func brokerName(forTopicConfig name: String) -> String? {
        switch name {
        case "cleanup.policy", "retention.ms", "retention.bytes", "segment.bytes", "segment.ms", "index.interval.bytes",
            "message.timestamp.type", "segment.index.bytes", "message.timestamp.before.max.ms",
            "message.timestamp.after.max.ms", "message.timestamp.difference.max.ms":
            "log." + name
        default: nil
        }
    }
}
