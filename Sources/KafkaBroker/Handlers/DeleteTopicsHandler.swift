import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// DeleteTopics v0–6: by name, or by name or topic ID from v6. v0 differs from v1 only in having no
/// throttle time.
enum DeleteTopicsHandler {
    static func handle(broker: Broker, request: DeleteTopicsRequest, context: RequestContext) -> EventLoopFuture<DeleteTopicsResponse?> {
        let version = context.header.apiVersion
        let wanted = version >= 6 ? request.topics : request.topicNames.map { DeleteTopicsRequest.Topic(name: $0) }
        return broker.onIOThread(context.eventLoop) {
            DeleteTopicsResponse(responses: wanted.map {
                var result = delete($0, broker: broker)
                result.errorCode = OldVersionErrors.code(result.errorCode, api: .deleteTopics, version: version)
                return result
            })
        }
    }

    private static func delete(_ topic: DeleteTopicsRequest.Topic, broker: Broker) -> DeleteTopicsResponse.Result {
        let found: TopicMetadata?
        if let name = topic.name {
            found = broker.logManager.topic(named: name)
            guard found != nil else {
                return .init(name: name, topicID: topic.topicID, errorCode: .unknownTopicOrPartition, errorMessage: "This server does not host this topic-partition.")
            }
        } else {
            found = broker.logManager.topic(id: topic.topicID)
            guard found != nil else { return .init(name: nil, topicID: topic.topicID, errorCode: .unknownTopicID) }
        }
        guard let metadata = found else { return .init(name: topic.name, errorCode: .unknownTopicOrPartition) }
        guard !TopicName.isInternal(metadata.name) else {
            return .init(name: metadata.name, topicID: metadata.id, errorCode: .topicAuthorizationFailed, errorMessage: "internal topics cannot be deleted")
        }
        do {
            try broker.logManager.deleteTopic(name: metadata.name)
            broker.partitions.forget(topic: metadata.name)
            broker.logger.info("deleted topic", metadata: ["topic": "\(metadata.name)"])
            return .init(name: metadata.name, topicID: metadata.id)
        } catch {
            broker.failures.error(
                "deleting a topic failed", kind: "delete topic \(metadata.name)", metadata: ["topic": "\(metadata.name)", "error": "\(error)"])
            return .init(name: metadata.name, topicID: metadata.id, errorCode: error.errorCode, errorMessage: error.description)
        }
    }
}
