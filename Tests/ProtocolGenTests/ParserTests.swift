import Testing

@testable import ProtocolGen

/// A small schema with a bit of everything the format has; each test starts from it.
let exampleSchema = """
    ## Keeps a member alive.
    api Example key 12 versions 0-4 flexible 3+

    # comments stay in the schema
    request
      group_id            string
      generation_id       int32   default -1
      ## Static membership.
      group_instance_id   string  v2+ nullable
      topics              []Topic v1+
        name              string
        partitions        []int32
      cluster_id          string  v3+ nullable tag 0

    response as ExampleAnswer
      throttle_time_ms    int32   v1+
      error_code          int16   type KafkaErrorCode
      protocol_name       string  nullable v3+
      leader              Leader  v3+ tag 1
        leader_id         int32   default -1
      endpoints           []Endpoint
      topic_ids           []uuid

    struct Endpoint in response
      host                string  default "localhost"
      port                int32
    """

@Suite("Schema parsing")
struct ParserTests {
    private func parse(_ text: String = exampleSchema) throws -> ApiSchema {
        try SchemaParser.parse(text, file: "Example.schema")
    }

    @Test("reads the api line, both sections and their fields")
    func readsApiAndSections() throws {
        let schema = try parse()
        #expect(schema.name == "Example")
        #expect(schema.key == 12)
        #expect(schema.versions == VersionRange(low: 0, high: 4))
        #expect(schema.flexibleFrom == 3)
        #expect(schema.docs == ["Keeps a member alive."])
        #expect(schema.request.swiftName == "ExampleRequest")
        #expect(schema.response.swiftName == "ExampleAnswer")
        #expect(schema.request.fields.map(\.swiftName) == ["groupID", "generationID", "groupInstanceID", "topics", "clusterID"])
        #expect(schema.response.fields.map(\.swiftName) == ["throttleTimeMs", "errorCode", "protocolName", "leader", "endpoints", "topicIDs"])
    }

    @Test("versions default to the parent's, and `v<n>+` ends where the parent ends")
    func resolvesVersions() throws {
        let schema = try parse()
        #expect(schema.request.fields[0].versions == VersionRange(low: 0, high: 4))
        #expect(schema.request.fields[2].versions == VersionRange(low: 2, high: 4))
        let topic = try #require(schema.structNamed("Topic", inResponse: false))
        #expect(topic.versions == VersionRange(low: 1, high: 4))
        #expect(topic.fields.map(\.versions) == [VersionRange(low: 1, high: 4), VersionRange(low: 1, high: 4)])
    }

    @Test("nullable, tags, defaults, docs and Swift types are kept")
    func readsAttributes() throws {
        let schema = try parse()
        let instance = schema.request.fields[2]
        #expect(instance.nullable == VersionRange(low: 2, high: 4))
        #expect(instance.docs == ["Static membership."])
        #expect(schema.request.fields[1].defaultValue == .integer("-1"))
        #expect(schema.request.fields[4].tag == 0)
        #expect(schema.response.fields[1].rawRepresentable == "KafkaErrorCode")
        #expect(schema.response.fields[2].nullable == VersionRange(low: 3, high: 4))
        #expect(schema.response.fields[3].isOptional, "a tagged struct is nil when absent")
        let endpoint = try #require(schema.structNamed("Endpoint", inResponse: true))
        #expect(endpoint.isCommon && endpoint.inResponse)
        #expect(endpoint.fields[0].defaultValue == .string("localhost"))
    }

    @Test("snake_case names become lowerCamelCase with ID and IDs")
    func propertyNames() {
        #expect(swiftPropertyName("group_instance_id") == "groupInstanceID")
        #expect(swiftPropertyName("topic_ids") == "topicIDs")
        #expect(swiftPropertyName("throttle_time_ms") == "throttleTimeMs")
        #expect(swiftPropertyName("id") == "id")
    }

    @Test("minimum element sizes follow the version's encoding")
    func minimumSizes() throws {
        let schema = try parse()
        let names = SwiftNames(schema: schema)
        let topic = try #require(schema.structNamed("Topic", inResponse: false))
        #expect(names.structMinimumSize(topic, version: 1) == 2 + 4)
        #expect(names.structMinimumSize(topic, version: 3) == 1 + 1 + 1)
        #expect(names.minimumSizeExpression(.structure("Topic"), versions: topic.versions, inResponse: false) == "(version >= 3 ? 3 : 6)")
    }

    @Test("the generated code of a schema names its types, codecs and flexible boundary")
    func emitsCodec() throws {
        let code = CodecEmitter(schema: try parse()).emit()
        #expect(code.hasPrefix("// generated from schema/Example.schema by make generate; do not edit\n"))
        #expect(code.contains("public struct ExampleRequest: KafkaRequestMessage, Hashable {"))
        #expect(code.contains("public typealias Response = ExampleAnswer"))
        #expect(code.contains("public static let firstFlexibleVersion: Int16? = 3"))
        #expect(code.contains("public struct Topic: Hashable, Sendable {"))
        #expect(code.contains("public var leader: Leader?"))
        #expect(code.contains("minimumElementSize: (version >= 3 ? 3 : 6)"))
    }
}
