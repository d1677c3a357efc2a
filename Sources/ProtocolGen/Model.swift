// The schema as the parser reads it (schema/README.md). Versions are plain Ints here; the emitted Swift
// narrows them to Int16, the wire type of an API version.

/// An inclusive version range; `high == nil` means "and every later version".
struct VersionRange: Equatable, CustomStringConvertible {
    var low: Int
    var high: Int?

    func contains(_ version: Int) -> Bool { version >= low && (high.map { version <= $0 } ?? true) }

    /// True when every version of `self` is also a version of `other`.
    func isWithin(_ other: VersionRange) -> Bool {
        guard low >= other.low else { return false }
        guard let otherHigh = other.high else { return true }
        guard let high else { return false }
        return high <= otherHigh
    }

    /// The concrete versions of `self` among `0...maximum`.
    func versions(upTo maximum: Int) -> [Int] { (low...max(low, maximum)).filter { contains($0) && $0 <= maximum } }

    var description: String {
        guard let high else { return "v\(low)+" }
        return high == low ? "v\(low)" : "v\(low)-\(high)"
    }
}

enum Primitive: String, CaseIterable {
    case bool, int8, int16, int32, int64, uint16, uint32, float64, string, bytes, uuid, records

    var isInteger: Bool { [.int8, .int16, .int32, .int64, .uint16, .uint32].contains(self) }
    /// Strings, byte strings, record sets: the types whose encoding has a null marker.
    var canBeNull: Bool { [.string, .bytes, .records].contains(self) }
}

indirect enum FieldType: Equatable, CustomStringConvertible {
    case primitive(Primitive)
    case structure(String)
    case array(FieldType)

    var description: String {
        switch self {
        case .primitive(let primitive): primitive.rawValue
        case .structure(let name): name
        case .array(let element): "[]\(element)"
        }
    }

    /// The struct named by this type or by its (nested) element type.
    var structName: String? {
        switch self {
        case .primitive: nil
        case .structure(let name): name
        case .array(let element): element.structName
        }
    }
}

enum DefaultLiteral: Equatable {
    case integer(String)
    case float(String)
    case bool(Bool)
    case null
    case string(String)
}

final class StructDecl {
    let name: String
    var fields: [Field] = []
    var docs: [String]
    let line: Int
    /// Declared at the top level with `struct` (shared by fields that name it) rather than inline.
    let isCommon: Bool
    /// Which message the Swift type is nested in.
    var inResponse: Bool
    /// The versions in which the struct can appear: those of the field that declares it inline, or the
    /// API's for a common struct.
    var versions = VersionRange(low: 0, high: nil)

    init(name: String, docs: [String], line: Int, isCommon: Bool, inResponse: Bool) {
        self.name = name
        self.docs = docs
        self.line = line
        self.isCommon = isCommon
        self.inResponse = inResponse
    }
}

struct Field {
    var wireName: String
    var type: FieldType
    /// As written; nil means "all versions of the parent".
    var declaredVersions: VersionRange?
    /// Resolved against the parent once the file is read.
    var versions = VersionRange(low: 0, high: nil)
    /// `nullable` alone means the field's own versions; resolved like `versions`.
    var declaredNullable: VersionRange??
    var nullable: VersionRange?
    var tag: Int?
    var defaultValue: DefaultLiteral?
    var swiftName: String
    /// `type X`: a RawRepresentable over the wire integer.
    var rawRepresentable: String?
    var docs: [String]
    var line: Int
    /// The struct declared by the indented lines under this field, if any.
    var inlineStruct: StructDecl?

    var isTagged: Bool { tag != nil }

    /// Optional in Swift: null on the wire in some version, or a tagged struct, which has no value to
    /// stand for "absent" (schema/README.md).
    var isOptional: Bool {
        if nullable != nil { return true }
        if isTagged, case .structure = type { return true }
        return false
    }
}

struct MessageDecl {
    var isRequest: Bool
    var swiftName: String
    /// The API's message type is hand-written (a hot path); the generated codec is `<swiftName>Layout`.
    var handTuned: Bool
    var fields: [Field] = []
    var docs: [String]
    var line: Int

    /// The name of the struct the generator writes for this message.
    var generatedName: String { handTuned ? swiftName + "Layout" : swiftName }
}

struct ApiSchema {
    var file: String
    var name: String
    var key: Int
    var versions: VersionRange
    var flexibleFrom: Int?
    var docs: [String]
    var request: MessageDecl
    var response: MessageDecl
    /// Every struct of the file, inline and common, in declaration order.
    var structs: [StructDecl]

    var maxVersion: Int { versions.high ?? versions.low }
    var allVersions: [Int] { Array(versions.low...maxVersion) }
    func isFlexible(_ version: Int) -> Bool { flexibleFrom.map { version >= $0 } ?? false }
    /// The struct a field of the request (or response) means by `name`: one nested in the same message,
    /// else a common one nested in the other. Request and response may each have a `Topic`.
    func structNamed(_ name: String, inResponse: Bool) -> StructDecl? {
        structs.first { $0.name == name && $0.inResponse == inResponse }
            ?? structs.first { $0.name == name && $0.isCommon }
    }
    var apiKeyConstant: String { name.prefix(1).lowercased() + name.dropFirst() }
}

/// `schema/<File>.schema:<line>: <field>: <reason>`, the one shape of every refusal.
struct SchemaError: Error, CustomStringConvertible, Equatable {
    var file: String
    var line: Int
    var field: String
    var reason: String
    var description: String { "schema/\(file):\(line): \(field): \(reason)" }
}

/// snake_case to lowerCamelCase, with `id`/`ids` words as `ID`/`IDs` (schema/README.md).
func swiftPropertyName(_ wireName: String) -> String {
    let words = wireName.split(separator: "_").map(String.init)
    var result = ""
    for (index, word) in words.enumerated() {
        if index == 0 {
            result += word.lowercased()
        } else if word.lowercased() == "id" {
            result += "ID"
        } else if word.lowercased() == "ids" {
            result += "IDs"
        } else {
            result += word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }
    }
    return result
}
