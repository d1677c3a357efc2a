import FjordAdmin
import KafkaModel
import KafkaProtocol
import Testing

actor SentLog {
    private(set) var apis: [String] = []
    func append(_ api: String) { apis.append(api) }
}

/// Answers admin requests from a script and records what was sent, so the order of checks and
/// writes can be asserted without a broker.
final class ScriptedRequester: AdminRequester {
    let groupState: String
    let partitions: Int32
    let offsets: [TopicPartition: (start: Int64, end: Int64)]
    let commits: [TopicPartition: Int64]
    let log = SentLog()

    init(groupState: String, partitions: Int32, offsets: [TopicPartition: (start: Int64, end: Int64)], commits: [TopicPartition: Int64] = [:]) {
        self.groupState = groupState
        self.partitions = partitions
        self.offsets = offsets
        self.commits = commits
    }

    struct Unscripted: Error { let api: String }

    func send<R: KafkaRequestMessage>(_ request: R, route: AdminRoute) async throws -> R.Response {
        await log.append(R.apiKey.description)
        let response: Any
        switch request {
        case is DescribeGroupsRequest:
            response = DescribeGroupsResponse(groups: [.init(groupID: "g", groupState: groupState, protocolType: "consumer", protocolData: "", members: [])])
        case is MetadataRequest:
            response = MetadataResponse(brokers: [], controllerID: 1, topics: [
                .init(name: "t", partitions: (0..<partitions).map { .init(partitionIndex: $0, leaderID: 1, replicaNodes: [1], isrNodes: [1]) }),
            ])
        case is OffsetFetchRequest:
            let parts = commits.keys.sorted().map { OffsetFetchResponse.Partition(partitionIndex: $0.partition, committedOffset: commits[$0]!) }
            response = OffsetFetchResponse(groups: [.init(groupID: "g", topics: parts.isEmpty ? [] : [.init(name: "t", partitions: parts)])])
        case let commit as OffsetCommitRequest:
            response = OffsetCommitResponse(topics: commit.topics.map { .init(name: $0.name, partitions: $0.partitions.map { .init(partitionIndex: $0.partitionIndex) }) })
        default:
            throw Unscripted(api: R.apiKey.description)
        }
        return response as! R.Response
    }

    func listOffsets(_ partitions: [TopicPartition], timestamp: Int64) async throws -> [TopicPartition: Int64] {
        await log.append("ListOffsets")
        var result: [TopicPartition: Int64] = [:]
        for tp in partitions { if let o = offsets[tp] { result[tp] = timestamp == -2 ? o.start : o.end } }
        return result
    }
}

@Suite("Admin flows against a scripted broker")
struct AdminFlowTests {
    let tp0 = TopicPartition(topic: "t", partition: 0)
    let tp1 = TopicPartition(topic: "t", partition: 1)

    @Test("reset-offsets refuses an active group before reading or writing anything else")
    func refusesActiveGroup() async throws {
        let broker = ScriptedRequester(groupState: "Stable", partitions: 2, offsets: [tp0: (0, 10), tp1: (0, 5)])
        await #expect(throws: AdminError("Error: Assignments can only be reset if the group 'g' is inactive, but the current state is Stable.")) {
            _ = try await GroupsAdmin(client: broker).resetOffsets(group: "g", topic: "t", target: .earliest, execute: true)
        }
        let apis = await broker.log.apis
        #expect(apis == ["DescribeGroups"])
    }

    @Test("a dry run never commits; execute commits the planned offsets once")
    func dryRunAndExecute() async throws {
        let broker = ScriptedRequester(groupState: "Empty", partitions: 2, offsets: [tp0: (2, 10), tp1: (0, 5)], commits: [tp0: 7, tp1: 5])
        let dry = try await GroupsAdmin(client: broker).resetOffsets(group: "g", topic: "t", target: .shift(-6), execute: false)
        #expect(dry.map(\.1) == [2, 0])
        let apis = await broker.log.apis
        #expect(!apis.contains("OffsetCommit"))
        _ = try await GroupsAdmin(client: broker).resetOffsets(group: "g", topic: "t", target: .shift(-6), execute: true)
        let after = await broker.log.apis
        #expect(after.filter { $0 == "OffsetCommit" }.count == 1)
    }

    @Test("shift-by without a commit fails before the commit is sent")
    func shiftWithoutCommit() async throws {
        let broker = ScriptedRequester(groupState: "Empty", partitions: 2, offsets: [tp0: (0, 10), tp1: (0, 5)], commits: [tp0: 7])
        await #expect(throws: AdminError.self) {
            _ = try await GroupsAdmin(client: broker).resetOffsets(group: "g", topic: "t", target: .shift(1), execute: true)
        }
        let apis = await broker.log.apis
        #expect(!apis.contains("OffsetCommit"))
    }
}
