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

    /// An API whose handler answers with a response message (or nil for no answer at all). `implemented` is
    /// what the handler serves, which may be less than the codec decodes (`Request.versions`, all of the
    /// schema): a version is listed here only once the handler implements its semantics.
    static func api<Request: KafkaRequestMessage>(
        _ type: Request.Type,
        advertised: ClosedRange<Int16>? = nil,
        implemented: ClosedRange<Int16>,
        _ handler: @escaping @Sendable (Broker, Request, RequestContext) -> EventLoopFuture<Request.Response?>
    ) -> SupportedAPI {
        precondition(Request.versions.contains(implemented.lowerBound) && Request.versions.contains(implemented.upperBound))
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
        implemented: ClosedRange<Int16>,
        _ handler: @escaping @Sendable (Broker, Request, RequestContext) -> EventLoopFuture<EncodedResponse>
    ) -> SupportedAPI {
        precondition(Request.versions.contains(implemented.lowerBound) && Request.versions.contains(implemented.upperBound))
        return SupportedAPI(
            key: Request.apiKey, advertised: implemented, implemented: implemented,
            firstFlexibleVersion: Request.firstFlexibleVersion
        ) { broker, body, context in
            handler(broker, try Request.decode(body, version: context.header.apiVersion, allowTrailingBytes: true), context)
        }
    }
}

enum SupportedAPIs {
    static let all: [SupportedAPI] = [
        // Every API serves the whole range of its schema (Kafka 3.9's), old versions with their own semantics
        // (docs/protocol.md, "Old versions"). Produce v0–2 and Fetch v0–3 carry message format v0/v1, converted
        // at the edge (docs/message-format.md).
        .api(ProduceRequest.self, implemented: 0...11, ProduceHandler.handle),
        .encodingAPI(FetchRequest.self, implemented: 0...17, FetchHandler.handle),
        .api(ListOffsetsRequest.self, implemented: 0...9, ListOffsetsHandler.handle),
        .api(MetadataRequest.self, implemented: 0...12, MetadataHandler.handle),
        .api(OffsetCommitRequest.self, implemented: 0...9, OffsetCommitHandler.handle),
        .api(OffsetFetchRequest.self, implemented: 0...9, OffsetFetchHandler.handle),
        .api(FindCoordinatorRequest.self, implemented: 0...6, FindCoordinatorHandler.handle),
        .api(JoinGroupRequest.self, implemented: 0...9, JoinGroupHandler.handle),
        .api(HeartbeatRequest.self, implemented: 0...4, HeartbeatHandler.handle),
        .api(LeaveGroupRequest.self, implemented: 0...5, LeaveGroupHandler.handle),
        .api(SyncGroupRequest.self, implemented: 0...5, SyncGroupHandler.handle),
        .api(DescribeGroupsRequest.self, implemented: 0...5, DescribeGroupsHandler.handle),
        .api(ListGroupsRequest.self, implemented: 0...5, ListGroupsHandler.handle),
        .api(ApiVersionsRequest.self, implemented: 0...4, ApiVersionsHandler.handle),
        .api(CreateTopicsRequest.self, implemented: 0...7, CreateTopicsHandler.handle),
        .api(DeleteTopicsRequest.self, implemented: 0...6, DeleteTopicsHandler.handle),
        .api(InitProducerIdRequest.self, implemented: 0...5, InitProducerIdHandler.handle),
        .api(OffsetForLeaderEpochRequest.self, implemented: 0...4, OffsetForLeaderEpochHandler.handle),
        .api(DescribeConfigsRequest.self, implemented: 0...4, DescribeConfigsHandler.handle),
        .api(CreatePartitionsRequest.self, implemented: 0...3, CreatePartitionsHandler.handle),
        .api(DeleteGroupsRequest.self, implemented: 0...2, DeleteGroupsHandler.handle),
        .api(OffsetDeleteRequest.self, implemented: 0...0, OffsetDeleteHandler.handle),
        .api(AlterConfigsRequest.self, implemented: 0...2, AlterConfigsHandler.handle),
        .api(IncrementalAlterConfigsRequest.self, implemented: 0...1, AlterConfigsHandler.handleIncremental),
        .api(DeleteRecordsRequest.self, implemented: 0...2, DeleteRecordsHandler.handle),
    ]
}
