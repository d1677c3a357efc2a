// Writes Tests/KafkaProtocolTests/Generated/MessageSamples.generated.swift: for every generated struct a
// `sample(version:)` with a non-default value in every field the version has (and the default in the
// others, which a decoder of that version cannot see), so that round-trip tests cover every field.

struct SampleEmitter {
    let schemas: [ApiSchema]

    func emit() -> String {
        let out = CodeWriter()
        out.line("// generated from schema/*.schema by make generate; do not edit")
        out.line("import KafkaModel")
        out.line("import KafkaProtocol")
        out.line("import NIOCore")
        for schema in schemas {
            let names = SwiftNames(schema: schema)
            for message in [schema.request, schema.response] {
                out.line()
                emitSample(
                    typeName: message.generatedName, conformance: ": SampledMessage", fields: message.fields,
                    inResponse: !message.isRequest, schema: schema, names: names, out)
            }
            for decl in schema.structs {
                out.line()
                let owner = names.ownerName(inResponse: decl.inResponse)
                emitSample(
                    typeName: "\(owner).\(decl.name)", conformance: "", fields: decl.fields, inResponse: decl.inResponse,
                    schema: schema, names: names, out)
            }
        }
        out.line()
        out.block("enum GeneratedSamples") {
            out.line("/// Hand-tuned messages and the generated layouts they must match byte for byte.")
            out.line("static let handTuned: [HandTunedCheck] = [")
            out.indented {
                for schema in schemas {
                    for message in [schema.request, schema.response] where message.handTuned {
                        out.line("HandTunedCheck(\(message.swiftName).self, layout: \(message.generatedName).self, versions: \(schema.versions.low)...\(schema.maxVersion)),")
                    }
                }
            }
            out.line("]")
        }
        return out.text
    }

    private func emitSample(
        typeName: String, conformance: String, fields: [Field], inResponse: Bool, schema: ApiSchema, names: SwiftNames, _ out: CodeWriter
    ) {
        out.block("extension \(typeName)\(conformance)") {
            out.block("static func sample(version: Int16) -> Self") {
                out.line("Self(")
                out.indented {
                    for field in fields {
                        let value = sampleValue(field.type, raw: field.rawRepresentable, field: field, inResponse: inResponse, names: names)
                        if let condition = names.condition(field.versions, within: schema.versions) {
                            out.line("\(field.swiftName): \(condition) ? \(value) : \(names.defaultExpression(field, inResponse: inResponse)),")
                        } else {
                            out.line("\(field.swiftName): \(value),")
                        }
                    }
                    let known = Set(fields.compactMap(\.tag))
                    let unknownTag = (0...).first { !known.contains($0 + 7) }! + 7
                    if let flexible = schema.flexibleFrom {
                        out.line("taggedFields: version >= \(flexible) ? TaggedFields([.init(tag: \(unknownTag), value: ByteBuffer(bytes: [0xCA, 0xFE]))]) : TaggedFields()")
                    } else {
                        out.line("taggedFields: TaggedFields()")
                    }
                }
                out.line(")")
            }
        }
    }

    /// A value of `type` unlike its default, derived from the field's name so that fields differ.
    private func sampleValue(_ type: FieldType, raw: String?, field: Field, inResponse: Bool, names: SwiftNames) -> String {
        let seed = field.wireName.utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) }
        switch type {
        case .primitive(let primitive):
            let number: String
            switch primitive {
            case .bool:
                return field.defaultValue == .bool(true) ? "false" : "true"
            case .int8: number = "\(seed % 100 + 2)"
            case .int16, .uint16: number = "\(seed % 30_000 + 2)"
            case .int32, .uint32: number = "\(seed % 2_000_000_000 + 2)"
            case .int64: number = "\(seed % 9_000_000_000_000 + 2)"
            case .float64: return "\(Double(seed % 1000) + 0.5)"
            case .string: return "\"\(field.wireName)-\(seed % 1000)\""
            case .bytes, .records: return "ByteBuffer(bytes: [0x\(String(seed % 256, radix: 16)), 0x01, 0x02])"
            case .uuid: return "TopicID(high: \(seed), low: \(seed &* 31))"
            }
            // A literal default could equal the derived number; one more keeps them apart.
            var value = number
            if case .integer(let text)? = field.defaultValue, parseInteger(text) == Int64(number) { value = "\(Int64(number)! + 1)" }
            return raw.map { "\($0)(rawValue: \(value))" } ?? value
        case .structure(let name):
            return names.structType(name, inResponse: inResponse).replacingPrefix(with: names, inResponse: inResponse) + ".sample(version: version)"
        case .array(let element):
            let one = sampleValue(element, raw: raw, field: field, inResponse: inResponse, names: names)
            return "[\(one), \(one)]"
        }
    }
}

extension String {
    /// Sample code lives outside the message types, so every struct name is qualified by its owner.
    fileprivate func replacingPrefix(with names: SwiftNames, inResponse: Bool) -> String {
        contains(".") ? self : names.ownerName(inResponse: names.schema.structNamed(self, inResponse: inResponse)?.inResponse ?? inResponse) + "." + self
    }
}
