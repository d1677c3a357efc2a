import KafkaModel

/// The parsed `groups describe` command line.
public struct GroupDescribeRequest: Sendable {
    public enum View: Sendable { case offsets, members, state }
    public var groups: [String]
    public var allGroups: Bool
    public var view: View
    public var format: OutputFormat
    /// Seconds between redraws with `--watch`; nil draws once.
    public var watchInterval: Double?
    /// Stops `--watch` after this many draws (tests); nil runs until Ctrl-C.
    public var watchCount: Int?

    public init(
        groups: [String], allGroups: Bool, view: View, format: OutputFormat, watchInterval: Double?, watchCount: Int?
    ) {
        self.groups = groups
        self.allGroups = allGroups
        self.view = view
        self.format = format
        self.watchInterval = watchInterval
        self.watchCount = watchCount
    }
}

public enum GroupDescribeCommand {
    /// Prints the requested view of every group; exits 1 if any named group does not exist.
    public static func run(_ request: GroupDescribeRequest, client: any AdminRequester) async throws -> Int32 {
        let admin = GroupsAdmin(client: client)
        var names = request.groups
        if request.allGroups { names = try await admin.list().map(\.group) }
        // kafka-consumer-groups walks its groups in name order (a TreeMap).
        names = Array(Set(names)).sorted()
        guard let interval = request.watchInterval else {
            var snapshots = try await admin.snapshot(names)
            if request.view == .state {
                for index in snapshots.indices where snapshots[index].state != "Dead" {
                    snapshots[index].coordinator = try await admin.coordinatorLabel(of: snapshots[index].group)
                }
            }
            return emit(render(request, snapshots: snapshots, previous: nil))
        }
        var previous: [GroupSnapshot]?
        var draws = 0
        while true {
            let snapshots = try await admin.snapshot(names)
            let reports = render(request, snapshots: snapshots, previous: previous ?? snapshots)
            if Console.stdoutIsTerminal { Console.out("\u{1B}[H\u{1B}[2J") }
            let status = emit(reports)
            draws += 1
            if status != 0 { return status }
            if let limit = request.watchCount, draws >= limit { return 0 }
            previous = snapshots
            try await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
        }
    }

    /// Each group's state line goes out before its table, as Kafka prints them.
    static func emit(_ reports: [GroupReport]) -> Int32 {
        for report in reports {
            if !report.stderr.isEmpty { Console.err(report.stderr) }
            if !report.stdout.isEmpty { Console.out(report.stdout) }
        }
        return reports.contains { $0.missing } ? 1 : 0
    }

    static func render(_ request: GroupDescribeRequest, snapshots: [GroupSnapshot], previous: [GroupSnapshot]?) -> [GroupReport] {
        var total = GroupReport()
        if request.format == .json {
            let missing = snapshots.filter { $0.state == "Dead" }
            for group in missing {
                total.stderr += "Error: Consumer group '\(group.group)' does not exist.\n"
                total.missing = true
            }
            let json: JSON
            switch request.view {
            case .offsets: json = GroupDescribeView.json(snapshots.flatMap(\.rows))
            case .members:
                json = .array(snapshots.filter { $0.state != "Dead" }.flatMap { s in
                    s.members.map { m in
                        .object([("group", .string(s.group)), ("consumer_id", .string(m.consumerID)), ("group_instance_id", .optional(m.groupInstanceID)),
                                 ("host", .string(m.host)), ("client_id", .string(m.clientID)), ("partitions", .int(Int64(m.partitionCount)))])
                    }
                })
            case .state:
                json = .array(snapshots.filter { $0.state != "Dead" }.map { s in
                    .object([("group", .string(s.group)), ("coordinator", .string(s.coordinator)), ("assignment_strategy", .string(s.protocolName)),
                             ("state", .string(s.state)), ("members", .int(Int64(s.members.count)))])
                })
            }
            total.stdout = json.rendered() + "\n"
            return [total]
        }
        var reports: [GroupReport] = []
        for snapshot in snapshots {
            let report: GroupReport
            switch request.view {
            case .offsets:
                let trends = previous.map { before in
                    LagTrend.trends(previous: before.first { $0.group == snapshot.group }?.rows ?? [], current: snapshot.rows)
                }
                report = GroupDescribeView.offsets(group: snapshot.group, state: snapshot.state, rows: snapshot.rows, trends: trends)
            case .members:
                report = GroupDescribeView.members(group: snapshot.group, state: snapshot.state, members: snapshot.members)
            case .state:
                report = GroupDescribeView.state(
                    group: snapshot.group, coordinator: snapshot.coordinator, strategy: snapshot.protocolName, state: snapshot.state,
                    memberCount: snapshot.members.count)
            }
            reports.append(report)
        }
        return reports
    }

    /// `delete-offsets` result: TOPIC PARTITION STATUS, as kafka-consumer-groups prints it.
    public static func renderDeletedOffsets(_ results: [(TopicPartition, String)]) -> String {
        let table = TextTable(
            columns: [.init("TOPIC", width: 30, grows: true), .init("PARTITION", width: 10), .init("STATUS", width: 0)],
            rows: results.map { [$0.0.topic, String($0.0.partition), $0.1] })
        return "\n" + table.render()
    }
}
