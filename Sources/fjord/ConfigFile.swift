import ArgumentParser
import KafkaBroker

#if canImport(Glibc)
import Glibc
#endif

/// The optional `--config` file: `key = value` lines, `#` comments, keys named like the flags.
enum ConfigFile {
    /// The file's settings in file order, keys with `_` read as `-`.
    static func read(path: String) throws -> [(key: String, value: String)] {
        guard let file = fopen(path, "r") else { throw ValidationError("cannot read config file \(path)") }
        defer { fclose(file) }
        var settings: [(key: String, value: String)] = []
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
            settings.append((key, String(text[text.index(after: equals)...]).trimmingWhitespace()))
        }
        return settings
    }

    /// A `BrokerConfig` from settings in order (file, then flags): later ones win. Keys, parsing and
    /// validation are `BrokerSettings.all`'s.
    static func apply(_ settings: [(key: String, value: String)]) throws -> BrokerConfig {
        var config = BrokerConfig()
        do {
            try BrokerSettings.apply(settings, to: &config)
        } catch {
            throw ValidationError(error.description)
        }
        return config
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
