// The outputs that cover every API at once: the ApiKey table, the list of request types that tests and
// fuzz targets iterate, and the versions table in docs/protocol.md.

enum TableEmitter {
    static let header = "// generated from schema/*.schema by make generate; do not edit"

    static func apiKeys(_ schemas: [ApiSchema]) -> String {
        let out = CodeWriter()
        out.line(header)
        out.block("extension ApiKey") {
            for schema in schemas {
                out.line("public static let \(schema.apiKeyConstant) = ApiKey(rawValue: \(schema.key))")
            }
            out.line()
            out.line("/// Kafka's name of every API declared in schema/, nil for any other key.")
            out.block("static func schemaName(_ rawValue: Int16) -> String?") {
                out.block("switch rawValue") {
                    for schema in schemas { out.line("case \(schema.key): \"\(schema.name)\"") }
                    out.line("default: nil")
                }
            }
        }
        return out.text
    }

    static func requestMessages(_ schemas: [ApiSchema]) -> String {
        let out = CodeWriter()
        out.line(header)
        out.block("extension RequestMessages") {
            out.line("/// The request type of every API declared in schema/, in ApiKey order.")
            out.line("public static let schemaMessages: [MessageType] = [")
            out.indented {
                for schema in schemas { out.line("\(schema.request.generatedName).self,") }
            }
            out.line("]")
        }
        return out.text
    }

    static let docsBegin = "<!-- begin generated: API versions (make generate; do not edit) -->"
    static let docsEnd = "<!-- end generated: API versions -->"

    /// The table that replaces whatever lies between the markers in docs/protocol.md.
    static func docsTable(_ schemas: [ApiSchema]) -> String {
        var lines = [
            "| API | Key | Versions | Flexible from | Swift types | Schema |",
            "|---|---|---|---|---|---|",
        ]
        for schema in schemas {
            let flexible = schema.flexibleFrom.map { "v\($0)" } ?? "none"
            var types = "`\(schema.request.swiftName)`, `\(schema.response.swiftName)`"
            if schema.response.handTuned || schema.request.handTuned { types += " (hand-tuned, checked against the schema)" }
            lines.append(
                "| \(schema.name) | \(schema.key) | \(schema.versions.low)–\(schema.maxVersion) | \(flexible) | \(types) | [schema/\(schema.file)](../schema/\(schema.file)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// `document` with the table between the markers replaced, or nil if the markers are missing.
    static func replacingTable(in document: String, with table: String) -> String? {
        guard let begin = document.range(of: docsBegin), let end = document.range(of: docsEnd), begin.upperBound <= end.lowerBound else {
            return nil
        }
        return String(document[..<begin.upperBound]) + "\n" + table + "\n" + String(document[end.lowerBound...])
    }
}
