/// A Kafka API key. A struct so that unknown keys can be carried to the point where they are rejected.
/// The constants (`.produce`, `.fetch`, ...) and names are generated from schema/
/// (Generated/ApiKey.generated.swift).
public struct ApiKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// Kafka's name of the API, or `ApiKey(<n>)` for a key without a schema.
    public var name: String { Self.schemaName(rawValue) ?? "ApiKey(\(rawValue))" }

    public var description: String { name }
}
