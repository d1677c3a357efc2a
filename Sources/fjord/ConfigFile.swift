import ArgumentParser
import KafkaBroker
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The optional `--config` file: `key = value` lines, `#` comments, keys named like the flags.
enum ConfigFile {
    static func read(path: String) throws -> [String: String] {
        guard let file = fopen(path, "r") else { throw ValidationError("cannot read config file \(path)") }
        defer { fclose(file) }
        var settings: [String: String] = [:]
        var lineNumber = 0
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            lineNumber += 1
            let text = String(cString: line!).trimmingWhitespace()
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let equals = text.firstIndex(of: "=") else {
                throw ValidationError("\(path):\(lineNumber): expected `key = value`")
            }
            let key = String(text[..<equals]).trimmingWhitespace().replacingUnderscores()
            settings[key] = String(text[text.index(after: equals)...]).trimmingWhitespace()
        }
        return settings
    }

    static func apply(_ settings: [String: String]) throws -> (BrokerConfig, Logger.Level) {
        var config = BrokerConfig()
        var level = Logger.Level.info
        for (key, value) in settings {
            func integer<T: FixedWidthInteger>(_: T.Type, minimum: T = 0) throws -> T {
                guard let number = T(value), number >= minimum else {
                    throw ValidationError("\(key) must be an integer ≥ \(minimum), got '\(value)'")
                }
                return number
            }
            switch key {
            case "listen":
                guard let (host, port) = BrokerConfig.parseHostPort(value) else {
                    throw ValidationError("listen must be HOST:PORT, got '\(value)'")
                }
                config.listenHost = host
                config.listenPort = port
            case "advertised-listener":
                guard let (host, port) = BrokerConfig.parseHostPort(value), port > 0 else {
                    throw ValidationError("advertised-listener must be HOST:PORT, got '\(value)'")
                }
                config.advertisedHost = host
                config.advertisedPort = port
            case "data-dir": config.dataDirectory = value
            case "node-id": config.nodeID = try integer(Int32.self)
            case "num-partitions": config.defaultNumPartitions = try integer(Int32.self, minimum: 1)
            case "auto-create-topics":
                guard let flag = Bool(value) else { throw ValidationError("auto-create-topics must be true or false") }
                config.autoCreateTopics = flag
            case "flush":
                guard let policy = BrokerConfig.FlushPolicy(rawValue: value) else {
                    throw ValidationError("flush must be always, interval or never, got '\(value)'")
                }
                config.flushPolicy = policy
            case "flush-interval-ms": config.flushIntervalMs = try integer(Int64.self, minimum: 1)
            case "fetch-transfer":
                guard let transfer = BrokerConfig.FetchTransfer(rawValue: value) else {
                    throw ValidationError("fetch-transfer must be auto, sendfile or copy, got '\(value)'")
                }
                config.fetchTransfer = transfer
            case "log-retention-check-interval-ms": config.retentionCheckIntervalMs = try integer(Int64.self, minimum: 1)
            case "log-level":
                guard let parsed = Logger.Level(rawValue: value) else { throw ValidationError("unknown log-level '\(value)'") }
                level = parsed
            case "max-request-bytes": config.maxRequestBytes = try integer(Int.self, minimum: 1024)
            case "max-connections": config.maxConnections = try integer(Int.self, minimum: 1)
            case "max-partitions": config.maxPartitions = try integer(Int.self, minimum: 1)
            case "max-partitions-per-request": config.maxPartitionsPerRequest = try integer(Int.self, minimum: 1)
            case "io-threads": config.ioThreads = try integer(Int.self, minimum: 1)
            case "group-initial-rebalance-delay-ms": config.groupCoordinator.groupInitialRebalanceDelayMs = try integer(Int32.self)
            case "group-min-session-timeout-ms": config.groupCoordinator.groupMinSessionTimeoutMs = try integer(Int32.self, minimum: 1)
            case "group-max-session-timeout-ms": config.groupCoordinator.groupMaxSessionTimeoutMs = try integer(Int32.self, minimum: 1)
            case "group-max-size": config.groupCoordinator.groupMaxSize = try integer(Int.self, minimum: 1)
            case "offsets-retention-minutes": config.groupCoordinator.offsetsRetentionMs = try integer(Int64.self, minimum: 1) * 60_000
            case "metrics-listen":
                if value == "none" || value == "off" {
                    config.metricsListenHost = nil
                } else {
                    guard let (host, port) = BrokerConfig.parseHostPort(value) else {
                        throw ValidationError("metrics-listen must be HOST:PORT, none or off, got '\(value)'")
                    }
                    config.metricsListenHost = host
                    config.metricsListenPort = port
                }
            case "lag-threshold-per-consumer": config.lagThresholdPerConsumer = try integer(Int64.self, minimum: 1)
            case "log-cleaner-interval-ms": config.logCleaner.intervalMs = try integer(Int64.self, minimum: 1)
            case "log-cleaner-dedupe-buffer-bytes": config.logCleaner.dedupeBufferBytes = try integer(Int.self, minimum: 1024)
            default: throw ValidationError("unknown setting '\(key)'")
            }
        }
        return (config, level)
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
