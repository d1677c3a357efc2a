/// Runs one admin command: connect to the bootstrap server, run `body`, and turn every failure into
/// one line on standard error and exit status 1. Nothing is printed before `body` has gathered what it
/// needs, so a failure never leaves half a table behind.
public enum AdminSession {
    public static func run(bootstrap: String, timeoutMs: Int, _ body: @Sendable (any AdminRequester) async throws -> Int32) async -> Int32 {
        let requester: ClientRequester
        do {
            requester = try await ClientRequester.connect(bootstrap: bootstrap, timeoutMs: timeoutMs)
        } catch let error as AdminError {
            Console.err(error.message + "\n")
            return 1
        } catch {
            Console.err("Error: \(oneLine(error))\n")
            return 1
        }
        let status: Int32
        do {
            status = try await body(requester)
        } catch let error as AdminError {
            Console.err(error.message.hasPrefix("Error") ? error.message + "\n" : "Error: \(error.message)\n")
            status = 1
        } catch {
            Console.err("Error: \(oneLine(error))\n")
            status = 1
        }
        await requester.close()
        return status
    }

    static func oneLine(_ error: any Error) -> String {
        let text = (error as? any CustomStringConvertible)?.description ?? "\(error)"
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// Splits `host:port` (IPv6 as `[::1]:9092`); the port defaults to 9092.
public func splitHostPort(_ address: String) throws -> (host: String, port: Int) {
    var host = Substring(address)
    var port = 9092
    if let colon = address.lastIndex(of: ":"), !address[address.index(after: colon)...].contains("]") {
        guard let p = Int(address[address.index(after: colon)...]), (1...65535).contains(p) else {
            throw AdminError("Error: invalid --bootstrap-server '\(address)': expected HOST:PORT")
        }
        port = p
        host = address[..<colon]
    }
    if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
    guard !host.isEmpty else { throw AdminError("Error: invalid --bootstrap-server '\(address)': expected HOST:PORT") }
    return (String(host), port)
}
