import ArgumentParser
import KafkaBroker
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    // The flags are not ArgumentParser properties: they come from `BrokerSettings.all`, which also
    // drives the config file, DescribeConfigs and the README table, so they cannot drift apart.
    static let configuration = CommandConfiguration(
        abstract: "Run the broker.",
        usage: "fjord serve [--config FILE] [--FLAG VALUE ...]",
        discussion: """
            Every flag can also be given in a config file (--config) as `key = value` lines using the flag's \
            name without dashes, e.g. `listen = 127.0.0.1:9092`. Flags override the file; a flag given \
            twice takes its last value. Topic configs are listed by `fjord serve --print-config-table topic`.

            FLAGS:
            \(BrokerSettings.helpText)
            """
    )

    enum ConfigTable: String, ExpressibleByArgument, CaseIterable { case broker, topic }

    @Option(help: "A file of `key = value` lines with the same keys as the flags.")
    var config: String?

    @Option(
        name: .customLong("print-config-table"),
        help: "Print the Markdown table of the broker flags or of the topic configs (README.md, docs/configuration.md) and exit.")
    var printConfigTable: ConfigTable?

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settings: [String] = []

    /// Checked here as well as in `run` so that a bad flag is reported with `serve`'s usage.
    func validate() throws {
        if printConfigTable == nil { _ = try brokerConfig() }
    }

    /// The config file's settings, then the flags', applied in order.
    private func brokerConfig() throws -> BrokerConfig {
        var given: [(key: String, value: String)] = []
        if let config { given = try ConfigFile.read(path: config) }
        do {
            given += try BrokerSettings.pairs(fromArguments: settings)
        } catch {
            throw ValidationError(error.description)
        }
        return try ConfigFile.apply(given)
    }

    func run() async throws {
        if let printConfigTable {
            print(printConfigTable == .broker ? BrokerSettings.markdownTable : BrokerSettings.topicMarkdownTable)
            return
        }
        let brokerConfig = try brokerConfig()
        let level = brokerConfig.logLevel

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "fjord")
        let server = KafkaServer(config: brokerConfig, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            ))
        try await group.run()
    }
}
