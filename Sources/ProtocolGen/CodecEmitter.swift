// Writes Sources/KafkaProtocol/Generated/<Api>.swift: both messages of one API with their nested structs,
// memberwise initialisers and version-aware codecs built on ByteBuffer+Primitives.swift.

struct CodecEmitter {
    let schema: ApiSchema
    private var names: SwiftNames { SwiftNames(schema: schema) }

    init(schema: ApiSchema) { self.schema = schema }

    func emit() -> String {
        let out = CodeWriter()
        out.line("// generated from schema/\(schema.file) by make generate; do not edit")
        out.line("import KafkaModel")
        out.line("import NIOCore")
        out.line()
        emitMessage(schema.request, out)
        out.line()
        emitMessage(schema.response, out)
        return out.text
    }

    private func emitMessage(_ message: MessageDecl, _ out: CodeWriter) {
        let docs = message.isRequest ? schema.docs + message.docs : message.docs
        for doc in docs { out.line("/// \(doc)".trimmingSpaces()) }
        if message.handTuned {
            out.line("/// The schema's layout of `\(message.swiftName)`, which is hand-tuned in APIs/; tests check that both")
            out.line("/// encode and decode the same bytes in every version.")
        }
        let conformance = message.isRequest ? "KafkaRequestMessage" : "KafkaResponseMessage"
        out.block("public struct \(message.generatedName): \(conformance), Hashable") {
            if message.isRequest {
                out.line("public typealias Response = \(schema.response.swiftName)")
                out.line("public static let apiKey = ApiKey.\(schema.apiKeyConstant)")
                out.line("public static let versions: ClosedRange<Int16> = \(schema.versions.low)...\(schema.maxVersion)")
                out.line("public static let firstFlexibleVersion: Int16? = \(schema.flexibleFrom.map(String.init) ?? "nil")")
                out.line()
            }
            for decl in schema.structs where decl.inResponse != message.isRequest {
                emitStruct(decl, out)
                out.line()
            }
            emitBody(fields: message.fields, versions: schema.versions, inResponse: !message.isRequest, nested: false, out)
        }
    }

    private func emitStruct(_ decl: StructDecl, _ out: CodeWriter) {
        for doc in decl.docs { out.line("/// \(doc)".trimmingSpaces()) }
        out.block("public struct \(decl.name): Hashable, Sendable") {
            emitBody(fields: decl.fields, versions: decl.versions, inResponse: decl.inResponse, nested: true, out)
        }
    }

    private func emitBody(fields: [Field], versions: VersionRange, inResponse: Bool, nested: Bool, _ out: CodeWriter) {
        for field in fields {
            // A doc line that already starts with the versions says them; the note would repeat it.
            if let note = names.versionNote(field, within: versions), !(field.docs.first?.hasPrefix(note) ?? false) { out.line("/// \(note)") }
            for doc in field.docs { out.line("/// \(doc)".trimmingSpaces()) }
            out.line("public var \(field.swiftName): \(names.swiftType(field, inResponse: inResponse))")
        }
        out.line("public var taggedFields: TaggedFields")
        out.line()
        emitInit(fields: fields, inResponse: inResponse, out)
        out.line()
        // A nested struct is decoded from one place, its parent's field; inlining it there keeps the generated
        // Produce decode as fast as the hand-written one was (Benchmarks, produce.decode.v9.6x16KiB).
        emitDecode(fields: fields, versions: versions, inResponse: inResponse, access: nested ? "@inline(__always) " : "public ", out)
        let access = nested ? "" : "public "
        out.line()
        emitEncode(fields: fields, versions: versions, inResponse: inResponse, access: access, out)
    }

    private func emitInit(fields: [Field], inResponse: Bool, _ out: CodeWriter) {
        var parameters = fields.map { "\($0.swiftName): \(names.swiftType($0, inResponse: inResponse)) = \(names.defaultExpression($0, inResponse: inResponse))" }
        parameters.append("taggedFields: TaggedFields = .init()")
        out.line("public init(")
        out.indented {
            for (index, parameter) in parameters.enumerated() { out.line(parameter + (index == parameters.count - 1 ? "" : ",")) }
        }
        out.block(")") {
            for field in fields { out.line("self.\(field.swiftName) = \(field.swiftName)") }
            out.line("self.taggedFields = taggedFields")
        }
    }

    private var flexibleDeclaration: String {
        guard let first = schema.flexibleFrom else { return "let flexible = false" }
        return "let flexible = version >= \(first)"
    }

    /// Emits `body` into a function, preceded by `let flexible` only when the body uses it (an unused
    /// constant is a warning, and warnings are errors).
    private func withFlexible(_ opening: String, _ out: CodeWriter, _ body: (CodeWriter) -> Void) {
        let inner = CodeWriter()
        body(inner)
        out.block(opening) {
            if inner.lines.contains(where: { $0.contains("flexible") }) { out.line(flexibleDeclaration) }
            for line in inner.lines { out.line(line) }
        }
    }

