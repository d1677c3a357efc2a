// Constants and shared types of the config APIs (schema/DescribeConfigs.schema, schema/AlterConfigs.schema,
// schema/IncrementalAlterConfigs.schema). The wire fields stay int8; these only name the values.

/// Resource types shared by the config APIs.
public enum ConfigResourceType {
    public static let topic: Int8 = 2
    public static let broker: Int8 = 4
    public static let brokerLogger: Int8 = 8
}

/// Where a config value comes from, as DescribeConfigs v1+ reports it.
public enum ConfigSource {
    public static let unknown: Int8 = 0
    public static let dynamicTopicConfig: Int8 = 1
    public static let dynamicBrokerConfig: Int8 = 2
    public static let dynamicDefaultBrokerConfig: Int8 = 3
    public static let staticBrokerConfig: Int8 = 4
    public static let defaultConfig: Int8 = 5
    public static let dynamicBrokerLoggerConfig: Int8 = 6
}

/// What IncrementalAlterConfigs does with one key. APPEND and SUBTRACT only make sense for list
/// configs (e.g. cleanup.policy).
public enum ConfigOperation {
    public static let set: Int8 = 0
    public static let delete: Int8 = 1
    public static let append: Int8 = 2
    public static let subtract: Int8 = 3
}

/// The per-resource outcome of AlterConfigs; IncrementalAlterConfigs answers with the same fields in its
/// own nested type, which `init(_:)` converts from.
public typealias AlterConfigsResourceResult = AlterConfigsResponse.AlterConfigsResourceResult

extension IncrementalAlterConfigsResponse.AlterConfigsResourceResult {
    public init(_ result: AlterConfigsResourceResult) {
        self.init(
            errorCode: result.errorCode, errorMessage: result.errorMessage, resourceType: result.resourceType,
            resourceName: result.resourceName, taggedFields: result.taggedFields)
    }
}
