import KafkaModel
import KafkaProtocol

/// Group lookups and offset administration, each routed to the group's coordinator.
extension KafkaClient {
    /// The node coordinating `group` (FindCoordinator, key type 0). The answer's address is added
    /// to the broker table, since a coordinator is reachable even if Metadata listed it differently.
    public func findCoordinator(group: String) async throws -> Int32 {
        let version = try await negotiatedVersion(FindCoordinatorRequest.self)
        // v4 batches keys (KIP-699); earlier versions carry one key.
        let request = version >= 4 ? FindCoordinatorRequest(keyType: 0, coordinatorKeys: [group]) : FindCoordinatorRequest(key: group, keyType: 0)
        var lastError = KafkaClientError.kafka(.coordinatorNotAvailable, resource: "group '\(group)'", message: nil)
        let deadline = ContinuousClock.now + timeout
        repeat {
            let response = try await send(request, version: version)
            let (code, message, node, host, port): (KafkaErrorCode, String?, Int32, String, Int32)
            if version >= 4 {
                guard let entry = response.coordinators.first(where: { $0.key == group }) else {
                    throw KafkaClientError.malformedResponse(api: "FindCoordinator", detail: "no coordinator for '\(group)'")
                }
                (code, message, node, host, port) = (entry.errorCode, entry.errorMessage, entry.nodeID, entry.host, entry.port)
            } else {
                (code, message, node, host, port) = (response.errorCode, response.errorMessage, response.nodeID, response.host, response.port)
            }
            if code == .none {
                register(broker: MetadataResponse.Broker(nodeID: node, host: host, port: port))
                return node
            }
            lastError = KafkaClientError.kafka(code, resource: "group '\(group)'", message: message)
            // The offsets topic may still be loading right after start-up: retry, as Java does.
            guard code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress else { throw lastError }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        throw lastError
    }

    /// Every group on every broker (one ListGroups per broker, as Kafka's tools do).
    public func listGroups(states: [String] = []) async throws -> [ListGroupsResponse.Group] {
        let metadata = try await refreshMetadata(topics: [])
        let nodes = metadata.brokers.isEmpty ? [Destination.any] : metadata.brokers.map { Destination.node($0.nodeID) }
        var groups: [ListGroupsResponse.Group] = []
        for node in nodes {
            let response = try await send(ListGroupsRequest(statesFilter: states), to: node)
            guard response.errorCode == .none else { throw KafkaClientError.kafka(response.errorCode, resource: "ListGroups", message: nil) }
            groups += response.groups
        }
        return groups.sorted { $0.groupID < $1.groupID }
    }

    /// Describes groups, each asked of its own coordinator. An unknown group comes back as state
    /// "Dead" with no members, which is Kafka's answer too.
    public func describeGroups(_ groups: [String]) async throws -> [DescribeGroupsResponse.Group] {
        var results: [DescribeGroupsResponse.Group] = []
        for group in groups {
            results += try await whileCoordinatorLoads {
                let node = try await findCoordinator(group: group)
                let response = try await send(DescribeGroupsRequest(groups: [group]), to: .node(node))
                for entry in response.groups where entry.errorCode != .none {
                    throw KafkaClientError.kafka(entry.errorCode, resource: "group '\(group)'", message: nil)
                }
                return response.groups
            }
        }
        return results
    }

    /// Committed offsets of `group` (all its partitions when `partitions` is nil). Partitions with no
    /// commit are returned with -1, as the broker reports them.
    public func fetchOffsets(group: String, partitions: [TopicPartition]? = nil) async throws -> [TopicPartition: Int64] {
        try await whileCoordinatorLoads { try await fetchOffsetsOnce(group: group, partitions: partitions) }
    }

    private func fetchOffsetsOnce(group: String, partitions: [TopicPartition]?) async throws -> [TopicPartition: Int64] {
        let node = try await findCoordinator(group: group)
        let version = try await negotiatedVersion(OffsetFetchRequest.self)
        let topics: [OffsetFetchRequest.Topic]? = partitions.map { list in
            Dictionary(grouping: list, by: \.topic).sorted { $0.key < $1.key }.map { .init(name: $0.key, partitionIndexes: $0.value.map(\.partition).sorted()) }
        }
        // v8 moved the group and its topics into a Groups array (KIP-709).
        let request = version >= 8
            ? OffsetFetchRequest(groups: [.init(groupID: group, topics: topics)])
            : OffsetFetchRequest(groupID: group, topics: topics)
        let response = try await send(request, to: .node(node), version: version)
        let (errorCode, responseTopics) = version >= 8
            ? (response.groups.first?.errorCode ?? .none, response.groups.first?.topics ?? [])
            : (response.errorCode, response.topics)
        guard errorCode == .none else { throw KafkaClientError.kafka(errorCode, resource: "group '\(group)'", message: nil) }
        var offsets: [TopicPartition: Int64] = [:]
        for topic in responseTopics {
            for partition in topic.partitions {
                let tp = TopicPartition(topic: topic.name, partition: partition.partitionIndex)
                guard partition.errorCode == .none else { throw KafkaClientError.kafka(partition.errorCode, resource: tp.description, message: nil) }
                offsets[tp] = partition.committedOffset
            }
        }
        return offsets
    }

    /// Commits offsets for `group`. A simple (non-member) commit uses generation -1 and member "".
    public func commitOffsets(group: String, generation: Int32 = -1, member: String = "", offsets: [TopicPartition: Int64]) async throws {
        guard !offsets.isEmpty else { return }
        try await whileCoordinatorLoads {
            try await commitOffsetsOnce(group: group, generation: generation, member: member, offsets: offsets)
        }
    }

    private func commitOffsetsOnce(group: String, generation: Int32, member: String, offsets: [TopicPartition: Int64]) async throws {
        let node = try await findCoordinator(group: group)
        let topics = Dictionary(grouping: offsets, by: \.key.topic).sorted { $0.key < $1.key }.map { topic, entries in
            OffsetCommitRequest.Topic(name: topic, partitions: entries.sorted { $0.key.partition < $1.key.partition }.map {
                .init(partitionIndex: $0.key.partition, committedOffset: $0.value)
            })
        }
        let request = OffsetCommitRequest(groupID: group, generationIDOrMemberEpoch: generation, memberID: member, topics: topics)
        let response = try await send(request, to: .node(node))
        for topic in response.topics {
            for partition in topic.partitions where partition.errorCode != .none {
                throw KafkaClientError.kafka(partition.errorCode, resource: "\(topic.name)-\(partition.partitionIndex) in group '\(group)'", message: nil)
            }
        }
    }

    /// Runs `attempt` again while the group's coordinator is still loading its offsets after a
    /// start (COORDINATOR_LOAD_IN_PROGRESS, a retriable error), as Java's clients do, for up to
    /// `timeout`.
    func whileCoordinatorLoads<T>(_ attempt: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await attempt()
            } catch let KafkaClientError.kafka(code, _, _) where code == .coordinatorLoadInProgress && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Deletes groups; returns each group's outcome so a CLI can report them one by one.
    public func deleteGroups(_ groups: [String]) async throws -> [String: KafkaErrorCode] {
        var outcome: [String: KafkaErrorCode] = [:]
        for group in groups {
            let node = try await findCoordinator(group: group)
            let response = try await send(DeleteGroupsRequest(groupsNames: [group]), to: .node(node))
            for result in response.results { outcome[result.groupID] = result.errorCode }
        }
        return outcome
    }

    /// Deletes a group's committed offsets for some partitions (KIP-496); returns per-partition outcomes.
    public func deleteOffsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: KafkaErrorCode] {
        let node = try await findCoordinator(group: group)
        let topics = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }.map {
            OffsetDeleteRequest.Topic(name: $0.key, partitions: $0.value.map(\.partition).sorted().map { .init(partitionIndex: $0) })
        }
        let response = try await send(OffsetDeleteRequest(groupID: group, topics: topics), to: .node(node))
        guard response.errorCode == .none else { throw KafkaClientError.kafka(response.errorCode, resource: "group '\(group)'", message: nil) }
        var outcome: [TopicPartition: KafkaErrorCode] = [:]
        for topic in response.topics {
            for partition in topic.partitions { outcome[TopicPartition(topic: topic.name, partition: partition.partitionIndex)] = partition.errorCode }
        }
        return outcome
    }
}
