import Testing

@testable import ProtocolGen

// Every refusal listed in schema/README.md, each with the file, line and field it must name.

@Suite("Inconsistent schemas are refused")
struct SchemaErrorTests {
    private func error(_ text: String, file: String = "Example.schema") -> SchemaError? {
        do {
            _ = try SchemaParser.parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    private func schema(request: String, response: String = "  error_code int16", api: String = "api Example key 1 versions 0-5 flexible 4+") -> String {
        "\(api)\nrequest\n\(request)\nresponse\n\(response)\n"
    }

    @Test("the message names file, line and field")
    func messageShape() throws {
        let refused = try #require(error(schema(request: "  a int32\n  b int32 v6+")))
        #expect(refused.description == "schema/Example.schema:4: b: versions v6+ lie outside its parent's v0-5")
    }

    @Test("a field whose versions lie outside its parent's")
    func versionsOutsideParent() throws {
        #expect(error(schema(request: "  a int32 v0-7"))?.field == "a")
        let nested = try #require(error(schema(request: "  topics []Topic v2+\n    name string v1+")))
        #expect(nested.line == 4 && nested.field == "name")
        #expect(nested.reason.contains("outside its parent's v2-5"))
    }

    @Test("a tagged field in a non-flexible version, and a duplicate tag")
    func tags() throws {
        let early = try #require(error(schema(request: "  a int32 v3+ tag 0")))
        #expect(early.field == "a" && early.reason == "tagged field in non-flexible version v3")
        let none = try #require(error(schema(request: "  a int32 tag 0", api: "api Example key 1 versions 0-5 flexible none")))
        #expect(none.reason.hasPrefix("tagged field in non-flexible version"))
        let duplicate = try #require(error(schema(request: "  a int32 v4+ tag 0\n  b int32 v4+ tag 0")))
        #expect(duplicate.line == 4 && duplicate.field == "b" && duplicate.reason == "duplicate tag 0")
    }

    @Test("nullable versions outside the field's, and nullable integers, bools and uuids")
    func nullable() throws {
        #expect(error(schema(request: "  a string v3+ nullable v2+"))?.reason == "nullable versions v2+ lie outside the field's v3-5")
        for type in ["int32", "bool", "uuid", "int8"] {
            #expect(error(schema(request: "  a \(type) nullable"))?.reason == "nullable on type \(type), which cannot be null")
        }
    }

    @Test("a default that does not fit the type")
    func defaults() throws {
        #expect(error(schema(request: "  a int8 default 300"))?.reason == "default 300 does not fit type int8")
        #expect(error(schema(request: "  a int32 default \"x\""))?.field == "a")
        #expect(error(schema(request: "  a string default null"))?.reason == "default null does not fit type string")
        #expect(error(schema(request: "  a bool default 1"))?.field == "a")
        #expect(error(schema(request: "  a string nullable default null")) == nil)
        #expect(error(schema(request: "  a int32 default 0x7fffffff")) == nil)
    }

    @Test("duplicate field and struct names")
    func duplicates() throws {
        #expect(error(schema(request: "  a int32\n  a int64"))?.reason == "duplicate field name")
        let structs = try #require(error(schema(request: "  a []Topic\n    x int32\n  b []Topic\n    y int32")))
        #expect(structs.field == "Topic" && structs.reason == "duplicate struct name Topic")
        // The request and the response are separate namespaces.
        #expect(error(schema(request: "  a []Topic\n    x int32", response: "  b []Topic\n    y int32")) == nil)
    }

    @Test("unknown types and attributes")
    func unknowns() throws {
        #expect(error(schema(request: "  a int33"))?.reason == "unknown type int33")
        #expect(error(schema(request: "  a []Missing"))?.reason == "unknown type []Missing")
        #expect(error(schema(request: "  a int32 sometimes"))?.reason == "unknown attribute sometimes")
        #expect(error(schema(request: "  a string type KafkaErrorCode"))?.reason == "`type KafkaErrorCode` needs an integer field")
    }

    @Test("a struct with no fields")
    func emptyStruct() throws {
        let refused = try #require(error(schema(request: "  a Empty") + "struct Empty\n"))
        #expect(refused.field == "Empty" && refused.reason == "struct Empty has no fields")
    }

    @Test("an api line whose flexible boundary lies outside its versions")
    func flexibleBoundary() throws {
        let refused = try #require(error(schema(request: "  a int32", api: "api Example key 1 versions 0-5 flexible 6+")))
        #expect(refused.line == 1 && refused.field == "api" && refused.reason == "flexible boundary v6 lies outside versions v0-5")
    }

    @Test("a file named unlike its API, and a missing section")
    func fileShape() throws {
        #expect(error(schema(request: "  a int32"), file: "Other.schema")?.reason == "the file of API Example must be named Example.schema")
        #expect(error("api Example key 1 versions 0-5 flexible none\nrequest\n  a int32\n")?.reason == "no response section")
    }
}
