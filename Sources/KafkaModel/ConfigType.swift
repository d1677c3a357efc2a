/// The type of a config value as DescribeConfigs v3+ reports it (`config_type`); the numbers are the
/// protocol's. Both settings tables (broker and topic) declare one per entry.
public enum ConfigType: Int8, Sendable, CaseIterable {
    case unknown = 0
    case boolean = 1
    case string = 2
    case int = 3
    case short = 4
    case long = 5
    case double = 6
    case list = 7
    case `class` = 8
    case password = 9

    /// The word Kafka's documentation uses, for generated tables.
    public var name: String {
        switch self {
        case .unknown: "unknown"
        case .boolean: "boolean"
        case .string: "string"
        case .int: "int"
        case .short: "short"
        case .long: "long"
        case .double: "double"
        case .list: "list"
        case .class: "class"
        case .password: "password"
        }
    }
}
