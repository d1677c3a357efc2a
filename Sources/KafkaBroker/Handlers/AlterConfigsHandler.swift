import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// AlterConfigs v0–2 and IncrementalAlterConfigs v0–1, for topics only.
///
/// Both end in `LogManager.alterTopicConfig`, which validates every key and value before it persists
/// anything and pushes the new `LogConfig` into the open partition logs, so a rejected request changes
/// nothing. Broker configs come from the command line and config file and cannot change at run time.
enum AlterConfigsHandler {
    /// Kafka's list-typed topic configs: the only ones APPEND and SUBTRACT apply to.
    static let listConfigs: Set<String> = [
        "cleanup.policy", "follower.replication.throttled.replicas", "leader.replication.throttled.replicas",
    ]

    static func handle(broker: Broker, request: AlterConfigsRequest, context: RequestContext) -> EventLoopFuture<AlterConfigsResponse?> {
        broker.onIOThread(context.eventLoop) {
            AlterConfigsResponse(responses: request.resources.map { resource in
                apply(type: resource.resourceType, name: resource.resourceName, validateOnly: request.validateOnly, broker: broker) { _ in
                    // The legacy API replaces the whole override set; a null value just drops the key.
                    var replaced: [String: String] = [:]
                    for config in resource.configs { replaced[config.name] = config.value }
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
                .init(apply(type: resource.resourceType, name: resource.resourceName, validateOnly: request.validateOnly, broker: broker) { current in
                    try merge(resource.configs, into: current)
                })
            })
        }
    }

    /// A request-level mistake (bad operation, duplicate key) reported with INVALID_REQUEST.
    struct InvalidRequest: Error { let message: String }

    /// Applies SET/DELETE/APPEND/SUBTRACT to the topic's current overrides, in request order.
    static func merge(_ configs: [IncrementalAlterConfigsRequest.Config], into current: [String: String]) throws -> [String: String] {
        var seen = Set<String>()
        var result = current
        for config in configs {
            guard seen.insert(config.name).inserted else {
                throw InvalidRequest(message: "Error due to duplicate config keys")
            }
            switch config.configOperation {
            case ConfigOperation.set:
                result[config.name] = config.value
            case ConfigOperation.delete:
                result[config.name] = nil
            case ConfigOperation.append, ConfigOperation.subtract:
                guard listConfigs.contains(config.name) else {
                    throw InvalidRequest(message: "Config value append is not allowed for config key: \(config.name)")
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
        LogConfig.topicConfigDefaults.first { $0.name == name }?.value ?? ""
    }

    private static func apply(
        type: Int8, name: String, validateOnly: Bool, broker: Broker,
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
            } catch let error as StorageError {
                return failed(error.errorCode, error.description)
            } catch {
                return failed(.unknownServerError, "\(error)")
            }
        case ConfigResourceType.broker, ConfigResourceType.brokerLogger:
            return failed(.invalidRequest, "Broker configs are read-only in Fjord; set them on the command line or in the config file")
        default:
            return failed(.invalidRequest, "Unsupported resource type \(type)")
        }
    }
}
