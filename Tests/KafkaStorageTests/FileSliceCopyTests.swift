import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

/// `FileSlice.copy`, the pread path behind `fjord serve --fetch-transfer copy`.
@Suite struct FileSliceCopyTests {
    @Test func copiedSlicesEqualTheBytesTheLogHolds() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        for i in 0..<40 { _ = try log.append(TestBatch.make(records: 3, valueSize: 50, fill: UInt8(0x61 + i % 26)), now: 0) }
        let result = try log.read(from: 0, maxBytes: 1 << 30, minOneBatch: true)
        defer { result.closeAll() }
        #expect(result.slices.count > 1)
        var copied = ByteBuffer()
        for slice in result.slices { try slice.copy(into: &copied) }
        #expect(copied == (try log.readBytes(from: 0, maxBytes: 1 << 30)))
        let batches = RecordBatch.split(copied)
        #expect(batches.remainder == 0 && batches.batches.count == 40)
        for batch in batches.batches { try batch.validate() }
    }

    /// A slice naming bytes past the file's end is an error, never a short or padded copy.
    @Test func sliceBeyondTheFileEndFails() throws {
        let dir = TempDirectory()
        var config = LogConfig()
        config.preallocate = false  // else the file runs on in reserved zeros
        let log = try PartitionLog.open(dir, config)
        _ = try log.append(TestBatch.make(records: 2), now: 0)
        let result = try log.read(from: 0, maxBytes: 1 << 20, minOneBatch: true)
        defer { result.closeAll() }
        var slice = try #require(result.slices.first)
        slice.length += 100
        var copied = ByteBuffer()
        #expect(throws: StorageError.self) { try slice.copy(into: &copied) }
    }
}
