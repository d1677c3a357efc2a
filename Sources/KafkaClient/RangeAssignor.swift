/// Kafka's "range" assignor (`RangeAssignor.java`'s rule, reimplemented): per topic, the members
/// subscribed to it, sorted by member ID, each take a contiguous run of partitions; the first
/// `partitions % members` take one extra. The group leader runs it, so its output must match what
/// Java consumers in the same group would compute.
public enum RangeAssignor {
    public static let protocolName = "range"

    /// - Parameters:
    ///   - subscriptions: member ID → the topics it subscribed to.
    ///   - partitionCounts: topic → number of partitions; topics missing here are skipped.
    /// - Returns: member ID → topic → partition indexes, ascending. Every member appears, even with nothing.
    public static func assign(subscriptions: [String: [String]], partitionCounts: [String: Int32]) -> [String: [String: [Int32]]] {
        var result: [String: [String: [Int32]]] = [:]
        for member in subscriptions.keys { result[member] = [:] }
        var membersByTopic: [String: [String]] = [:]
        for (member, topics) in subscriptions {
            for topic in Set(topics) { membersByTopic[topic, default: []].append(member) }
        }
        for (topic, unsortedMembers) in membersByTopic {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            let members = unsortedMembers.sorted()
            let perMember = Int(count) / members.count
            let extra = Int(count) % members.count
            for (index, member) in members.enumerated() {
                let start = index * perMember + min(index, extra)
                let length = perMember + (index < extra ? 1 : 0)
                guard length > 0 else { continue }
                result[member, default: [:]][topic] = (start..<start + length).map { Int32($0) }
            }
        }
        return result
    }
}
