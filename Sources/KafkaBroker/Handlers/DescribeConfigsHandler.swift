import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// DescribeConfigs v0–4 for topics and this broker. Every config is listed with its value and source,
/// not only overrides, because admin tools show defaults too (docs/kafka-behaviour.md). Names, values,
/// types and documentation come from the settings tables (`BrokerSettings.all`,
/// `TopicConfigDefinition.all`); nothing is listed here by name.
///
/// v0 has no config source and no synonyms; it says `is_default` instead, true where the source is
/// the default. Kafka 3.9 never sets that field and so answers false for every entry, which tells a
/// v0 client that everything is overridden (sarama's ListTopics then shows every default as a topic
/// config); Fjord answers what the field means (docs/protocol.md, "Old versions").
enum DescribeConfigsHandler {
    static func handle(broker: Broker, request: DescribeConfigsRequest, context: RequestContext) -> EventLoopFuture<DescribeConfigsResponse?> {
        let response = DescribeConfigsResponse(
            results: request.resources.map { resource in
                describe(resource, synonyms: request.includeSynonyms, documentation: request.includeDocumentation, broker: broker)
            })
        return context.eventLoop.makeSucceededFuture(response)
    }

    private static func describe(
        _ resource: DescribeConfigsRequest.Resource, synonyms: Bool, documentation: Bool, broker: Broker
    ) -> DescribeConfigsResponse.Result {
        func result(_ configs: [DescribeConfigsResponse.Config]) -> DescribeConfigsResponse.Result {
            // Kafka reads a null or empty key list as "everything".
            let wanted = resource.configurationKeys.flatMap { $0.isEmpty ? nil : Set($0) }
            return .init(
                resourceType: resource.resourceType, resourceName: resource.resourceName,
                configs: configs.filter { wanted?.contains($0.name) ?? true }.map { config in
                    var config = config
                    config.isDefault = config.configSource == ConfigSource.defaultConfig
                    return config
                })
        }
        switch resource.resourceType {
        case ConfigResourceType.topic:
            guard let topic = broker.logManager.topic(named: resource.resourceName) else {
                return .init(
                    errorCode: .unknownTopicOrPartition, errorMessage: "Topic \(resource.resourceName) does not exist",
                    resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
            }
            return result(topicConfigs(topic.logConfig, synonyms: synonyms, documentation: documentation))
        case ConfigResourceType.broker:
            guard resource.resourceName.isEmpty || resource.resourceName == String(broker.nodeID) else {
                return .init(
                    errorCode: .invalidRequest, errorMessage: "Unexpected broker id, expected \(broker.nodeID) but received \(resource.resourceName)",
                    resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
            }
            return result(brokerConfigs(broker.config, synonyms: synonyms, documentation: documentation))
        default:
            return .init(
                errorCode: .invalidRequest, errorMessage: "Unsupported resource type \(resource.resourceType)",
                resourceType: resource.resourceType, resourceName: resource.resourceName, configs: [])
        }
    }

    /// A topic's configs as Kafka describes them: source TOPIC_CONFIG for an override, DEFAULT_CONFIG
    /// otherwise; synonyms are the override, then the broker-level name at its default.
    static func topicConfigs(_ config: LogConfig, synonyms: Bool, documentation: Bool) -> [DescribeConfigsResponse.Config] {
        TopicConfigDefinition.all.map { definition in
            let override = config.overrides[definition.name]
            var found: [DescribeConfigsResponse.Synonym] = []
            if let override { found.append(.init(name: definition.name, value: override, source: ConfigSource.dynamicTopicConfig)) }
            if let server = definition.serverName {
                found.append(.init(name: server, value: definition.defaultValue, source: ConfigSource.defaultConfig))
            }
            return .init(
                name: definition.name, value: override ?? definition.defaultValue, readOnly: false,
                configSource: override == nil ? ConfigSource.defaultConfig : ConfigSource.dynamicTopicConfig, isSensitive: false,
                synonyms: synonyms ? found : [], configType: definition.type.rawValue,
                documentation: documentation ? definition.doc : nil)
        }
    }

    /// The broker's settings under Kafka's names: each `BrokerSettings` entry that has one (read-only
    /// unless dynamic; STATIC_BROKER_CONFIG when given or changed), then the topic configs' broker-level
    /// names at their defaults, as Kafka lists `log.retention.ms` and friends.
    static func brokerConfigs(_ config: BrokerConfig, synonyms: Bool, documentation: Bool) -> [DescribeConfigsResponse.Config] {
        let defaults = BrokerConfig()
        var seen = Set<String>()
        var configs: [DescribeConfigsResponse.Config] = []
        for setting in BrokerSettings.all {
            guard let name = setting.kafkaName else { continue }
            seen.insert(name)
            let value = setting.value(in: config)
            let isSet = setting.isSet(in: config)
            var found: [DescribeConfigsResponse.Synonym] = []
            if isSet { found.append(.init(name: name, value: value, source: ConfigSource.staticBrokerConfig)) }
            found.append(.init(name: name, value: setting.value(in: defaults), source: ConfigSource.defaultConfig))
            configs.append(.init(
                name: name, value: value, readOnly: !setting.dynamic,
                configSource: isSet ? ConfigSource.staticBrokerConfig : ConfigSource.defaultConfig, isSensitive: false,
                synonyms: synonyms ? found : [], configType: setting.type.rawValue,
                documentation: documentation ? setting.doc : nil))
        }
        for definition in TopicConfigDefinition.all {
            guard let name = definition.serverName, seen.insert(name).inserted else { continue }
            configs.append(.init(
                name: name, value: definition.defaultValue, readOnly: true, configSource: ConfigSource.defaultConfig, isSensitive: false,
                synonyms: synonyms ? [.init(name: name, value: definition.defaultValue, source: ConfigSource.defaultConfig)] : [],
                configType: definition.type.rawValue,
                documentation: documentation ? "default of the topic config \(definition.name): \(definition.doc)" : nil))
        }
        return configs
    }
}
