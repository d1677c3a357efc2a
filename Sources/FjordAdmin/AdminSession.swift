import KafkaClient

/// Runs one admin command: connect with the given client, run `body`, and turn every failure into
/// one line on standard error and exit status 1. Commands gather what they need before printing, so
/// a failure never leaves half a table behind. Connecting first reports an unreachable broker within
/// the connect timeout, before anything else happens.
public enum AdminSession {
    public static func run(client: KafkaClient, _ body: @Sendable (any AdminRequester) async throws -> Int32) async -> Int32 {
        let status: Int32
        do {
            try await client.connect()
            status = try await body(ClientRequester(client: client))
        } catch let error as AdminError {
            Console.err(error.message.hasPrefix("Error") ? error.message + "\n" : "Error: \(error.message)\n")
            status = 1
        } catch {
            Console.err("Error: \(oneLine(error))\n")
            status = 1
        }
        await client.close()
        return status
    }

    static func oneLine(_ error: any Error) -> String {
        let text = (error as? any CustomStringConvertible)?.description ?? "\(error)"
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
