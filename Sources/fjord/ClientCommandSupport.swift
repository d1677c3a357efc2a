import ArgumentParser
import KafkaClient

/// Options every client command shares, named as in Kafka's tools.
struct ClientOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-server"), help: "HOST:PORT[,HOST:PORT...] (default: $FJORD_BOOTSTRAP, else localhost:9092).")
    var bootstrapServer: String?

    @Option(name: .customLong("connect-timeout-ms"), help: "Give up reaching the broker after this long.")
    var connectTimeoutMs: Int = 5000

    @Option(name: .customLong("request-timeout-ms"), help: "Give up waiting for one response after this long.")
    var requestTimeoutMs: Int = 30000

    func makeClient() -> KafkaClient {
        KafkaClient(
            bootstrapServers: CLIDefaults.bootstrapServers(flag: bootstrapServer), clientID: "fjord-cli",
            timeout: .milliseconds(max(1, connectTimeoutMs)), requestTimeout: .milliseconds(max(1, requestTimeoutMs)))
    }
}

/// Runs a client command: one error line on standard error and exit status 1 on failure, the
/// client closed either way.
func runClientCommand(_ options: ClientOptions, _ body: (KafkaClient) async throws -> Void) async throws {
    let client = options.makeClient()
    do {
        try await body(client)
        await client.close()
    } catch {
        await client.close()
        StandardStreams.writeError(CLIDefaults.message(for: error))
        throw ExitCode.failure
    }
}
