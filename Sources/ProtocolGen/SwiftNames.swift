// How schema types, defaults and sizes become Swift: shared by the codec and the test-sample emitters.

/// Appends indented lines; `block` opens a brace and indents what `body` writes.
final class CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    func line(_ text: String = "") { lines.append(text.isEmpty ? "" : String(repeating: "    ", count: depth) + text) }
    func block(_ opening: String, _ body: () -> Void) {
        let indent = String(repeating: "    ", count: depth)
        if opening.hasPrefix("else"), lines.last == indent + "}" {
            lines[lines.count - 1] = indent + "} " + opening + " {"
        } else {
            line(opening + " {")
        }
        depth += 1
        body()
        depth -= 1
        line("}")
    }
    func indented(_ body: () -> Void) {
        depth += 1
        body()
        depth -= 1
    }
    var text: String { lines.joined(separator: "\n") + "\n" }
}

struct SwiftNames {
    let schema: ApiSchema

    /// The Swift type of a struct as seen from inside the message that `inResponse` names.
    func structType(_ name: String, inResponse: Bool) -> String {
        guard let decl = schema.structNamed(name, inResponse: inResponse), decl.inResponse != inResponse else { return name }
        return ownerName(inResponse: decl.inResponse) + "." + name
    }

    func ownerName(inResponse: Bool) -> String {
        inResponse ? schema.response.generatedName : schema.request.generatedName
    }

    func baseType(_ type: FieldType, raw: String?, inResponse: Bool) -> String {
        switch type {
        case .primitive(let primitive):
            if let raw { return raw }
            switch primitive {
            case .bool: return "Bool"
            case .int8: return "Int8"
            case .int16: return "Int16"
            case .int32: return "Int32"
            case .int64: return "Int64"
            case .uint16: return "UInt16"
            case .uint32: return "UInt32"
            case .float64: return "Double"
            case .string: return "String"
            case .bytes, .records: return "ByteBuffer"
            case .uuid: return "TopicID"
            }
        case .structure(let name): return structType(name, inResponse: inResponse)
        case .array(let element): return "[\(baseType(element, raw: raw, inResponse: inResponse))]"
        }
    }

    func swiftType(_ field: Field, inResponse: Bool) -> String {
        baseType(field.type, raw: field.rawRepresentable, inResponse: inResponse) + (field.isOptional ? "?" : "")
    }

    /// The value of the initialiser's parameter and of the field in versions that lack it.
    func defaultExpression(_ field: Field, inResponse: Bool) -> String {
        if let literal = field.defaultValue, literal != .null { return literalExpression(literal, field: field) }
        if field.isOptional { return "nil" }
        return zeroValue(field.type, raw: field.rawRepresentable, inResponse: inResponse)
    }

    /// What a nullable field's nil is written as in a version where the wire type cannot be null.
    func nonNullFallback(_ field: Field, inResponse: Bool) -> String {
        if let literal = field.defaultValue, literal != .null { return literalExpression(literal, field: field) }
        return zeroValue(field.type, raw: field.rawRepresentable, inResponse: inResponse)
    }

    private func literalExpression(_ literal: DefaultLiteral, field: Field) -> String {
        switch literal {
        case .integer(let text):
            if let raw = field.rawRepresentable { return "\(raw)(rawValue: \(text))" }
            return text
        case .float(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .string(let text): return "\"\(text)\""
        case .null: return "nil"
        }
    }

    func zeroValue(_ type: FieldType, raw: String?, inResponse: Bool) -> String {
        switch type {
        case .primitive(let primitive):
            if let raw { return "\(raw)(rawValue: 0)" }
            switch primitive {
            case .bool: return "false"
            case .int8, .int16, .int32, .int64, .uint16, .uint32, .float64: return "0"
            case .string: return "\"\""
            case .bytes, .records: return "ByteBuffer()"
            case .uuid: return "TopicID.zero"
            }
        case .structure(let name): return structType(name, inResponse: inResponse) + "()"
        case .array: return "[]"
        }
    }

    // MARK: Versions

    /// The test that `versions` holds, given that the code runs only in `context`; nil if always true.
    func condition(_ versions: VersionRange, within context: VersionRange) -> String? {
        var parts: [String] = []
        if versions.low > context.low { parts.append("version >= \(versions.low)") }
        if let high = versions.high, context.high.map({ high < $0 }) ?? true, high < schema.maxVersion {
            parts.append("version <= \(high)")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " && ")
    }

    /// A doc note for a field that is not in every version of its struct.
    func versionNote(_ field: Field, within context: VersionRange) -> String? {
        var notes: [String] = []
        if condition(field.versions, within: context) != nil { notes.append(describe(field.versions)) }
        if let tag = field.tag { notes.append("tag \(tag)") }
        if let nullable = field.nullable, nullable != field.versions { notes.append("null only in \(describe(nullable))") }
        return notes.isEmpty ? nil : notes.joined(separator: ", ")
    }

    /// `v3+` for a range that runs to the API's last version, `v3-5` otherwise.
    func describe(_ range: VersionRange) -> String {
        guard let high = range.high, high < schema.maxVersion else { return "v\(range.low)+" }
        return range.description
    }

    // MARK: Minimum sizes, for bounding array counts read off the wire

    func minimumSize(_ type: FieldType, version: Int, inResponse: Bool) -> Int {
        let flexible = schema.isFlexible(version)
        switch type {
        case .primitive(let primitive):
            switch primitive {
            case .bool, .int8: return 1
            case .int16, .uint16: return 2
            case .int32, .uint32: return 4
            case .int64, .float64: return 8
            case .uuid: return 16
            case .string: return flexible ? 1 : 2
            case .bytes, .records: return flexible ? 1 : 4
            }
        case .array: return flexible ? 1 : 4
        case .structure(let name):
            guard let decl = schema.structNamed(name, inResponse: inResponse) else { return 1 }
            return structMinimumSize(decl, version: version)
        }
    }

    func structMinimumSize(_ decl: StructDecl, version: Int) -> Int {
        var size = schema.isFlexible(version) ? 1 : 0
        for field in decl.fields where !field.isTagged && field.versions.contains(version) {
            if field.nullable?.contains(version) == true, case .structure = field.type {
                size += 1
            } else {
                size += minimumSize(field.type, version: version, inResponse: decl.inResponse)
            }
        }
        return size
    }

    /// An expression in `version` giving the fewest bytes one element of `element` takes.
    func minimumSizeExpression(_ element: FieldType, versions: VersionRange, inResponse: Bool) -> String {
        let all = versions.versions(upTo: schema.maxVersion).filter { schema.versions.contains($0) }
        var segments: [(low: Int, value: Int)] = []
        for version in all {
            let value = minimumSize(element, version: version, inResponse: inResponse)
            if segments.last?.value != value { segments.append((version, value)) }
        }
        guard var expression = segments.first.map({ "\($0.value)" }) else { return "1" }
        for segment in segments.dropFirst() { expression = "version >= \(segment.low) ? \(segment.value) : " + expression }
        return segments.count > 1 ? "(\(expression))" : expression
    }
}
