import KafkaModel
import KafkaProtocol
import KafkaStorage
import NIOCore

/// InitProducerId for idempotent producers. As in Kafka, a non-transactional producer always gets a fresh
/// producer ID at epoch 0, even when it presents its previous one (KIP-360): the per-partition sequence
/// checks then start over cleanly. IDs are allocated from a block persisted by the log manager, so they
/// never repeat across restarts. Transactions are not supported yet.
enum InitProducerIdHandler {
    static func handle(broker: Broker, request: InitProducerIdRequest, context: RequestContext) -> EventLoopFuture<InitProducerIdResponse?> {
        let version = context.header.apiVersion
        return answer(broker: broker, request: request, context: context).map { response in
            var response = response
            response.errorCode = OldVersionErrors.code(response.errorCode, api: .initProducerId, version: version)
            return response
        }
    }

    private static func answer(broker: Broker, request: InitProducerIdRequest, context: RequestContext) -> EventLoopFuture<InitProducerIdResponse> {
        guard request.transactionalID == nil else {
            // No transaction coordinator: refuse rather than hand out IDs that transactions would misuse.
            return context.eventLoop.makeSucceededFuture(InitProducerIdResponse(errorCode: .transactionalIDAuthorizationFailed))
        }
        return broker.onIOThread(context.eventLoop) {
            do {
                return InitProducerIdResponse(producerID: try broker.logManager.allocateProducerID(), producerEpoch: 0)
            } catch {
                broker.logger.error("producer ID allocation failed", metadata: ["error": "\(error)"])
                return InitProducerIdResponse(errorCode: .kafkaStorageError)
            }
        }
    }
}
