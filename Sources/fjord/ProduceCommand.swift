import ArgumentParser
import KafkaClient

struct Produce: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one record per line of standard input to a topic.",
        discussion: """
            Keyed records go to Java's murmur2 partition, so placement matches the Java client. \
            With --key-field each line must be a JSON object; its field's value (string or number) is the key.
            """
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The topic to write to.")
    var topic: String

    @Option(help: "The same key for every record.")
    var key: String?

    @Option(name: .customLong("key-field"), help: "Parse each line as JSON and use this field as the key.")
    var keyField: String?

    @Option(name: .customLong("header"), help: "A header KEY=VALUE added to every record (repeatable).")
    var headers: [String] = []

    @Option(help: "none, gzip, snappy, lz4 or zstd.")
    var compression: String = "none"

    @Option(help: "0, 1 or all.")
    var acks: String = "all"

    @Flag(name: .customLong("skip-bad-lines"), help: "Skip (with a warning) lines that are not JSON under --key-field.")
    var skipBadLines = false

    func validate() throws {
        if key != nil && keyField != nil { throw ValidationError("--key and --key-field cannot be used together") }
        guard ConsoleProducer.Options.isCompressionName(compression) else {
            throw ValidationError("--compression must be none, gzip, snappy, lz4 or zstd, got '\(compression)'")
        }
        guard Acks.named(acks) != nil else { throw ValidationError("--acks must be 0, 1 or all") }
        for header in headers where ProducerRecord.Header.parse(header) == nil {
            throw ValidationError("--header must be KEY=VALUE, got '\(header)'")
        }
    }

    func run() async throws {
        var options = ConsoleProducer.Options(topic: topic)
        options.key = keyField.map { .jsonField($0) } ?? key.map { .fixed($0) } ?? .none
        options.headers = headers.compactMap(ProducerRecord.Header.parse)
        options.setCompression(named: compression)
        options.acks = Acks.named(acks) ?? .all
        options.skipBadLines = skipBadLines
        try await runClientCommand(client) { client in
            try await ConsoleProducer(client: client, options: options).run(
                streaming: StandardStreams.inputIsTerminal, nextLine: { readLine() }, warn: StandardStreams.writeError)
        }
    }
}