    /// The versions of `context` in which tagged fields can appear at all.
    private func flexibleOnly(_ context: VersionRange) -> VersionRange {
        VersionRange(low: max(context.low, schema.flexibleFrom ?? context.low), high: context.high)
    }

    // MARK: Decoding

    private func emitDecode(fields: [Field], versions: VersionRange, inResponse: Bool, access: String, _ out: CodeWriter) {
        withFlexible("\(access)init(from buffer: inout ByteBuffer, version: Int16) throws", out) { out in
            for field in fields where !field.isTagged {
                let assign = { (out: CodeWriter) in self.emitRead(field, inResponse: inResponse, out) }
                conditional(names.condition(field.versions, within: versions), field: field, inResponse: inResponse, out, assign)
            }
            let tagged = fields.filter(\.isTagged)
            guard schema.flexibleFrom != nil else {
                out.line("self.taggedFields = TaggedFields()")
                return
            }
            if tagged.isEmpty {
                out.line("self.taggedFields = try buffer.readTaggedFieldsIf(flexible)")
                return
            }
            out.block("if flexible") {
                out.line("var tags = try buffer.readTaggedFields()")
                for field in tagged {
                    conditional(names.condition(field.versions, within: flexibleOnly(versions)), field: field, inResponse: inResponse, out) { out in
                        let read = readExpression(
                            field.type, raw: field.rawRepresentable, nullable: field.nullable != nil, name: field.wireName, versions: field.versions,
                            inResponse: inResponse)
                        let call = "tags.takeKnown(\(field.tag!), \"\(field.wireName)\") { buffer in try \(read) }"
                        if case .structure = field.type, field.nullable == nil {
                            out.line("self.\(field.swiftName) = try \(call)")
                        } else {
                            out.line("self.\(field.swiftName) = try \(call) ?? \(names.defaultExpression(field, inResponse: inResponse))")
                        }
                    }
                }
                out.line("self.taggedFields = tags")
            }
            out.block("else") {
                for field in tagged { out.line("self.\(field.swiftName) = \(names.defaultExpression(field, inResponse: inResponse))") }
                out.line("self.taggedFields = TaggedFields()")
            }
        }
    }

    /// `body` when `condition` holds, the field's default otherwise.
    private func conditional(_ condition: String?, field: Field, inResponse: Bool, _ out: CodeWriter, _ body: (CodeWriter) -> Void) {
        guard let condition else { return body(out) }
        out.block("if \(condition)") { body(out) }
        out.block("else") { out.line("self.\(field.swiftName) = \(names.defaultExpression(field, inResponse: inResponse))") }
    }

    private func emitRead(_ field: Field, inResponse: Bool, _ out: CodeWriter) {
        let target = "self.\(field.swiftName)"
        func read(_ nullable: Bool) -> String {
            readExpression(
                field.type, raw: field.rawRepresentable, nullable: nullable, name: field.wireName, versions: field.versions, inResponse: inResponse)
        }
        guard let nullable = field.nullable else { return out.line("\(target) = try \(read(false))") }
        guard let condition = names.condition(nullable, within: field.versions) else { return out.line("\(target) = try \(read(true))") }
        out.block("if \(condition)") { out.line("\(target) = try \(read(true))") }
        out.block("else") { out.line("\(target) = try \(read(false))") }
    }

    /// Reads one value of `type`, which the schema has in `versions` (the caller checks the version).
    func readExpression(_ type: FieldType, raw: String?, nullable: Bool, name: String, versions: VersionRange, inResponse: Bool) -> String {
        switch type {
        case .primitive(let primitive):
            let plain: String
            switch primitive {
            case .bool: plain = "buffer.readKafkaBool(\"\(name)\")"
            case .int8: plain = "buffer.readKafkaInt8(\"\(name)\")"
            case .int16: plain = "buffer.readKafkaInt16(\"\(name)\")"
            case .int32: plain = "buffer.readKafkaInt32(\"\(name)\")"
            case .int64: plain = "buffer.readKafkaInt64(\"\(name)\")"
            case .uint16: plain = "buffer.readKafkaInteger(\"\(name)\", as: UInt16.self)"
            case .uint32: plain = "buffer.readKafkaUInt32(\"\(name)\")"
            case .float64: plain = "Double(bitPattern: buffer.readKafkaInteger(\"\(name)\", as: UInt64.self))"
            case .uuid: plain = "buffer.readKafkaUUID(\"\(name)\")"
            case .string:
                plain = "buffer.readKafka\(nullable ? "Nullable" : "")String(\"\(name)\", flexible: flexible)"
            case .bytes, .records:
                plain = "buffer.readKafka\(nullable ? "Nullable" : "")Bytes(\"\(name)\", flexible: flexible)"
            }
            if let raw { return "\(raw)(rawValue: \(plain))" }
            return plain
        case .structure(let structName):
            let swiftName = names.structType(structName, inResponse: inResponse)
            if nullable { return "buffer.readKafkaNullableStruct(\"\(name)\") { buffer in try \(swiftName)(from: &buffer, version: version) }" }
            return "\(swiftName)(from: &buffer, version: version)"
        case .array(let element):
            let minimum = names.minimumSizeExpression(element, versions: versions, inResponse: inResponse)
            let elementRead = readExpression(element, raw: raw, nullable: false, name: name, versions: versions, inResponse: inResponse)
            return "buffer.readKafka\(nullable ? "Nullable" : "NonNull")Array(\"\(name)\", flexible: flexible, minimumElementSize: \(minimum)) { buffer in try \(elementRead) }"
        }
    }

