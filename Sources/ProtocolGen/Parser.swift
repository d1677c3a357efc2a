// Reads one schema file into the model; `SchemaChecker` then resolves versions and refuses what is
// inconsistent. Both report the first problem only: a schema is short, and one fix at a time is clear.

struct SchemaParser {
    let file: String
    private var api: (name: String, key: Int, versions: VersionRange, flexible: Int?, docs: [String], line: Int)?
    private var messages: [Bool: (decl: MessageDecl, fields: StructDecl)] = [:]
    private var structs: [StructDecl] = []
    /// Containers by depth: [0] is the current top-level section, deeper ones are inline structs.
    private var stack: [StructDecl] = []
    private var pendingDocs: [String] = []

    init(file: String) { self.file = file }

    static func parse(_ text: String, file: String) throws(SchemaError) -> ApiSchema {
        var parser = SchemaParser(file: file)
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try parser.consume(String(rawLine), line: index + 1)
        }
        return try parser.finish()
    }

    private func fail(_ line: Int, _ field: String, _ reason: String) -> SchemaError {
        SchemaError(file: file, line: line, field: field, reason: reason)
    }

    private mutating func consume(_ rawLine: String, line: Int) throws(SchemaError) {
        let trimmed = rawLine.trimmingSpaces()
        if trimmed.hasPrefix("##") {
            pendingDocs.append(String(trimmed.dropFirst(2)).trimmingSpaces())
            return
        }
        let content = stripComment(rawLine)
        if content.trimmingSpaces().isEmpty { return }
        if content.contains("\t") { throw fail(line, "-", "tabs are not indentation; use two spaces") }
        let indent = content.prefix { $0 == " " }.count
        guard indent % 2 == 0 else { throw fail(line, "-", "indentation is not a multiple of two spaces") }
        let tokens = try tokenize(content, line: line)
        let docs = pendingDocs
        pendingDocs = []
        if indent == 0 {
            try topLevel(tokens, docs: docs, line: line)
        } else {
            try fieldLine(tokens, level: indent / 2, docs: docs, line: line)
        }
    }

    private mutating func topLevel(_ tokens: [String], docs: [String], line: Int) throws(SchemaError) {
        switch tokens[0] {
        case "api":
            guard api == nil else { throw fail(line, "api", "a second api line") }
            guard tokens.count == 8, tokens[2] == "key", tokens[4] == "versions", tokens[6] == "flexible",
                let key = Int(tokens[3]), let versions = parseRange(tokens[5], prefixed: false), versions.high != nil
            else { throw fail(line, "api", "expected `api <Name> key <n> versions <a>-<b> flexible <n>+|none`") }
            var flexible: Int? = nil
            if tokens[7] != "none" {
                guard tokens[7].hasSuffix("+"), let first = Int(tokens[7].dropLast()) else {
                    throw fail(line, "api", "flexible must be `<n>+` or `none`")
                }
                guard versions.contains(first) else {
                    throw fail(line, "api", "flexible boundary v\(first) lies outside versions \(versions)")
                }
                flexible = first
            }
            api = (tokens[1], key, versions, flexible, docs, line)
            stack = []
        case "request", "response":
            let isRequest = tokens[0] == "request"
            guard messages[isRequest] == nil else { throw fail(line, tokens[0], "declared twice") }
            guard let api else { throw fail(line, tokens[0], "the api line must come first") }
            var swiftName = api.name + (isRequest ? "Request" : "Response")
            var handTuned = false
            var rest = tokens.dropFirst()
            while let word = rest.popFirst() {
                switch word {
                case "as":
                    guard let name = rest.popFirst(), name.isTypeName else { throw fail(line, tokens[0], "`as` needs a Swift type name") }
                    swiftName = name
                case "hand-tuned": handTuned = true
                default: throw fail(line, tokens[0], "unknown attribute \(word)")
                }
            }
            let holder = StructDecl(name: swiftName, docs: docs, line: line, isCommon: false, inResponse: !isRequest)
            holder.versions = api.versions
            messages[isRequest] = (MessageDecl(isRequest: isRequest, swiftName: swiftName, handTuned: handTuned, docs: docs, line: line), holder)
            stack = [holder]
        case "struct":
            guard api != nil else { throw fail(line, "struct", "the api line must come first") }
            guard tokens.count >= 2, tokens[1].isTypeName else { throw fail(line, "struct", "expected `struct <Name> [in response]`") }
            let inResponse: Bool
            switch Array(tokens.dropFirst(2)) {
            case []: inResponse = false
            case ["in", "response"]: inResponse = true
            case ["in", "request"]: inResponse = false
            default: throw fail(line, tokens[1], "expected `struct <Name> [in response]`")
            }
            let decl = StructDecl(name: tokens[1], docs: docs, line: line, isCommon: true, inResponse: inResponse)
            structs.append(decl)
            stack = [decl]
        default:
            throw fail(line, tokens[0], "expected api, request, response or struct at the start of a line")
        }
    }

    private mutating func fieldLine(_ tokens: [String], level: Int, docs: [String], line: Int) throws(SchemaError) {
        let name = tokens[0]
        guard !stack.isEmpty else { throw fail(line, name, "a field outside request, response or struct") }
        if level > stack.count {
            // The first line indented under a struct-typed field declares that struct inline.
            let parent = stack[stack.count - 1]
            guard level == stack.count + 1, let last = parent.fields.indices.last, parent.fields[last].inlineStruct == nil,
                let structName = parent.fields[last].type.structName
            else { throw fail(line, name, "indented under a field that declares no struct") }
            let decl = StructDecl(
                name: structName, docs: parent.fields[last].docs, line: parent.fields[last].line, isCommon: false, inResponse: stack[0].inResponse)
            parent.fields[last].inlineStruct = decl
            structs.append(decl)
            stack.append(decl)
        } else {
            stack.removeLast(stack.count - level)
        }
        stack[level - 1].fields.append(try parseField(tokens, docs: docs, line: line))
    }

    private func parseField(_ tokens: [String], docs: [String], line: Int) throws(SchemaError) -> Field {
        let name = tokens[0]
        guard name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }), name.first?.isLetter == true else {
            throw fail(line, name, "field names are snake_case")
        }
        guard tokens.count >= 2 else { throw fail(line, name, "missing type") }
        guard let type = parseType(tokens[1]) else { throw fail(line, name, "unknown type \(tokens[1])") }
        var field = Field(wireName: name, type: type, swiftName: swiftPropertyName(name), docs: docs, line: line)
        var rest = tokens.dropFirst(2)
        while let word = rest.popFirst() {
            if word.hasPrefix("v"), let range = parseRange(String(word.dropFirst()), prefixed: true) {
                guard field.declaredVersions == nil else { throw fail(line, name, "versions given twice") }
                field.declaredVersions = range
                continue
            }
            switch word {
            case "nullable":
                if let next = rest.first, next.hasPrefix("v"), let range = parseRange(String(next.dropFirst()), prefixed: true) {
                    rest.removeFirst()
                    field.declaredNullable = .some(range)
                } else {
                    field.declaredNullable = .some(nil)
                }
            case "tag":
                guard let value = rest.popFirst().flatMap({ Int($0) }), value >= 0 else { throw fail(line, name, "`tag` needs a non-negative integer") }
                field.tag = value
            case "default":
                guard let literal = rest.popFirst(), let value = parseLiteral(literal) else { throw fail(line, name, "`default` needs a literal") }
                field.defaultValue = value
            case "as":
                guard let swiftName = rest.popFirst(), swiftName.first?.isLowercase == true else {
                    throw fail(line, name, "`as` needs a lowerCamelCase Swift name")
                }
                field.swiftName = swiftName
            case "type":
                guard let swiftType = rest.popFirst(), swiftType.isTypeName else { throw fail(line, name, "`type` needs a Swift type name") }
                field.rawRepresentable = swiftType
            default:
                throw fail(line, name, "unknown attribute \(word)")
            }
        }
        return field
    }

    private func finish() throws(SchemaError) -> ApiSchema {
        guard let api else { throw fail(1, "api", "no api line") }
        let expectedFile = api.name + ".schema"
        guard expectedFile == file else { throw fail(api.line, "api", "the file of API \(api.name) must be named \(expectedFile)") }
        guard let request = messages[true] else { throw fail(api.line, "request", "no request section") }
        guard let response = messages[false] else { throw fail(api.line, "response", "no response section") }
        var requestDecl = request.decl
        requestDecl.fields = request.fields.fields
        var responseDecl = response.decl
        responseDecl.fields = response.fields.fields
        var schema = ApiSchema(
            file: file, name: api.name, key: api.key, versions: api.versions, flexibleFrom: api.flexible, docs: api.docs,
            request: requestDecl, response: responseDecl, structs: structs)
        try SchemaChecker(schema: schema).check(&schema)
        return schema
    }

    // MARK: Lexing

    private func stripComment(_ line: String) -> String {
        var inQuotes = false
        var result = ""
        for character in line {
            if character == "\"" { inQuotes.toggle() }
            if character == "#" && !inQuotes { break }
            result.append(character)
        }
        return result
    }

    private func tokenize(_ line: String, line number: Int) throws(SchemaError) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inQuotes = false
        for character in line {
            if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if character == " " && !inQuotes {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        guard !inQuotes else { throw fail(number, tokens.first ?? "-", "unterminated string") }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// `3+`, `3-5`, or (for field attributes) a single `3`.
    private func parseRange(_ text: String, prefixed: Bool) -> VersionRange? {
        if text.hasSuffix("+"), let low = Int(text.dropLast()) { return VersionRange(low: low, high: nil) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low <= high { return VersionRange(low: low, high: high) }
        if prefixed, let single = Int(text) { return VersionRange(low: single, high: single) }
        return nil
    }

    private func parseType(_ text: String) -> FieldType? {
        if text.hasPrefix("[]") { return parseType(String(text.dropFirst(2))).map { .array($0) } }
        if let primitive = Primitive(rawValue: text) { return .primitive(primitive) }
        if text.isTypeName { return .structure(text) }
        return nil
    }

    private func parseLiteral(_ text: String) -> DefaultLiteral? {
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: break
        }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { return .string(String(text.dropFirst().dropLast())) }
        let digits = text.hasPrefix("-") ? String(text.dropFirst()) : text
        if digits.hasPrefix("0x"), !digits.dropFirst(2).isEmpty, digits.dropFirst(2).allSatisfy(\.isHexDigit) { return .integer(text) }
        if !digits.isEmpty, digits.allSatisfy(\.isNumber) { return .integer(text) }
        if Double(text) != nil { return .float(text) }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" || slice.first == "\r" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" || slice.last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }

    /// A capitalised identifier, as Swift type names and schema struct names are.
    var isTypeName: Bool {
        guard let first, first.isUppercase else { return false }
        return allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }
}
