import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// AlterConfigs v0–2 and IncrementalAlterConfigs v0–1.
///
/// Topics: both end in `LogManager.alterTopicConfig`, which validates every key and value against
/// `TopicConfigDefinition.all` before it persists anything and pushes the new `LogConfig` into the
/// open partition logs, so a rejected request changes nothing. Broker: no setting in
/// `BrokerSettings.all` is dynamic, so any change is INVALID_CONFIG, as Kafka answers for a static one.
enum AlterConfigsHandler {
    static func handle(broker: Broker, request: AlterConfigsRequest, context: RequestContext) -> EventLoopFuture<AlterConfigsResponse?> {
        broker.onIOThread(context.eventLoop) {
            AlterConfigsResponse(responses: request.resources.map { resource in
                apply(
                    type: resource.resourceType, name: resource.resourceName, names: resource.configs.map(\.name),
                    validateOnly: request.validateOnly, broker: broker
                ) { _ in
                    // The legacy API replaces the whole override set.
                    var replaced: [String: String] = [:]
                    for config in resource.configs {
                        guard let value = config.value else {
                            throw InvalidRequest(message: "Null value not supported for : \(config.name)")
                        }
                        replaced[config.name] = value
                    }
                    return replaced
                }
            })
        }
    }

    static func handleIncremental(
        broker: Broker, request: IncrementalAlterConfigsRequest, context: RequestContext
    ) -> EventLoopFuture<IncrementalAlterConfigsResponse?> {
        broker.onIOThread(context.eventLoop) {
            IncrementalAlterConfigsResponse(responses: request.resources.map { resource in
                .init(apply(
                    type: resource.resourceType, name: resource.resourceName, names: resource.configs.map(\.name),
                    validateOnly: request.validateOnly, broker: broker
                ) { current in
                    try merge(resource.configs, into: current)
                })
            })
        }
    }

    /// A request-level mistake (bad operation, duplicate key, null value) reported with INVALID_REQUEST.
    struct InvalidRequest: Error { let message: String }
    /// A config Kafka would refuse by name (unknown, or not a list for APPEND/SUBTRACT): INVALID_CONFIG.
    struct InvalidConfig: Error { let message: String }

    /// Applies SET/DELETE/APPEND/SUBTRACT to the topic's current overrides, in request order.
    static func merge(_ configs: [IncrementalAlterConfigsRequest.Config], into current: [String: String]) throws -> [String: String] {
        var seen = Set<String>()
        var result = current
        for config in configs {
            guard seen.insert(config.name).inserted else {
                throw InvalidRequest(message: "Error due to duplicate config keys")
            }
            if config.value == nil && config.configOperation != ConfigOperation.delete {
                throw InvalidRequest(message: "Null value not supported for : \(config.name)")
            }
            switch config.configOperation {
            case ConfigOperation.set:
                result[config.name] = config.value
            case ConfigOperation.delete:
                result[config.name] = nil
            case ConfigOperation.append, ConfigOperation.subtract:
                guard let definition = TopicConfigDefinition.named(config.name) else {
                    throw InvalidConfig(message: "Unknown topic config name: \(config.name)")
                }
                guard definition.type == .list else {
                    let verb = config.configOperation == ConfigOperation.append ? "append" : "subtract"
                    throw InvalidConfig(message: "Config value \(verb) is not allowed for config key: \(config.name)")
                }
                let existing = (result[config.name] ?? defaultValue(of: config.name)).split(separator: ",").map(String.init)
                let items = (config.value ?? "").split(separator: ",").map(String.init)
                let updated = config.configOperation == ConfigOperation.append
                    ? existing + items.filter { !existing.contains($0) }
                    : existing.filter { !items.contains($0) }
                result[config.name] = updated.joined(separator: ",")
            default:
                throw InvalidRequest(message: "Unknown config operation \(config.configOperation) for \(config.name)")
            }
        }
        return result
    }

    private static func defaultValue(of name: String) -> String {
        TopicConfigDefinition.named(name)?.defaultValue ?? ""
    }

    private static func apply(
        type: Int8, name: String, names: [String], validateOnly: Bool, broker: Broker,
        newOverrides: ([String: String]) throws -> [String: String]
    ) -> AlterConfigsResourceResult {
        func failed(_ code: KafkaErrorCode, _ message: String) -> AlterConfigsResourceResult {
            .init(errorCode: code, errorMessage: message, resourceType: type, resourceName: name)
        }
        switch type {
        case ConfigResourceType.topic:
            guard let topic = broker.logManager.topic(named: name) else {
                return failed(.unknownTopicOrPartition, "The topic '\(name)' does not exist.")
            }
            do {
                let overrides = try newOverrides(topic.configs)
                try broker.logManager.alterTopicConfig(name: name, configs: overrides, validateOnly: validateOnly)
                return .init(resourceType: type, resourceName: name)
            } catch let error as InvalidRequest {
                return failed(.invalidRequest, error.message)
            } catch let error as InvalidConfig {
                return failed(.invalidConfig, error.message)
            } catch let error as StorageError {
                return failed(error.errorCode, error.description)
            } catch {
                return failed(.unknownServerError, "\(error)")
            }
        case ConfigResourceType.broker:
            guard name.isEmpty || name == String(broker.nodeID) else {
                return failed(.invalidRequest, "Unexpected broker id, expected \(broker.nodeID), but received \(name)")
            }
            do {
                _ = try newOverrides([:])
            } catch let error as InvalidRequest {
                return failed(.invalidRequest, error.message)
            } catch {
                // Null values and duplicate keys are request errors as for topics; `merge`'s list
                // checks are about topic configs, so the names are judged below instead.
            }
            // Known: a setting's Kafka name, or a topic config's broker-level name (DescribeConfigs
            // lists both).
            let topicDefaults = Set(TopicConfigDefinition.all.compactMap(\.serverName))
            if let unknown = names.first(where: { BrokerSettings.named(kafka: $0) == nil && !topicDefaults.contains($0) }) {
                return failed(.invalidConfig, "Unknown broker config name: \(unknown)")
            }
            let fixed = names.filter { BrokerSettings.named(kafka: $0)?.dynamic != true }
            guard fixed.isEmpty else {
                return failed(
                    .invalidConfig,
                    "Cannot update these configs dynamically: \(fixed.joined(separator: ", ")); set them on the command line or in the config file")
            }
            return .init(resourceType: type, resourceName: name)
        case ConfigResourceType.brokerLogger:
            return failed(.invalidRequest, "Broker loggers are set with --log-level; they cannot change at run time")
        default:
            return failed(.invalidRequest, "Unsupported resource type \(type)")
        }
    }
}
