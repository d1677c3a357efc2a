import Foundation

// fjord-protocol-gen [--root DIR] [--check]
//
// Reads DIR/schema/*.schema (DIR defaults to the working directory) and writes the generated Swift and the
// versions table of docs/protocol.md. With --check it writes nothing and exits 1 if any output would change,
// which is how `make test` proves the committed code is current.

struct Output: Equatable {
    var path: String
    var contents: String
}

enum Generator {
    static let codecDirectory = "Sources/KafkaProtocol/Generated"
    static let samplesDirectory = "Tests/KafkaProtocolTests/Generated"
    static let docsPath = "docs/protocol.md"

    /// Parses every schema, in ApiKey order.
    static func load(root: URL) throws -> [ApiSchema] {
        let directory = root.appendingPathComponent("schema")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".schema") }.sorted()
        var schemas: [ApiSchema] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            schemas.append(try SchemaParser.parse(text, file: file))
        }
        var keys: [Int: String] = [:]
        for schema in schemas {
            if let other = keys[schema.key] {
                throw SchemaError(file: schema.file, line: 1, field: "api", reason: "key \(schema.key) is also \(other)'s")
            }
            keys[schema.key] = schema.name
        }
        return schemas.sorted { $0.key < $1.key }
    }

    static func outputs(for schemas: [ApiSchema], docs: String) throws -> [Output] {
        var outputs = schemas.map { Output(path: "\(codecDirectory)/\($0.name).generated.swift", contents: CodecEmitter(schema: $0).emit()) }
        outputs.append(Output(path: "\(codecDirectory)/ApiKey.generated.swift", contents: TableEmitter.apiKeys(schemas)))
        outputs.append(Output(path: "\(codecDirectory)/RequestMessages.generated.swift", contents: TableEmitter.requestMessages(schemas)))
        outputs.append(Output(path: "\(samplesDirectory)/MessageSamples.generated.swift", contents: SampleEmitter(schemas: schemas).emit()))
        guard let updated = TableEmitter.replacingTable(in: docs, with: TableEmitter.docsTable(schemas)) else {
            throw GeneratorError("\(docsPath) lacks the markers \(TableEmitter.docsBegin) and \(TableEmitter.docsEnd)")
        }
        outputs.append(Output(path: docsPath, contents: updated))
        return outputs
    }
}

struct GeneratorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@main
struct ProtocolGenCommand {
    static func main() {
        var arguments = CommandLine.arguments.dropFirst()
        var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var check = false
        while let argument = arguments.popFirst() {
            switch argument {
            case "--check": check = true
            case "--root":
                guard let path = arguments.popFirst() else { fail("--root needs a directory") }
                root = URL(fileURLWithPath: path)
            default: fail("usage: fjord-protocol-gen [--root DIR] [--check]")
            }
        }
        do {
            let schemas = try Generator.load(root: root)
            let docs = (try? String(contentsOf: root.appendingPathComponent(Generator.docsPath), encoding: .utf8)) ?? ""
            let outputs = try Generator.outputs(for: schemas, docs: docs)
            let stale = try sync(outputs, root: root, write: !check)
            if check && !stale.isEmpty {
                for path in stale { FileHandle.standardError.write(Data("not current: \(path)\n".utf8)) }
                fail("generated files differ from schema/; run `make generate` and commit the result")
            }
            if !check { print("fjord-protocol-gen: \(schemas.count) APIs, \(stale.count) files updated") }
        } catch let error as SchemaError {
            // The bare `schema/<File>.schema:<line>: ...` form, which editors and CI logs link to the line.
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        } catch {
            fail("\(error)")
        }
    }

    /// Compares (and unless checking, writes) every output; generated files no schema accounts for are
    /// stale too. Returns the paths that were or would be changed.
    static func sync(_ outputs: [Output], root: URL, write: Bool) throws -> [String] {
        let manager = FileManager.default
        var changed: [String] = []
        for output in outputs {
            let url = root.appendingPathComponent(output.path)
            if (try? String(contentsOf: url, encoding: .utf8)) == output.contents { continue }
            changed.append(output.path)
            if write {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try output.contents.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        let expected = Set(outputs.map(\.path))
        for directory in [Generator.codecDirectory, Generator.samplesDirectory] {
            let existing = (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(directory).path)) ?? []
            for name in existing.sorted() where !expected.contains("\(directory)/\(name)") {
                changed.append("\(directory)/\(name)")
                if write { try manager.removeItem(at: root.appendingPathComponent("\(directory)/\(name)")) }
            }
        }
        return changed
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fjord-protocol-gen: \(message)\n".utf8))
        exit(1)
    }
}
