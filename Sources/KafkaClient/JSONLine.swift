/// A small strict JSON reader and writer for the CLI's line formats, so that KafkaClient needs no
/// Foundation: `fjord produce --key-field` reads one field of each line, `fjord consume --format
/// json` writes one object per line.
public enum JSONLine {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var message: String
        /// 1-based column (in UTF-8 bytes) where parsing stopped.
        public var column: Int
        public var description: String { "\(message) at column \(column)" }
    }

    /// The value of top-level field `name` in a line holding one JSON object, as key text: a string
    /// unescaped, a number or boolean as written, an object or array as its JSON text; nil for null
    /// or a missing field. The whole line must be valid JSON.
    public static func field(_ name: String, in line: String) throws(ParseError) -> String? {
        var parser = Parser(bytes: Array(line.utf8))
        parser.skipWhitespace()
        guard parser.peek() == UInt8(ascii: "{") else { throw parser.error("not a JSON object") }
        var found: String?
        try parser.parseObject { (key, start, end, parser) throws(ParseError) in
            if key == name { found = try parser.keyText(start: start, end: end) }
        }
        parser.skipWhitespace()
        guard parser.atEnd else { throw parser.error("unexpected text after the JSON object") }
        return found
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func error(_ message: String) -> ParseError { ParseError(message: message, column: index + 1) }

        mutating func skipWhitespace() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(ParseError) {
            skipWhitespace()
            guard peek() == byte else { throw error("expected \(what)") }
            index += 1
        }

        /// Parses `{...}` and reports each member's key and the byte range of its value.
        mutating func parseObject(_ member: (String, Int, Int, inout Parser) throws(ParseError) -> Void) throws(ParseError) {
            try expect(UInt8(ascii: "{"), "'{'")
            skipWhitespace()
            if peek() == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a field name") }
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                let start = index
                try skipValue()
                try member(key, start, index, &self)
                skipWhitespace()
                guard let next = peek() else { throw error("unterminated object") }
                index += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { index -= 1; throw error("expected ',' or '}'") }
            }
        }

        mutating func skipValue() throws(ParseError) {
            skipWhitespace()
            guard let byte = peek() else { throw error("expected a value") }
            switch byte {
            case UInt8(ascii: "{"):
                try parseObject { (_, _, _, _) throws(ParseError) in }
            case UInt8(ascii: "["):
                index += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { index += 1; return }
                while true {
                    try skipValue()
                    skipWhitespace()
                    guard let next = peek() else { throw error("unterminated array") }
                    index += 1
                    if next == UInt8(ascii: "]") { return }
                    guard next == UInt8(ascii: ",") else { index -= 1; throw error("expected ',' or ']'") }
                }
            case UInt8(ascii: "\""):
                _ = try parseString()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default:
                try skipNumber()
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            let utf8 = Array(word.utf8)
            guard index + utf8.count <= bytes.count, Array(bytes[index..<index + utf8.count]) == utf8 else { throw error("invalid literal") }
            index += utf8.count
        }

        mutating func skipNumber() throws(ParseError) {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), (0x30...0x39).contains(first) else { index = start; throw error("invalid value") }
            if first == 0x30 { index += 1 } else { while let d = peek(), (0x30...0x39).contains(d) { index += 1 } }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard let d = peek(), (0x30...0x39).contains(d) else { throw error("invalid number") }
                while let d = peek(), (0x30...0x39).contains(d) { index += 1 }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard let d = peek(), (0x30...0x39).contains(d) else { throw error("invalid number") }
                while let d = peek(), (0x30...0x39).contains(d) { index += 1 }
            }
        }

        mutating func parseString() throws(ParseError) -> String {
            index += 1  // opening quote
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() { if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() } }
            while true {
                guard let byte = peek() else { throw error("unterminated string") }
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush()
                    guard let escape = peek() else { throw error("unterminated string") }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{08}")
                    case UInt8(ascii: "f"): scalars.append("\u{0C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default:
                        index -= 1
                        throw error("invalid escape")
                    }
                default:
                    guard byte >= 0x20 else { index -= 1; throw error("control character in string") }
                    raw.append(byte)
                }
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw error("invalid \\u escape")
            }
            index += 4
            return value
        }

        /// A value's text as a record key (see `JSONLine.field`).
        func keyText(start: Int, end: Int) throws(ParseError) -> String? {
            if bytes[start] == UInt8(ascii: "\"") {
                var copy = Parser(bytes: bytes, index: start)
                return try copy.parseString()
            }
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            return text == "null" ? nil : text
        }
    }
}
