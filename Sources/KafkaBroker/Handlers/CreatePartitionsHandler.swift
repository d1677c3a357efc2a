import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// CreatePartitions v0–3: a topic's partition count can only grow (Kafka's rule, since keyed records
/// would otherwise move partitions). The partitions added count against the same budgets as
/// CreateTopics (see CreateTopicsHandler.swift).
enum CreatePartitionsHandler {
    static func handle(broker: Broker, request: CreatePartitionsRequest, context: RequestContext) -> EventLoopFuture<CreatePartitionsResponse?> {
        broker.onIOThread(context.eventLoop) {
            var requested = 0
            return CreatePartitionsResponse(
                results: request.topics.map { grow($0, validateOnly: request.validateOnly, requested: &requested, broker: broker) })
        }
    }

    private static func grow(
        _ topic: CreatePartitionsRequest.Topic, validateOnly: Bool, requested: inout Int, broker: Broker
    ) -> CreatePartitionsResponse.Result {
        guard let current = broker.logManager.topic(named: topic.name) else {
            return .init(name: topic.name, errorCode: .unknownTopicOrPartition, errorMessage: "The topic '\(topic.name)' does not exist.")
        }
        guard topic.count > current.partitionCount else {
            let message = topic.count == current.partitionCount
                ? "Topic already has \(current.partitionCount) partitions."
                : "Topic currently has \(current.partitionCount) partitions, which is higher than the requested \(topic.count)."
            return .init(name: topic.name, errorCode: .invalidPartitions, errorMessage: message)
        }
        if let assignments = topic.assignments, !assignments.allSatisfy({ $0.brokerIDs == [broker.nodeID] }) {
            return .init(name: topic.name, errorCode: .invalidReplicaAssignment, errorMessage: "Replica assignments may only name broker \(broker.nodeID)")
        }
        let adding = Int(topic.count - current.partitionCount)
        let cap = broker.config.maxPartitionsPerRequest
        guard adding <= cap - requested else {
            return .init(
                name: topic.name, errorCode: .invalidPartitions,
                errorMessage: "Adding \(adding) partitions would exceed the limit of \(cap) partitions per request (--max-partitions-per-request).")
        }
        requested += adding
        do {
            _ = try broker.logManager.createPartitions(topic: topic.name, newCount: topic.count, validateOnly: validateOnly)
            return .init(name: topic.name)
        } catch {
            if error.errorCode == .kafkaStorageError {
                broker.failures.error(
                    "adding partitions failed", kind: "create partitions \(topic.name)",
                    metadata: ["topic": "\(topic.name)", "count": "\(topic.count)", "error": "\(error)"])
            }
            return .init(name: topic.name, errorCode: error.errorCode, errorMessage: error.description)
        }
    }
}
