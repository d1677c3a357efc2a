import NIOCore
import Testing

@testable import KafkaRecords

@Suite struct CompressionTests {
    static let codecs: [CompressionCodec] = [.gzip, .snappy, .lz4, .zstd]
    static let sizes = [0, 1, 100 * 1024]
    static let limit = 64 * 1024 * 1024

    @Test(arguments: codecs, sizes)
    func roundTripsEveryCodec(codec: CompressionCodec, size: Int) throws {
        let input = ByteBuffer(bytes: pseudoRandomBytes(count: size))
        let compressed = try Compression.compress(codec, input)
        let output = try Compression.decompress(codec, compressed, maxOutputBytes: Self.limit)
        #expect(output == input)
    }

    @Test func noneCodecPassesBytesThroughButStillHonoursTheLimit() throws {
        let input = ByteBuffer(bytes: [1, 2, 3])
        #expect(try Compression.compress(.none, input) == input)
        #expect(try Compression.decompress(.none, input, maxOutputBytes: 3) == input)
        #expect(throws: RecordBatchError.self) { try Compression.decompress(.none, input, maxOutputBytes: 2) }
    }

    @Test func snappyWritesXerialFramingWithBlocksOfAtMost32KiB() throws {
        let input = ByteBuffer(bytes: pseudoRandomBytes(count: 100 * 1024))
        let compressed = try Compression.compress(.snappy, input)
        let bytes = Array(compressed.readableBytesView)
        #expect(Array(bytes[0..<8]) == [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00])
        #expect(Array(bytes[8..<16]) == [0, 0, 0, 1, 0, 0, 0, 1])
        var at = 16
        var blocks = 0
        while at < bytes.count {
            let length = Int(compressed.getInteger(at: at, as: UInt32.self)!)
            let block = ByteBuffer(bytes: bytes[(at + 4)..<(at + 4 + length)])
            let raw = try Compression.decompress(.snappy, block, maxOutputBytes: Self.limit)
            #expect(raw.readableBytes <= 32 * 1024)
            at += 4 + length
            blocks += 1
        }
        #expect(at == bytes.count)
        #expect(blocks == 4)
    }

    @Test func lz4WritesJavaFrameDescriptor() throws {
        let compressed = try Compression.compress(.lz4, ByteBuffer(string: "hello"))
        let bytes = Array(compressed.readableBytesView)
        #expect(Array(bytes[0..<4]) == [0x04, 0x22, 0x4D, 0x18])
        #expect(bytes[4] == 0x60)  // version 1, independent blocks, no checksums
        #expect(bytes[5] == 0x40)  // 64 KiB blocks
    }

    @Test func decodesXerialSnappyFromKafkaPython() throws {
        let output = try Compression.decompress(.snappy, try Fixtures.buffer("payload-snappy-xerial-kafka-python"), maxOutputBytes: Self.limit)
        #expect(output == ByteBuffer(string: "Fjord fixture: " + String(repeating: "abcdefgh", count: 64)))
    }

    @Test func decodesRawSnappyAsLibrdkafkaWritesIt() throws {
        let output = try Compression.decompress(.snappy, try Fixtures.buffer("payload-snappy-raw-kafka-python"), maxOutputBytes: Self.limit)
        #expect(output == ByteBuffer(string: "Fjord fixture: " + String(repeating: "abcdefgh", count: 64)))
    }

    @Test func ignoresXerialVersionFieldsEvenWhenLittleEndian() throws {
        var bytes = Array(try Compression.compress(.snappy, ByteBuffer(string: "versions")).readableBytesView)
        bytes.replaceSubrange(8..<16, with: [1, 0, 0, 0, 1, 0, 0, 0])
        let output = try Compression.decompress(.snappy, ByteBuffer(bytes: bytes), maxOutputBytes: Self.limit)
        #expect(output == ByteBuffer(string: "versions"))
    }

