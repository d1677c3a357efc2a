import KafkaModel
import KafkaProtocol
import NIOCore
import NIOPosix

/// A small Kafka client for Fjord's CLI, benchmarks and tests.
///
/// It bootstraps from the first reachable server, negotiates versions with ApiVersions, caches
/// Metadata, and keeps one connection per broker node, so it works against Apache Kafka and
/// Redpanda as well as Fjord. An actor because the caches and connection table are shared by
/// concurrent operations (a heartbeat task next to fetches in the group consumer).
public actor KafkaClient {
    /// Where a request goes.
    public enum Destination: Sendable, Hashable {
        /// Any broker; the bootstrap connection is reused.
        case any
        /// The broker with this node ID, as listed in Metadata.
        case node(Int32)
    }

    public nonisolated let bootstrapServers: [String]
    public nonisolated let clientID: String
    /// Bounds connecting (all bootstrap attempts together, retried while refused) and is the
    /// server-side timeout sent with admin and produce requests.
    public nonisolated let timeout: Duration
    /// How long one request may wait for its response (Kafka's request.timeout.ms, 30 s). Longer
    /// than `timeout` because JoinGroup legitimately waits for a whole rebalance.
    public nonisolated let requestTimeout: Duration

    private var bootstrap: (connection: KafkaConnection, versions: [Int16: ClosedRange<Int16>])?
    private var connections: [Int32: KafkaConnection] = [:]
    private var brokers: [Int32: MetadataResponse.Broker] = [:]
    private var topicCache: [String: MetadataResponse.Topic] = [:]
    private var closed = false

    public init(bootstrapServers: [String], clientID: String = "fjord", timeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(30)) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.timeout = timeout
        self.requestTimeout = max(requestTimeout, timeout)
    }

    /// Connects now instead of on first use, so a CLI can report an unreachable broker before
    /// reading any input.
    public func connect() async throws {
        _ = try await bootstrapConnection()
    }

    public func close() async {
        closed = true
        let all = Array(connections.values) + (bootstrap.map { [$0.connection] } ?? [])
        connections.removeAll()
        bootstrap = nil
        for connection in all { await connection.close() }
    }

    // MARK: Sending

    /// The version to use for `R`: the highest both this codec and the broker support, capped at
    /// `maxVersion` for callers that do not fill a newer version's fields (e.g. Fetch without topic IDs).
    public func negotiatedVersion<R: KafkaRequestMessage>(_ type: R.Type, maxVersion: Int16? = nil) async throws -> Int16 {
        let (_, versions) = try await bootstrapConnection()
        guard let broker = versions[R.apiKey.rawValue] else { throw KafkaClientError.unsupportedAPI(R.apiKey.name) }
        var high = min(R.versions.upperBound, broker.upperBound)
        if let maxVersion { high = min(high, maxVersion) }
        let low = max(R.versions.lowerBound, broker.lowerBound)
        guard low <= high else { throw KafkaClientError.unsupportedAPI("\(R.apiKey.name) (broker supports v\(broker.lowerBound)-\(broker.upperBound))") }
        return high
    }

    /// Sends `request` to `destination` at `version` (negotiated when nil). The building block for
    /// every operation; other modules add calls with it without touching the client itself.
    public func send<R: KafkaRequestMessage>(_ request: R, to destination: Destination = .any, version: Int16? = nil) async throws -> R.Response {
        let version = try await resolveVersion(R.self, version)
        let connection = try await connection(to: destination)
        do {
            return try await connection.send(request, version: version)
        } catch let error as KafkaClientError {
            if case .connectionClosed = error { forget(connection) }
            if case .requestTimedOut = error { forget(connection) }
            throw error
        }
    }

    /// Sends a request that gets no response (Produce with acks=0).
    public func sendWithoutResponse<R: KafkaRequestMessage>(_ request: R, to destination: Destination = .any, version: Int16? = nil) async throws {
        let version = try await resolveVersion(R.self, version)
        let connection = try await connection(to: destination)
        try await connection.sendWithoutResponse(request, version: version)
    }

    private func resolveVersion<R: KafkaRequestMessage>(_ type: R.Type, _ version: Int16?) async throws -> Int16 {
        if let version { return version }
        return try await negotiatedVersion(R.self)
    }

    // MARK: Connections

    /// The connection for a destination, opened on first use and reused afterwards.
    public func connection(to destination: Destination) async throws -> KafkaConnection {
        guard !closed else { throw KafkaClientError.clientClosed }
        let (bootstrapConnection, _) = try await bootstrapConnection()
        guard case let .node(nodeID) = destination else { return bootstrapConnection }
        if let existing = connections[nodeID], existing.isActive { return existing }
        if brokers[nodeID] == nil { _ = try await refreshMetadata(topics: []) }
        guard let broker = brokers[nodeID] else {
            throw KafkaClientError.invalidArgument("broker node \(nodeID) is not in the cluster metadata")
        }
        // A single-node cluster advertises the address we bootstrapped from: share that connection.
        if broker.host == bootstrapConnection.host && Int(broker.port) == bootstrapConnection.port {
            connections[nodeID] = bootstrapConnection
            return bootstrapConnection
        }
        let connection = try await connectWithRetry(host: broker.host, port: Int(broker.port))
        if let raced = connections[nodeID], raced.isActive {
            await connection.close()
            return raced
        }
        connections[nodeID] = connection
        return connection
    }

    private func forget(_ connection: KafkaConnection) {
        for (node, existing) in connections where existing === connection { connections[node] = nil }
        if bootstrap?.connection === connection { bootstrap = nil }
    }

    private func bootstrapConnection() async throws -> (KafkaConnection, [Int16: ClosedRange<Int16>]) {
        guard !closed else { throw KafkaClientError.clientClosed }
        if let bootstrap, bootstrap.connection.isActive { return bootstrap }
        let deadline = ContinuousClock.now + timeout
        var lastError: KafkaClientError?
        var lastAddress = bootstrapServers.first ?? "localhost:9092"
        repeat {
            for server in bootstrapServers {
                let (host, port) = try Self.parse(server: server)
                lastAddress = "\(host):\(port)"
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { break }
                do {
                    let connection = try await KafkaConnection.connect(
                        host: host, port: port, clientID: clientID, connectTimeout: remaining, requestTimeout: requestTimeout)
                    let versions = try await Self.negotiateApiVersions(on: connection)
                    if let raced = bootstrap, raced.connection.isActive {
                        await connection.close()
                        return raced
                    }
                    bootstrap = (connection, versions)
                    return (connection, versions)
                } catch let error as KafkaClientError {
                    lastError = error
                }
            }
            if ContinuousClock.now < deadline { try await Task.sleep(for: min(.milliseconds(250), deadline - ContinuousClock.now)) }
        } while ContinuousClock.now < deadline
        var reason = "connection failed"
        if case let .unreachable(_, why, _) = lastError { reason = why } else if let lastError { reason = lastError.description }
        throw KafkaClientError.unreachable(address: bootstrapServers.count == 1 ? lastAddress : bootstrapServers.joined(separator: ","),
                                           reason: reason, afterSeconds: timeout.seconds)
    }

    /// Connects to a broker learnt from Metadata, retrying a refused connection (a broker still
    /// starting) until `timeout`, and reporting the whole wait in the error.
    private func connectWithRetry(host: String, port: Int) async throws -> KafkaConnection {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await KafkaConnection.connect(
                    host: host, port: port, clientID: clientID, connectTimeout: max(.milliseconds(1), deadline - ContinuousClock.now),
                    requestTimeout: requestTimeout)
            } catch let KafkaClientError.unreachable(address, reason, _) {
                guard ContinuousClock.now + .milliseconds(250) < deadline else {
                    throw KafkaClientError.unreachable(address: address, reason: reason, afterSeconds: timeout.seconds)
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// KIP-511: ask with v3; a broker that does not know v3 answers UNSUPPORTED_VERSION with a v0
    /// body listing its own ApiVersions range, and we ask again at the highest version it has.
    static func negotiateApiVersions(on connection: KafkaConnection) async throws -> [Int16: ClosedRange<Int16>] {
        let request = ApiVersionsRequest(clientSoftwareName: "fjord", clientSoftwareVersion: "0.1.0")
        var version: Int16 = 3
        for _ in 0..<2 {
            let body = try await connection.sendRaw(request, version: version)
            let errorCode = KafkaErrorCode(rawValue: body.getInteger(at: body.readerIndex, as: Int16.self) ?? -1)
            let decodeVersion: Int16 = errorCode == .unsupportedVersion ? 0 : version
            var copy = body
            let response: ApiVersionsResponse
            do {
                response = try ApiVersionsResponse(from: &copy, version: decodeVersion)
            } catch {
                throw KafkaClientError.malformedResponse(api: "ApiVersions v\(decodeVersion)", detail: "\(error)")
            }
            if errorCode == .unsupportedVersion,
               let entry = response.apiKeys.first(where: { $0.apiKey == ApiKey.apiVersions.rawValue }), entry.maxVersion < version {
                version = entry.maxVersion
                continue
            }
            guard response.errorCode == .none else {
                throw KafkaClientError.kafka(response.errorCode, resource: "ApiVersions", message: nil)
            }
            var table: [Int16: ClosedRange<Int16>] = [:]
            for key in response.apiKeys where key.minVersion <= key.maxVersion {
                table[key.apiKey] = key.minVersion...key.maxVersion
            }
            return table
        }
        throw KafkaClientError.unsupportedAPI("ApiVersions")
    }

    /// "host:port", "[v6]:port" or a bare host (port 9092).
    static func parse(server: String) throws -> (String, Int) {
        var text = server.trimmingCharacters(in: " ")
        if text.hasPrefix("[") , let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { throw KafkaClientError.invalidArgument("invalid bootstrap server '\(server)'") }
            let port = rest.isEmpty ? 9092 : Int(rest.dropFirst())
            guard let port, (1...65535).contains(port) else { throw KafkaClientError.invalidArgument("invalid port in bootstrap server '\(server)'") }
            return (host, port)
        }
        if let colon = text.lastIndex(of: ":") {
            let host = String(text[..<colon])
            guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port), !host.isEmpty else {
                throw KafkaClientError.invalidArgument("invalid bootstrap server '\(server)' (expected HOST:PORT)")
            }
            return (host, port)
        }
        text = text.isEmpty ? "localhost" : text
        return (text, 9092)
    }

    // MARK: Metadata cache

    /// Fetches metadata for `topics` (all topics when nil) and refreshes the cache.
    @discardableResult
    public func refreshMetadata(topics: [String]?, allowAutoTopicCreation: Bool = false) async throws -> MetadataResponse {
        let request = MetadataRequest(topics: topics.map { $0.map { MetadataRequest.Topic(name: $0) } }, allowAutoTopicCreation: allowAutoTopicCreation)
        let response = try await send(request)
        for broker in response.brokers { brokers[broker.nodeID] = broker }
        for topic in response.topics {
            guard let name = topic.name else { continue }
            if topic.errorCode == .none { topicCache[name] = topic } else { topicCache[name] = nil }
        }
        return response
    }

    /// The cached metadata of `topic`, fetched when missing. Throws `unknownTopic` when the broker
    /// does not have it.
    public func topicMetadata(_ topic: String, refresh: Bool = false) async throws -> MetadataResponse.Topic {
        if !refresh, let cached = topicCache[topic] { return cached }
        let response = try await refreshMetadata(topics: [topic])
        guard let entry = response.topics.first(where: { $0.name == topic }) else { throw KafkaClientError.unknownTopic(topic) }
        switch entry.errorCode {
        case .none: return entry
        case .unknownTopicOrPartition, .invalidTopicException: throw KafkaClientError.unknownTopic(topic)
        default: throw KafkaClientError.kafka(entry.errorCode, resource: topic, message: nil)
        }
    }

    /// The node leading `topic`/`partition`.
    public func leader(topic: String, partition: Int32) async throws -> Int32 {
        var metadata = try await topicMetadata(topic)
        if !metadata.partitions.contains(where: { $0.partitionIndex == partition }) {
            metadata = try await topicMetadata(topic, refresh: true)
        }
        guard let entry = metadata.partitions.first(where: { $0.partitionIndex == partition }) else {
            throw KafkaClientError.unknownPartition(topic: topic, partition: partition)
        }
        guard entry.leaderID >= 0 else { throw KafkaClientError.noLeader(topic: topic, partition: partition) }
        return entry.leaderID
    }

    /// Adds or replaces a broker address learnt outside Metadata (FindCoordinator).
    func register(broker: MetadataResponse.Broker) {
        if let known = brokers[broker.nodeID], known.host == broker.host, known.port == broker.port { return }
        brokers[broker.nodeID] = broker
        if let stale = connections[broker.nodeID], stale.host != broker.host || stale.port != Int(broker.port) { connections[broker.nodeID] = nil }
    }

    /// Drops a topic from the cache after an error that says the cached leader is stale.
    public func invalidate(topic: String) {
        topicCache[topic] = nil
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
