import ArgumentParser
import FjordAdmin
import KafkaClient

/// Runs an admin command with the client flags every `fjord` client command shares
/// (`--bootstrap-server`, `--connect-timeout-ms`, `--request-timeout-ms`) and exits with its status.
func runAdmin(_ options: ClientOptions, _ body: @escaping @Sendable (any AdminRequester) async throws -> Int32) async throws {
    let status = await AdminSession.run(client: options.makeClient(), body)
    if status != 0 { throw ExitCode(status) }
}

extension OutputFormat: ExpressibleByArgument {}

struct Topics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list, describe, alter and delete topics (like kafka-topics).",
        subcommands: [Create.self, List.self, Describe.self, Alter.self, Delete.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a topic.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Topic name.") var name: String
        @Option(help: "Number of partitions.") var partitions: Int32
        @Option(name: .customLong("replication-factor"), help: "Must be 1 on a single node.") var replicationFactor: Int16 = 1
        @Option(name: .customLong("config"), help: "A topic config override, key=value (repeatable).") var configs: [String] = []
        @Flag(name: .customLong("if-not-exists"), help: "Succeed quietly if the topic already exists.") var ifNotExists = false

        func run() async throws {
            let (name, partitions, replicationFactor, configs, ifNotExists) = (name, partitions, replicationFactor, configs, ifNotExists)
            try await runAdmin(connection) { client in
                if let line = try await TopicsAdmin(client: client).create(
                    name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs, ifNotExists: ifNotExists) {
                    Console.out(line + "\n")
                }
                return 0
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List topic names, one per line.")
        @OptionGroup var connection: ClientOptions
        @Flag(name: .customLong("include-internal"), help: "Also list internal topics such as __consumer_offsets.") var includeInternal = false
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let (includeInternal, format) = (includeInternal, format)
            try await runAdmin(connection) { client in
                let names = try await TopicsAdmin(client: client).list(includeInternal: includeInternal)
                Console.out(format == .json ? JSON.array(names.map { .string($0) }).rendered() + "\n" : names.map { $0 + "\n" }.joined())
                return 0
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Partitions, leaders, log offsets, topic ID and non-default configs.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Topics to describe (default: every non-internal topic).") var names: [String] = []
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let (names, format) = (names, format)
            try await runAdmin(connection) { client in
                let topics = try await TopicsAdmin(client: client).describe(names: names)
                Console.out(format == .json ? TopicView.json(topics).rendered() + "\n" : TopicView.table(topics))
                return 0
            }
        }
    }

    struct Alter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add partitions (never remove) or set configs.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Topic name.") var name: String
        @Option(help: "New partition count; must be larger than the current one.") var partitions: Int32?
        @Option(name: .customLong("config"), help: "A config to set, key=value (repeatable).") var configs: [String] = []

        func validate() throws {
            if partitions == nil && configs.isEmpty { throw ValidationError("Give --partitions or --config.") }
        }

        func run() async throws {
            let (name, partitions, configs) = (name, partitions, configs)
            try await runAdmin(connection) { client in
                let admin = TopicsAdmin(client: client)
                // Config shapes are checked before the partition change so a typo changes nothing.
                // The broker applies a config change all or nothing, so configs go first and the partition
                // count, checked up front, last.
                _ = try ConfigArguments.parse(configs)
                if let partitions { try await admin.checkPartitionIncrease(name: name, count: partitions) }
                if !configs.isEmpty { Console.out(try await admin.alterConfigs(name: name, configs: configs) + "\n") }
                if let partitions { Console.out(try await admin.alterPartitions(name: name, count: partitions) + "\n") }
                return 0
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a topic and its data.")
        @OptionGroup var connection: ClientOptions
        @Argument(help: "Topic name.") var name: String

        func run() async throws {
            let name = name
            try await runAdmin(connection) { client in
                Console.out(try await TopicsAdmin(client: client).delete(name: name) + "\n")
                return 0
            }
        }
    }
}
