import KafkaModel
import KafkaStorage

/// A broker setting that could not be used; the message names the flag and says what it takes.
public struct SettingError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One broker setting: the `fjord serve` flag (also its config-file key), Kafka's name for it, the
/// type DescribeConfigs reports, the default, whether it can change at run time, a line of
/// documentation, and how a value is parsed into `BrokerConfig` and read back under Kafka's name.
///
/// Entries without a flag are facts of Fjord that Kafka exposes as settings (`default.replication.factor`
/// is 1 because there is one broker); DescribeConfigs lists them, nothing can set them.
public struct BrokerSetting: Sendable {
    public let flag: String?
    public let kafkaName: String?
    public let type: ConfigType
    /// What the flag takes, for help and the README: `N`, `HOST:PORT`, `always|interval|never`.
    public let argument: String
    /// The default as people read it (derived defaults in words).
    public let defaultText: String
    /// Can change while the broker runs (AlterConfigs); no Fjord setting can yet.
    public let dynamic: Bool
    public let doc: String
    let parse: @Sendable (String, inout BrokerConfig) throws(SettingError) -> Void
    /// The current value under `kafkaName`, as Kafka would print it.
    let kafkaValue: @Sendable (BrokerConfig) -> String

    init(
        flag: String?, kafka kafkaName: String?, _ type: ConfigType, argument: String = "N", default defaultText: String,
        dynamic: Bool = false, doc: String,
        parse: @escaping @Sendable (String, inout BrokerConfig) throws(SettingError) -> Void = { _, _ in },
        kafkaValue: @escaping @Sendable (BrokerConfig) -> String = { _ in "" }
    ) {
        self.flag = flag
        self.kafkaName = kafkaName
        self.type = type
        self.argument = argument
        self.defaultText = defaultText
        self.dynamic = dynamic
        self.doc = doc
        self.parse = parse
        self.kafkaValue = kafkaValue
    }

    /// The value under Kafka's name for `config`.
    public func value(in config: BrokerConfig) -> String { kafkaValue(config) }

    /// Whether `config` has this setting other than at its default: given as a flag or file key, or
    /// set in code to something else.
    public func isSet(in config: BrokerConfig) -> Bool {
        if let flag, config.givenSettings.contains(flag) { return true }
        return flag != nil && kafkaValue(config) != kafkaValue(BrokerConfig())
    }
}

extension BrokerSettings {
    public static func named(flag: String) -> BrokerSetting? { byFlag[flag] }
    public static func named(kafka name: String) -> BrokerSetting? { byKafkaName[name] }

    private static let byFlag = Dictionary(uniqueKeysWithValues: all.compactMap { s in s.flag.map { ($0, s) } })
    private static let byKafkaName = Dictionary(uniqueKeysWithValues: all.compactMap { s in s.kafkaName.map { ($0, s) } })

    /// Applies `key`, `value` pairs in order (a config file's, then the command line's), so a later
    /// one wins. Keys are flag names; an unknown key is an error, never ignored.
    public static func apply(_ settings: [(key: String, value: String)], to config: inout BrokerConfig) throws(SettingError) {
        for (key, value) in settings {
            guard let setting = byFlag[key] else { throw SettingError("unknown setting '\(key)'") }
            try setting.parse(value, &config)
            config.givenSettings.insert(key)
        }
    }

    /// `--flag value` and `--flag=value` pairs from the command line, in order.
    public static func pairs(fromArguments arguments: [String]) throws(SettingError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw SettingError("unexpected argument '\(argument)'; settings are given as --flag value")
            }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                let key = String(body[..<equals])
                guard byFlag[key] != nil else { throw SettingError("unknown option '--\(key)'") }
                pairs.append((key, String(body[body.index(after: equals)...])))
                continue
            }
            let key = String(body)
            guard byFlag[key] != nil else { throw SettingError("unknown option '--\(key)'") }
            guard index < arguments.count else { throw SettingError("missing value for '--\(key)'") }
            pairs.append((key, arguments[index]))
            index += 1
        }
        return pairs
    }

    /// The flags with their documentation, for `fjord serve --help`.
    public static var helpText: String {
        all.compactMap { setting -> String? in
            guard let flag = setting.flag else { return nil }
            let kafka = setting.kafkaName.map { "; Kafka's \($0)" } ?? ""
            return "  --\(flag) \(setting.argument)\n      \(setting.doc) (default \(setting.defaultText)\(kafka))"
        }.joined(separator: "\n")
    }

    /// The README's configuration table (`fjord serve --print-config-table broker`); `make test` checks
    /// that the README holds exactly this.
    public static var markdownTable: String {
        var lines = ["| Flag | Kafka name | Default | Meaning |", "|---|---|---|---|"]
        for setting in all {
            guard let flag = setting.flag else { continue }
            let argument = setting.argument.replacingPipes()
            lines.append(
                "| `--\(flag) \(argument)` | \(setting.kafkaName.map { "`\($0)`" } ?? "") | \(setting.defaultText.replacingPipes()) | \(setting.doc.replacingPipes()) |")
        }
        return lines.joined(separator: "\n")
    }
}

extension BrokerSettings {
    /// The topic configs (`TopicConfigDefinition.all`) as the table in docs/configuration.md
    /// (`fjord serve --print-config-table topic`), checked by `make test` like the README's.
    public static var topicMarkdownTable: String {
        var lines = ["| Config | Type | Default | Broker synonym | Fjord | Meaning |", "|---|---|---|---|---|---|"]
        for config in TopicConfigDefinition.all {
            let support =
                switch config.support {
                case .honoured: "honoured"
                case .stored: "stored"
                case .onlyDefault: "default only"
                }
            let defaultValue = config.defaultValue.isEmpty ? "(empty)" : "`\(config.defaultValue)`"
            lines.append(
                "| `\(config.name)` | \(config.type.name) | \(defaultValue) | \(config.serverName.map { "`\($0)`" } ?? "") | \(support) | \(config.doc.replacingPipes()) |")
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Escapes `|` for a Markdown table cell.
    fileprivate func replacingPipes() -> String {
        var out = ""
        for character in self {
            if character == "|" { out += "\\|" } else { out.append(character) }
        }
        return out
    }
}
