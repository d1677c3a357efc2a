// Resolves each field's versions against its parent and refuses inconsistent schemas, with the reasons
// listed in schema/README.md ("What the generator refuses").

struct SchemaChecker {
    let schema: ApiSchema

    private func fail(_ field: Field, _ reason: String) -> SchemaError {
        SchemaError(file: schema.file, line: field.line, field: field.wireName, reason: reason)
    }

    func check(_ schema: inout ApiSchema) throws(SchemaError) {
        var seenStructs: Set<String> = []
        for decl in schema.structs {
            // Nested types of one message share a namespace; the request and the response do not.
            guard seenStructs.insert("\(decl.inResponse) \(decl.name)").inserted else {
                throw SchemaError(file: schema.file, line: decl.line, field: decl.name, reason: "duplicate struct name \(decl.name)")
            }
            if decl.isCommon && decl.fields.isEmpty {
                throw SchemaError(file: schema.file, line: decl.line, field: decl.name, reason: "struct \(decl.name) has no fields")
            }
        }
        for decl in schema.structs where decl.isCommon {
            decl.versions = schema.versions
            decl.fields = try resolve(decl.fields, parent: schema.versions, inResponse: decl.inResponse)
        }
        schema.request.fields = try resolve(schema.request.fields, parent: schema.versions, inResponse: false)
        schema.response.fields = try resolve(schema.response.fields, parent: schema.versions, inResponse: true)
    }

    private func resolve(_ fields: [Field], parent: VersionRange, inResponse: Bool) throws(SchemaError) -> [Field] {
        var resolved: [Field] = []
        var wireNames: Set<String> = []
        var swiftNames: Set<String> = ["taggedFields"]
        var tags: Set<Int> = []
        for original in fields {
            var field = original
            guard wireNames.insert(field.wireName).inserted, swiftNames.insert(field.swiftName).inserted else {
                throw fail(field, "duplicate field name")
            }
            // `v3+` runs to the end of the parent's versions.
            field.versions = field.declaredVersions.map { VersionRange(low: $0.low, high: $0.high ?? parent.high) } ?? parent
            guard field.versions.isWithin(parent), field.versions.high.map({ $0 >= field.versions.low }) ?? true else {
                throw fail(field, "versions \(field.declaredVersions ?? parent) lie outside its parent's \(parent)")
            }
            try checkType(field, inResponse: inResponse)
            if let declared = field.declaredNullable {
                let nullable = declared.map { VersionRange(low: $0.low, high: $0.high ?? field.versions.high) } ?? field.versions
                guard nullable.isWithin(field.versions), nullable.high.map({ $0 >= nullable.low }) ?? true else {
                    throw fail(field, "nullable versions \(declared ?? nullable) lie outside the field's \(field.versions)")
                }
                switch field.type {
                case .primitive(let primitive) where !primitive.canBeNull:
                    throw fail(field, "nullable on type \(primitive.rawValue), which cannot be null")
                default: field.nullable = nullable
                }
            }
            if let tag = field.tag {
                guard let flexible = schema.flexibleFrom, field.versions.low >= flexible else {
                    throw fail(field, "tagged field in non-flexible version v\(field.versions.low)")
                }
                guard tags.insert(tag).inserted else { throw fail(field, "duplicate tag \(tag)") }
            }
            try checkDefault(field)
            if let inline = field.inlineStruct {
                if inline.fields.isEmpty { throw fail(field, "struct \(inline.name) has no fields") }
                inline.versions = field.versions
                inline.fields = try resolve(inline.fields, parent: field.versions, inResponse: inResponse)
            }
            resolved.append(field)
        }
        return resolved
    }

    private func checkType(_ field: Field, inResponse: Bool) throws(SchemaError) {
        if let name = field.type.structName, field.inlineStruct == nil {
            guard let decl = schema.structNamed(name, inResponse: inResponse), decl.isCommon else { throw fail(field, "unknown type \(field.type)") }
        }
        if field.inlineStruct != nil, case .primitive = field.type { throw fail(field, "fields indented under a \(field.type) field") }
        if let swiftType = field.rawRepresentable {
            guard case .primitive(let primitive) = field.type.elementType, primitive.isInteger else {
                throw fail(field, "`type \(swiftType)` needs an integer field")
            }
        }
    }

    private func checkDefault(_ field: Field) throws(SchemaError) {
        guard let literal = field.defaultValue else { return }
        let fits: Bool
        switch (literal, field.type) {
        case (.null, _):
            fits = field.nullable != nil || field.isOptional
        case (.bool, .primitive(.bool)):
            fits = true
        case (.string, .primitive(.string)):
            fits = true
        case (.float, .primitive(.float64)):
            fits = true
        case (.integer(let text), .primitive(let primitive)) where primitive.isInteger:
            fits = integerFits(text, primitive)
        case (.integer(let text), .primitive(.float64)):
            fits = Double(text) != nil
        default:
            fits = false
        }
        guard fits else { throw fail(field, "default \(describe(literal)) does not fit type \(field.type)\(field.nullable == nil ? "" : " (nullable)")") }
    }

    private func integerFits(_ text: String, _ primitive: Primitive) -> Bool {
        guard let value = parseInteger(text) else { return false }
        switch primitive {
        case .int8: return Int8(exactly: value) != nil
        case .int16: return Int16(exactly: value) != nil
        case .int32: return Int32(exactly: value) != nil
        case .int64: return true
        case .uint16: return UInt16(exactly: value) != nil
        case .uint32: return UInt32(exactly: value) != nil
        default: return false
        }
    }

    private func describe(_ literal: DefaultLiteral) -> String {
        switch literal {
        case .integer(let text), .float(let text): text
        case .bool(let value): "\(value)"
        case .null: "null"
        case .string(let text): "\"\(text)\""
        }
    }
}

/// Decimal or `0x` hexadecimal, optionally negative.
func parseInteger(_ text: String) -> Int64? {
    let negative = text.hasPrefix("-")
    let digits = negative ? String(text.dropFirst()) : text
    let magnitude = digits.hasPrefix("0x") ? Int64(digits.dropFirst(2), radix: 16) : Int64(digits)
    guard let magnitude else { return nil }
    return negative ? -magnitude : magnitude
}

extension FieldType {
    /// The innermost element type of an array, or the type itself.
    var elementType: FieldType {
        if case .array(let element) = self { return element.elementType }
        return self
    }
}