    @Test func decodesGzipFromPythonGzipModule() throws {
        let output = try Compression.decompress(.gzip, try Fixtures.buffer("payload-gzip-python"), maxOutputBytes: Self.limit)
        #expect(output == ByteBuffer(string: "Fjord fixture: " + String(repeating: "abcdefgh", count: 64)))
    }

    /// `printf 'hello fjord hello fjord hello fjord hello fjord\n' | lz4 -c` (lz4 v1.9.4): 4 MiB blocks,
    /// content checksum, unlike Java's frames.
    @Test func decodesLz4FrameFromTheLz4Tool() throws {
        let frame = Hex.buffer("04224d186440a716000000cf68656c6c6f20666a6f7264200c000c506a6f72640a0000000072822230")
        let output = try Compression.decompress(.lz4, frame, maxOutputBytes: Self.limit)
        #expect(output == ByteBuffer(string: "hello fjord hello fjord hello fjord hello fjord\n"))
    }

    /// `printf '...' | zstd -c` (zstd v1.5.4): read from a pipe, so the frame has no content size.
    @Test func decodesZstdFrameWithoutContentSizeFromTheZstdTool() throws {
        let frame = Hex.buffer("28b52ffd04589d00006868656c6c6f20666a6f7264200a01004e96247b50a1b8")
        let output = try Compression.decompress(.zstd, frame, maxOutputBytes: Self.limit)
        #expect(output == ByteBuffer(string: "hello fjord hello fjord hello fjord hello fjord\n"))
    }

    @Test(arguments: codecs)
    func refusesDecompressionBombsBeyondMaxOutputBytes(codec: CompressionCodec) throws {
        let zeros = ByteBuffer(repeating: 0, count: 4 * 1024 * 1024)
        let bomb = try Compression.compress(codec, zeros)
        #expect(bomb.readableBytes < 300 * 1024)
        #expect(throws: RecordBatchError.self) {
            try Compression.decompress(codec, bomb, maxOutputBytes: 1024 * 1024)
        }
    }

    @Test(arguments: codecs)
    func acceptsOutputOfExactlyMaxOutputBytes(codec: CompressionCodec) throws {
        let input = ByteBuffer(bytes: pseudoRandomBytes(count: 10_000))
        let compressed = try Compression.compress(codec, input)
        #expect(try Compression.decompress(codec, compressed, maxOutputBytes: 10_000) == input)
        #expect(throws: RecordBatchError.self) { try Compression.decompress(codec, compressed, maxOutputBytes: 9_999) }
    }

    @Test func refusesSnappyBlockThatDeclaresFourGiBWithoutAllocating() {
        let header = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00])
        #expect(throws: RecordBatchError.compression("decompressed size exceeds the limit")) {
            try Compression.decompress(.snappy, header, maxOutputBytes: Self.limit)
        }
    }

    @Test(arguments: codecs)
    func rejectsGarbageWithoutCrashing(codec: CompressionCodec) {
        for seed in UInt64(1)...20 {
            let garbage = ByteBuffer(bytes: pseudoRandomBytes(count: Int(seed) * 37, seed: seed))
            #expect(throws: RecordBatchError.self) {
                try Compression.decompress(codec, garbage, maxOutputBytes: Self.limit)
            }
        }
    }

    @Test(arguments: codecs)
    func rejectsTruncatedStreams(codec: CompressionCodec) throws {
        let compressed = try Compression.compress(codec, ByteBuffer(bytes: pseudoRandomBytes(count: 5000)))
        for cut in [1, compressed.readableBytes / 2, compressed.readableBytes - 1] {
            let truncated = compressed.getSlice(at: 0, length: cut)!
            #expect(throws: RecordBatchError.self, "cut at \(cut)") {
                try Compression.decompress(codec, truncated, maxOutputBytes: Self.limit)
            }
        }
    }

    @Test(arguments: codecs)
    func rejectsEmptyInput(codec: CompressionCodec) {
        // Snappy's xerial header alone is a valid empty stream, but zero bytes are not a stream in any codec.
        #expect(throws: RecordBatchError.self) { try Compression.decompress(codec, ByteBuffer(), maxOutputBytes: Self.limit) }
    }
}
