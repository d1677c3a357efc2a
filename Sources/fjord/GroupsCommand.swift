import ArgumentParser
import FjordAdmin

struct Groups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, describe, reset and delete consumer groups (like kafka-consumer-groups).",
        subcommands: [List.self, Describe.self, ResetOffsets.self, Delete.self, DeleteOffsets.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Consumer groups with their state.")
        @OptionGroup var connection: ClientOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let format = format
            try await runAdmin(connection) { client in
                let groups = try await GroupsAdmin(client: client).list()
                Console.out(format == .json ? GroupListView.json(groups).rendered() + "\n" : GroupListView.table(groups))
                return 0
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Offsets and lag per partition, or members (--members), or state (--state).",
            discussion: "--watch [SECONDS] redraws the offsets table every SECONDS (default 2) with a TREND column; stop it with Ctrl-C.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Groups to describe.") var groups: [String] = []
        @Flag(name: .customLong("all-groups"), help: "Describe every consumer group.") var allGroups = false
        @Flag(help: "Show members instead of offsets.") var members = false
        @Flag(help: "Show the group state instead of offsets.") var state = false
        @Flag(help: "Redraw the offsets table until interrupted.") var watch = false
        @Option(name: .customLong("watch-count"), help: ArgumentHelp("Stop --watch after this many draws.", visibility: .hidden)) var watchCount: Int?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func validate() throws {
            if groups.isEmpty && !allGroups { throw ValidationError("Name at least one group, or give --all-groups.") }
            if allGroups && groups.count > (watch ? 1 : 0) { throw ValidationError("Give group names or --all-groups, not both.") }
            if members && state { throw ValidationError("--members and --state cannot be combined.") }
            if watch && (members || state) { throw ValidationError("--watch only applies to the offsets table.") }
        }

        func run() async throws {
            // ArgumentParser has no options with an optional value, so `--watch 5` leaves "5" among the
            // group names: with --watch, a number at either end of the list is the interval.
            var names = groups
            var interval = 2.0
            if watch, let index = [names.count - 1, 0].first(where: { names.indices.contains($0) && (Double(names[$0]) ?? 0) > 0 }) {
                interval = Double(names[index])!
                names.remove(at: index)
            }
            if names.isEmpty && !allGroups { throw ValidationError("Name at least one group, or give --all-groups.") }
            let request = GroupDescribeRequest(
                groups: names, allGroups: allGroups, view: members ? .members : state ? .state : .offsets, format: format,
                watchInterval: watch ? interval : nil, watchCount: watchCount)
            try await runAdmin(connection) { client in
                try await GroupDescribeCommand.run(request, client: client)
            }
        }
    }

    struct ResetOffsets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-offsets", abstract: "Move a group's committed offsets on one topic; the group must have no active members.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Group.") var group: String
        @Option(help: "Topic whose partitions are reset.") var topic: String
        @Flag(name: .customLong("to-earliest")) var toEarliest = false
        @Flag(name: .customLong("to-latest")) var toLatest = false
        @Option(name: .customLong("to-offset"), parsing: .unconditional) var toOffset: Int64?
        @Option(name: .customLong("shift-by"), parsing: .unconditional, help: "Move by N (negative moves back).") var shiftBy: Int64?
        @Option(name: .customLong("to-datetime"), help: "YYYY-MM-DDTHH:mm:SS.sss, optionally with Z or ±hh:mm (UTC if none).") var toDatetime: String?
        @Flag(name: .customLong("dry-run"), help: "Only show the new offsets.") var dryRun = false
        @Flag(help: "Commit the new offsets.") var execute = false
        @Option(help: "table or json.") var format: OutputFormat = .table

        func target() throws -> OffsetResetTarget {
            var targets: [OffsetResetTarget] = []
            if toEarliest { targets.append(.earliest) }
            if toLatest { targets.append(.latest) }
            if let toOffset { targets.append(.offset(toOffset)) }
            if let shiftBy { targets.append(.shift(shiftBy)) }
            if let toDatetime {
                guard let ms = OffsetReset.parseDateTime(toDatetime) else {
                    throw ValidationError("Invalid --to-datetime '\(toDatetime)': expected YYYY-MM-DDTHH:mm:SS.sss")
                }
                targets.append(.timestamp(ms))
            }
            guard targets.count == 1 else {
                throw ValidationError("Give exactly one of --to-earliest, --to-latest, --to-offset, --shift-by, --to-datetime.")
            }
            return targets[0]
        }

        func validate() throws {
            _ = try target()
            if dryRun == execute { throw ValidationError("Give exactly one of --dry-run and --execute.") }
        }

        func run() async throws {
            let (group, topic, execute, format) = (group, topic, execute, format)
            let target = try target()
            try await runAdmin(connection) { client in
                let plan = try await GroupsAdmin(client: client).resetOffsets(group: group, topic: topic, target: target, execute: execute)
                Console.out(format == .json ? OffsetReset.json(group: group, plan: plan).rendered() + "\n" : OffsetReset.render(group: group, plan: plan))
                return 0
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an empty group and its offsets.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Group.") var group: String

        func run() async throws {
            let group = group
            try await runAdmin(connection) { client in
                Console.out(try await GroupsAdmin(client: client).delete(group: group) + "\n")
                return 0
            }
        }
    }

    struct DeleteOffsets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-offsets", abstract: "Delete a group's offsets for one topic.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Group.") var group: String
        @Option(help: "Topic.") var topic: String

        func run() async throws {
            let (group, topic) = (group, topic)
            try await runAdmin(connection) { client in
                let results = try await GroupsAdmin(client: client).deleteOffsets(group: group, topic: topic)
                Console.out(GroupDescribeCommand.renderDeletedOffsets(results))
                return results.allSatisfy { $0.1 == "Successful" } ? 0 : 1
            }
        }
    }
}