    // MARK: Encoding

    private func emitEncode(fields: [Field], versions: VersionRange, inResponse: Bool, access: String, _ out: CodeWriter) {
        withFlexible("\(access)func encode(into buffer: inout ByteBuffer, version: Int16)", out) { out in
            for field in fields where !field.isTagged {
                let write = { (out: CodeWriter) in self.emitWrite(field, inResponse: inResponse, out) }
                if let condition = names.condition(field.versions, within: versions) {
                    out.block("if \(condition)") { write(out) }
                } else {
                    write(out)
                }
            }
            guard schema.flexibleFrom != nil else { return }
            let tagged = fields.filter(\.isTagged)
            if tagged.isEmpty { return out.line("buffer.writeTaggedFieldsIf(flexible, taggedFields)") }
            out.block("if flexible") {
                out.line("var tags = taggedFields")
                for field in tagged {
                    var tests: [String] = []
                    if let condition = names.condition(field.versions, within: flexibleOnly(versions)) { tests.append(condition) }
                    let defaultValue = names.defaultExpression(field, inResponse: inResponse)
                    let value: String
                    if field.isOptional && defaultValue == "nil" {
                        tests.append("let \(field.swiftName)")
                        value = field.swiftName
                    } else if case .array = field.type, defaultValue == "[]" {
                        tests.append("!\(field.swiftName).isEmpty")
                        value = field.swiftName
                    } else {
                        tests.append("\(field.swiftName) != \(defaultValue)")
                        value = field.swiftName
                    }
                    let statement = writeStatement(
                        field.type, raw: field.rawRepresentable, value: value, nullable: field.nullable != nil, inResponse: inResponse)
                    out.line("if \(tests.joined(separator: ", ")) { tags.setKnown(\(field.tag!)) { buffer in \(statement) } }")
                }
                out.line("buffer.writeTaggedFields(tags)")
            }
        }
    }

    private func emitWrite(_ field: Field, inResponse: Bool, _ out: CodeWriter) {
        let value = field.swiftName
        func write(_ nullable: Bool) -> String {
            let operand = field.isOptional && !nullable ? "(\(value) ?? \(names.nonNullFallback(field, inResponse: inResponse)))" : value
            return writeStatement(field.type, raw: field.rawRepresentable, value: operand, nullable: nullable, inResponse: inResponse)
        }
        guard let nullable = field.nullable else { return out.line(write(false)) }
        guard let condition = names.condition(nullable, within: field.versions) else { return out.line(write(true)) }
        out.block("if \(condition)") { out.line(write(true)) }
        out.block("else") { out.line(write(false)) }
    }

    func writeStatement(_ type: FieldType, raw: String?, value: String, nullable: Bool, inResponse: Bool) -> String {
        switch type {
        case .primitive(let primitive):
            switch primitive {
            case .bool: return "buffer.writeKafkaBool(\(value))"
            case .int8, .int16, .int32, .int64, .uint16, .uint32:
                return "buffer.writeInteger(\(value)\(raw == nil ? "" : ".rawValue"))"
            case .float64: return "buffer.writeInteger(\(value).bitPattern)"
            case .uuid: return "buffer.writeKafkaUUID(\(value))"
            case .string: return "buffer.writeKafka\(nullable ? "Nullable" : "")String(\(value), flexible: flexible)"
            case .bytes, .records: return "buffer.writeKafka\(nullable ? "Nullable" : "")Bytes(\(value), flexible: flexible)"
            }
        case .structure:
            if nullable { return "buffer.writeKafkaNullableStruct(\(value)) { buffer, element in element.encode(into: &buffer, version: version) }" }
            return "\(value).encode(into: &buffer, version: version)"
        case .array(let element):
            let inner = writeStatement(element, raw: raw, value: "element", nullable: false, inResponse: inResponse)
            return "buffer.writeKafka\(nullable ? "Nullable" : "")Array(\(value), flexible: flexible) { buffer, element in \(inner) }"
        }
    }
}
