import KafkaProtocol
import NIOCore

enum ApiVersionsHandler {
    static func handle(broker: Broker, request: ApiVersionsRequest, context: RequestContext) -> EventLoopFuture<ApiVersionsResponse?> {
        // Kafka checks ClientSoftwareName/Version against a pattern and answers INVALID_REQUEST; being lenient
        // here costs nothing and spares clients with unusual names a retry at v0.
        let keys = SupportedAPIs.all.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.key.rawValue, minVersion: $0.advertised.lowerBound, maxVersion: $0.advertised.upperBound)
        }
        return context.eventLoop.makeSucceededFuture(ApiVersionsResponse(apiKeys: keys.sorted { $0.apiKey < $1.apiKey }))
    }
}
