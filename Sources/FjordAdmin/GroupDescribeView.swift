import KafkaModel

/// What `fjord groups describe` prints for one group, in kafka-consumer-groups' words, split into
/// standard output and standard error the way the Java tool splits it (docs/kafka-behaviour.md, "Consumer lag").
public struct GroupReport: Sendable, Equatable {
    public var stdout = ""
    public var stderr = ""
    /// The group does not exist: the command exits non-zero.
    public var missing = false
    public init() {}
}

public enum GroupDescribeView {
    /// Kafka's placeholder for an unknown value.
    public static let missing = "-"

    /// The state line Kafka prints before a group's table, and whether the table follows.
    /// Dead groups do not exist; Empty ones still show their committed offsets.
    static func preamble(group: String, state: String, rowCount: Int, into report: inout GroupReport) -> Bool {
        switch state {
        case "Dead":
            // Kafka prints this on stdout and exits 0; Fjord's error contract is one line on stderr and a
            // non-zero exit, so scripts notice a misspelt group.
            report.stderr += "Error: Consumer group '\(group)' does not exist.\n"
            report.missing = true
            return false
        case "Empty":
            report.stderr += "\nConsumer group '\(group)' has no active members.\n"
        case "PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling":
            report.stderr += "\nWarning: Consumer group '\(group)' is rebalancing.\n"
        default:
            break
        }
        return rowCount > 0
    }

    /// The offsets table: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID,
    /// preceded by a blank line as Kafka prints it. `trends`, when given, adds a TREND column (`--watch`).
    public static func offsets(group: String, state: String, rows: [ConsumerGroupOffsetRow], trends: [TopicPartition: LagTrend]? = nil) -> GroupReport {
        var report = GroupReport()
        guard preamble(group: group, state: state, rowCount: rows.count, into: &report) else { return report }
        var columns: [TextTable.Column] = [
            .init("GROUP", width: 15, grows: true), .init("TOPIC", width: 15, grows: true), .init("PARTITION", width: 10),
            .init("CURRENT-OFFSET", width: 15), .init("LOG-END-OFFSET", width: 15), .init("LAG", width: 15),
            .init("CONSUMER-ID", width: 15, grows: true), .init("HOST", width: 15, grows: true), .init("CLIENT-ID", width: 15, grows: trends != nil),
        ]
        if trends != nil { columns.append(.init("TREND", width: 5)) }
        let cells = rows.map { row -> [String] in
            var line = [
                row.group, row.topic, String(row.partition), text(row.currentOffset), text(row.logEndOffset), text(row.lag),
                row.consumerID ?? missing, row.host ?? missing, row.clientID ?? missing,
            ]
            if let trends { line.append((trends[row.topicPartition] ?? .unknown).symbol) }
            return line
        }
        report.stdout += "\n" + TextTable(columns: columns, rows: cells).render()
        return report
    }

    /// `--members`: GROUP CONSUMER-ID [GROUP-INSTANCE-ID] HOST CLIENT-ID #PARTITIONS.
    public static func members(group: String, state: String, members: [GroupMemberSummary]) -> GroupReport {
        var report = GroupReport()
        // Like Kafka, a group without members prints only its state line.
        guard preamble(group: group, state: state, rowCount: members.count, into: &report) else { return report }
        let withInstance = members.contains { $0.groupInstanceID != nil }
        var columns: [TextTable.Column] = [.init("GROUP", width: 15, grows: true), .init("CONSUMER-ID", width: 15, grows: true)]
        if withInstance { columns.append(.init("GROUP-INSTANCE-ID", width: 17, grows: true)) }
        columns += [.init("HOST", width: 15, grows: true), .init("CLIENT-ID", width: 15, grows: true), .init("#PARTITIONS", width: 0)]
        let rows = members.map { member -> [String] in
            var line = [group, member.consumerID]
            if withInstance { line.append(member.groupInstanceID ?? "") }
            return line + [member.host, member.clientID, String(member.partitionCount)]
        }
        report.stdout += "\n" + TextTable(columns: columns, rows: rows).render()
        return report
    }

    /// `--state`: GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS.
    public static func state(group: String, coordinator: String, strategy: String, state: String, memberCount: Int) -> GroupReport {
        var report = GroupReport()
        guard preamble(group: group, state: state, rowCount: 1, into: &report) else { return report }
        let table = TextTable(
            columns: [
                // Kafka sizes the GROUP column by the coordinator's text; kept so output matches byte for byte.
                .init("GROUP", width: max(25, coordinator.count)), .init("COORDINATOR (ID)", width: 25),
                .init("ASSIGNMENT-STRATEGY", width: 20), .init("STATE", width: 15), .init("#MEMBERS", width: 0),
            ],
            rows: [[group, coordinator, strategy, state, String(memberCount)]])
        report.stdout += "\n" + table.render()
        return report
    }

    /// The JSON form: one object per row, every key present, null where Kafka would print `-`.
    public static func json(_ rows: [ConsumerGroupOffsetRow]) -> JSON {
        .array(rows.map { row in
            .object([
                ("group", .string(row.group)), ("topic", .string(row.topic)), ("partition", .int(Int64(row.partition))),
                ("current_offset", .optional(row.currentOffset)), ("log_end_offset", .optional(row.logEndOffset)),
                ("lag", .optional(row.lag)), ("consumer_id", .optional(row.consumerID)), ("host", .optional(row.host)),
                ("client_id", .optional(row.clientID)),
            ])
        })
    }

    static func text(_ value: Int64?) -> String { value.map(String.init) ?? missing }
}

/// A member line for `--members`.
public struct GroupMemberSummary: Sendable, Equatable {
    public var consumerID: String
    public var groupInstanceID: String?
    public var host: String
    public var clientID: String
    public var partitionCount: Int

    public init(consumerID: String, groupInstanceID: String?, host: String, clientID: String, partitionCount: Int) {
        self.consumerID = consumerID
        self.groupInstanceID = groupInstanceID
        self.host = host
        self.clientID = clientID
        self.partitionCount = partitionCount
    }
}

/// How a partition's lag moved between two `--watch` samples.
public enum LagTrend: Sendable, Equatable {
    case rising, falling, steady, unknown

    public var symbol: String {
        switch self {
        case .rising: "↑"
        case .falling: "↓"
        case .steady: "="
        case .unknown: "-"
        }
    }

    public static func between(previous: Int64?, current: Int64?) -> LagTrend {
        guard let previous, let current else { return .unknown }
        return current > previous ? .rising : current < previous ? .falling : .steady
    }

    /// Trends for every row of `current` against the rows of the previous sample.
    public static func trends(previous: [ConsumerGroupOffsetRow], current: [ConsumerGroupOffsetRow]) -> [TopicPartition: LagTrend] {
        var before: [TopicPartition: Int64] = [:]
        for row in previous { if let lag = row.lag { before[row.topicPartition] = lag } }
        var result: [TopicPartition: LagTrend] = [:]
        for row in current { result[row.topicPartition] = between(previous: before[row.topicPartition], current: row.lag) }
        return result
    }
}
