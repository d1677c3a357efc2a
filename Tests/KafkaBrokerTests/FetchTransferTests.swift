import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing

@testable import KafkaBroker

#if canImport(Glibc)
import Glibc
#endif

/// `EncodedResponse.fetch`: which record sets leave by sendfile and which are copied, and that
/// either way the frame carries the same bytes in the same order.
@Suite struct FetchTransferTests {
    /// A file of `size` bytes, byte `i` = `i % 251`, and a fresh descriptor per slice.
    private final class DataFile {
        let path: String
        let bytes: [UInt8]
        init(size: Int) {
            var template = Array("/tmp/fjord-fetch-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            bytes = (0..<size).map { UInt8($0 % 251) }
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        deinit { unlink(path) }
        func slice(at position: Int, length: Int) -> FileSlice {
            FileSlice(fileDescriptor: open(path, O_RDONLY), position: Int64(position), length: length)
        }
    }

    /// The file descriptor `fd` names in this process, or nil if it is not open.
    private static func openPath(_ fd: CInt) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private let small = 100
    private let large = BrokerConfig.FetchTransfer.sendfileThreshold + 10

    private func response(_ file: DataFile) -> (parts: [FetchResponseChunk], files: [FileSlice], expected: [UInt8]) {
        let a = ByteBuffer(string: "head"), b = ByteBuffer(string: "middle"), c = ByteBuffer(string: "tail")
        let files = [file.slice(at: 0, length: small), file.slice(at: 1000, length: large)]
        let parts: [FetchResponseChunk] = [.bytes(a), .external(length: small, token: 0), .bytes(b), .external(length: large, token: 1), .bytes(c)]
        let expected = Array("head".utf8) + file.bytes[0..<small] + Array("middle".utf8) + file.bytes[1000..<(1000 + large)] + Array("tail".utf8)
        return (parts, files, expected)
    }

    /// The frame's bytes with every file region read back from its descriptor (which it closes).
    private func flatten(_ encoded: EncodedResponse) -> [UInt8] {
        switch encoded {
        case .none: return []
        case .frame(let buffer): return Array(buffer.readableBytesView)
        case .spliced(let parts, let files):
            var out: [UInt8] = []
            for part in parts {
                switch part {
                case .bytes(let buffer): out += buffer.readableBytesView
                case .external(let length, let token):
                    var buffer = ByteBuffer()
                    try? files[token].copy(into: &buffer)
                    #expect(buffer.readableBytes == length)
                    out += buffer.readableBytesView
                }
            }
            for file in files { file.close() }
            return out
        }
    }

    @Test func autoCopiesSmallRecordSetsAndSendsLargeOnesAsFileRegions() throws {
        let file = DataFile(size: 100_000)
        let (parts, files, expected) = response(file)
        let encoded = try EncodedResponse.fetch(parts: parts, files: files, transfer: .auto, allocator: ByteBufferAllocator())
        guard case .spliced(let out, let kept) = encoded else { Issue.record("expected a spliced frame"); return }
        #expect(kept.count == 1 && kept[0].length == large)
        #expect(out.count == 3)  // head+small+middle, the large region, tail
        #expect(out.filter { if case .external = $0 { true } else { false } }.count == 1)
        #expect(flatten(encoded) == expected)
        // The copied slice's descriptor is closed. Not checked with a second close(): tests run in
        // parallel and the number may already belong to another test's file; so ask what it names now.
        #expect(Self.openPath(files[0].fileDescriptor) != file.path)
    }

    @Test func copyMakesOneFrameAndSendfileKeepsEveryRegion() throws {
        let file = DataFile(size: 100_000)
        let copied = response(file)
        let frame = try EncodedResponse.fetch(parts: copied.parts, files: copied.files, transfer: .copy, allocator: ByteBufferAllocator())
        guard case .frame = frame else { Issue.record("copy must give one frame"); return }
        #expect(flatten(frame) == copied.expected)

        let sent = response(file)
        let spliced = try EncodedResponse.fetch(parts: sent.parts, files: sent.files, transfer: .sendfile, allocator: ByteBufferAllocator())
        guard case .spliced(let parts, let files) = spliced else { Issue.record("sendfile must keep regions"); return }
        #expect(parts == sent.parts && files == sent.files)
        #expect(flatten(spliced) == sent.expected)
    }
}
