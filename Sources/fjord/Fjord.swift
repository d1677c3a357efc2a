import ArgumentParser

@main
struct Fjord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fjord",
        abstract: "A Kafka-compatible partitioned log broker for a single machine.",
        subcommands: [Serve.self, Topics.self, Groups.self, Produce.self, Consume.self, Bench.self]
    )
}
