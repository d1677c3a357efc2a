import KafkaClient
import Testing

@Suite struct RangeAssignorTests {
    @Test func givesTheFirstMembersOneExtraPartition() {
        let result = RangeAssignor.assign(subscriptions: ["c": ["t"], "a": ["t"], "b": ["t"]], partitionCounts: ["t": 7])
        #expect(result["a"]?["t"] == [0, 1, 2])
        #expect(result["b"]?["t"] == [3, 4])
        #expect(result["c"]?["t"] == [5, 6])
    }

    @Test func leavesSurplusMembersEmpty() {
        let result = RangeAssignor.assign(subscriptions: ["m1": ["t"], "m2": ["t"], "m3": ["t"]], partitionCounts: ["t": 2])
        #expect(result["m1"]?["t"] == [0])
        #expect(result["m2"]?["t"] == [1])
        #expect(result["m3"] == [:])
    }

    @Test func assignsEachTopicOnlyAmongItsSubscribers() {
        let result = RangeAssignor.assign(
            subscriptions: ["a": ["orders", "payments"], "b": ["orders"]], partitionCounts: ["orders": 3, "payments": 2])
        #expect(result["a"] == ["orders": [0, 1], "payments": [0, 1]])
        #expect(result["b"] == ["orders": [2]])
    }

    @Test func skipsTopicsWithoutMetadata() {
        let result = RangeAssignor.assign(subscriptions: ["a": ["missing"]], partitionCounts: [:])
        #expect(result == ["a": [:]])
    }

    @Test func assignsEveryPartitionExactlyOnce() {
        let members = (0..<5).map { "member-\($0)" }
        let result = RangeAssignor.assign(subscriptions: Dictionary(uniqueKeysWithValues: members.map { ($0, ["t"]) }), partitionCounts: ["t": 23])
        let all = result.values.flatMap { $0["t"] ?? [] }.sorted()
        #expect(all == Array(0..<23))
    }
}
