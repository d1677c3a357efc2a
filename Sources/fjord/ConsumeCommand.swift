import ArgumentParser
import KafkaClient

struct Consume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a topic's records, one per line.",
        discussion: """
            With --group the consumer joins the group and commits what it printed, so a second run \
            resumes after it; --from-beginning applies only to partitions the group never committed.
            """
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The topic to read.")
    var topic: String

    @Option(help: "Consumer group to join; offsets are committed as records are printed.")
    var group: String?

    @Flag(name: .customLong("from-beginning"), help: "Start at the earliest offset where there is no committed offset.")
    var fromBeginning = false

    @Option(help: "Read only this partition.")
    var partition: Int32?

    @Option(help: "With --partition: earliest, latest or an offset.")
    var offset: String?

    @Option(name: .customLong("max-messages"), help: "Exit after this many records.")
    var maxMessages: Int?

    @Flag(name: .customLong("print-key"), help: "Print the key before the value, tab-separated.")
    var printKey = false

    @Flag(name: .customLong("print-headers"), help: "Print the headers (k:v,k:v) first, tab-separated.")
    var printHeaders = false

    @Option(help: "plain or json (one object per line).")
    var format: String = "plain"

    @Option(name: .customLong("timeout-ms"), help: "Exit when no record arrives for this long (default: run until interrupted).")
    var timeoutMs: Int?

    func validate() throws {
        guard ConsoleConsumer.Format(rawValue: format) != nil else { throw ValidationError("--format must be plain or json") }
        if let offset, ConsoleConsumer.StartOffset.parse(offset) == nil {
            throw ValidationError("--offset must be earliest, latest or a non-negative number")
        }
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
    }

    func run() async throws {
        var options = ConsoleConsumer.Options(topic: topic)
        options.group = group
        options.fromBeginning = fromBeginning
        options.partition = partition
        options.offset = offset.flatMap(ConsoleConsumer.StartOffset.parse)
        options.maxMessages = maxMessages
        options.printKey = printKey
        options.printHeaders = printHeaders
        options.format = ConsoleConsumer.Format(rawValue: format) ?? .plain
        options.idleTimeout = timeoutMs.map { .milliseconds($0) }
        Interrupt.install()
        try await runClientCommand(client) { client in
            try await ConsoleConsumer(client: client, options: options).run(output: StandardStreams.writeLines)
        }
    }
}
