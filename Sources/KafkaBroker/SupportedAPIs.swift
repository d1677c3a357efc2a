import KafkaModel
import KafkaProtocol
import NIOCore

/// One API the broker serves: the versions it advertises in ApiVersions, the versions its codec decodes,
/// and the handler. ApiVersions and dispatch both read `SupportedAPIs.all`, so they cannot disagree.
struct SupportedAPI: Sendable {
    let key: ApiKey
    let advertised: ClosedRange<Int16>
    let implemented: ClosedRange<Int16>
    let firstFlexibleVersion: Int16?
    let handle: @Sendable (Broker, ByteBuffer, RequestContext) throws -> EventLoopFuture<EncodedResponse>

    /// An API whose handler answers with a response message (or nil for no answer at all).
    static func api<Request: KafkaRequestMessage>(
        _ type: Request.Type,
        advertised: ClosedRange<Int16>? = nil,
        implemented: ClosedRange<Int16>? = nil,
        _ handler: @escaping @Sendable (Broker, Request, RequestContext) -> EventLoopFuture<Request.Response?>
    ) -> SupportedAPI {
        let implemented = implemented ?? Request.versions
        return SupportedAPI(
            key: Request.apiKey,
            advertised: advertised ?? implemented,
            implemented: implemented,
            firstFlexibleVersion: Request.firstFlexibleVersion
        ) { broker, body, context in
            let request = try Request.decode(body, version: context.header.apiVersion, allowTrailingBytes: true)
            return handler(broker, request, context).map { response in
                guard let response else { return .none }
                return .frame(response, header: context.header, flexibleRequest: context.flexible, allocator: context.allocator)
            }
        }
    }

    /// An API whose handler encodes its own response (Fetch, which splices in file regions).
    static func encodingAPI<Request: KafkaRequestMessage>(
        _ type: Request.Type,
        _ handler: @escaping @Sendable (Broker, Request, RequestContext) -> EventLoopFuture<EncodedResponse>
    ) -> SupportedAPI {
        SupportedAPI(
            key: Request.apiKey, advertised: Request.versions, implemented: Request.versions,
            firstFlexibleVersion: Request.firstFlexibleVersion
        ) { broker, body, context in
            handler(broker, try Request.decode(body, version: context.header.apiVersion, allowTrailingBytes: true), context)
        }
    }
}

enum SupportedAPIs {
    static let all: [SupportedAPI] = [
        // Produce is advertised from v0 but served from v3: librdkafka 2.0.2 enables compression only when
        // Produce v0 is listed (protocol-compat.md pitfall 2); older versions close the connection.
        .api(ProduceRequest.self, advertised: 0...11, implemented: 3...11, ProduceHandler.handle),
        .encodingAPI(FetchRequest.self, FetchHandler.handle),
        .api(ListOffsetsRequest.self, ListOffsetsHandler.handle),
        .api(MetadataRequest.self, MetadataHandler.handle),
        .api(OffsetCommitRequest.self, OffsetCommitHandler.handle),
        .api(OffsetFetchRequest.self, OffsetFetchHandler.handle),
        .api(FindCoordinatorRequest.self, FindCoordinatorHandler.handle),
        .api(JoinGroupRequest.self, JoinGroupHandler.handle),
        .api(HeartbeatRequest.self, HeartbeatHandler.handle),
        .api(LeaveGroupRequest.self, LeaveGroupHandler.handle),
        .api(SyncGroupRequest.self, SyncGroupHandler.handle),
        .api(DescribeGroupsRequest.self, DescribeGroupsHandler.handle),
        .api(ListGroupsRequest.self, ListGroupsHandler.handle),
        .api(ApiVersionsRequest.self, ApiVersionsHandler.handle),
        .api(CreateTopicsRequest.self, CreateTopicsHandler.handle),
        .api(DeleteTopicsRequest.self, DeleteTopicsHandler.handle),
        .api(InitProducerIdRequest.self, InitProducerIdHandler.handle),
        .api(OffsetForLeaderEpochRequest.self, OffsetForLeaderEpochHandler.handle),
        .api(DescribeConfigsRequest.self, DescribeConfigsHandler.handle),
        .api(CreatePartitionsRequest.self, CreatePartitionsHandler.handle),
        .api(DeleteGroupsRequest.self, DeleteGroupsHandler.handle),
        .api(OffsetDeleteRequest.self, OffsetDeleteHandler.handle),
        .api(AlterConfigsRequest.self, AlterConfigsHandler.handle),
        .api(IncrementalAlterConfigsRequest.self, AlterConfigsHandler.handleIncremental),
        .api(DeleteRecordsRequest.self, DeleteRecordsHandler.handle),
    ]
}
