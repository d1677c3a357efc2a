import KafkaModel
import KafkaRecords
import NIOCore
import SystemPackage

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// Builds valid v2 batches by hand so these tests do not depend on the records builder.
enum TestBatch {
    static func make(
        records: Int = 1, valueSize: Int = 10, timestamp: Int64 = 1_000, timestampStep: Int64 = 0,
        producerID: Int64 = -1, epoch: Int16 = -1, baseSequence: Int32 = -1, fill: UInt8 = 0x61
    ) -> RecordBatch {
        var body = ByteBuffer()
        for i in 0..<records {
            var record = ByteBuffer()
            record.writeInteger(Int8(0))
            record.writeVarint(Int64(i) * timestampStep)
            record.writeVarint(Int64(i))
            record.writeVarint(-1)
            record.writeVarint(Int64(valueSize))
            record.writeRepeatingByte(fill, count: valueSize)
            record.writeVarint(0)
            body.writeVarint(Int64(record.readableBytes))
            body.writeBuffer(&record)
        }
        var batch = ByteBuffer()
        batch.writeInteger(Int64(0))
        batch.writeInteger(Int32(RecordBatch.headerSize - RecordBatch.logOverhead + body.readableBytes))
        batch.writeInteger(Int32(-1))
        batch.writeInteger(Int8(2))
        batch.writeInteger(UInt32(0))
        batch.writeInteger(Int16(0))
        batch.writeInteger(Int32(records - 1))
        batch.writeInteger(timestamp)
        batch.writeInteger(timestamp + Int64(records - 1) * timestampStep)
        batch.writeInteger(producerID)
        batch.writeInteger(epoch)
        batch.writeInteger(baseSequence)
        batch.writeInteger(Int32(records))
        batch.writeBuffer(&body)
        let crc = CRC32C.checksum(batch.getSlice(at: 21, length: batch.readableBytes - 21)!)
        batch.setInteger(crc, at: 17)
        return try! RecordBatch(buffer: batch)
    }
}

extension ByteBuffer {
    mutating func writeVarint(_ value: Int64) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while v >= 0x80 {
            writeInteger(UInt8(v & 0x7F | 0x80))
            v >>= 7
        }
        writeInteger(UInt8(v))
    }
}

/// A fresh directory under /tmp, removed when the test is done with it.
final class TempDirectory {
    let path: String
    var filePath: FilePath { FilePath(path) }

    init() {
        var template = Array("/tmp/fjord-storage-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { try? FileSystem.removeTree(path) }

    func sub(_ name: String) -> FilePath { FilePath(path + "/" + name) }
}

enum Files {
    static func size(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : -1
    }

    /// The file `fd` names in this process, or nil if it is not open. Tests that check a
    /// descriptor was closed compare this with the file it named: the bare number may already have
    /// been reused by a test running in parallel.
    static func openPath(_ fd: CInt) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func truncate(_ path: String, to length: Int64) { _ = Glibc.truncate(path, off_t(length)) }

    static func flipByte(_ path: String, at offset: Int64) {
        let fd = open(path, O_RDWR)
        var byte: UInt8 = 0
        _ = pread(fd, &byte, 1, off_t(offset))
        byte ^= 0xFF
        _ = pwrite(fd, &byte, 1, off_t(offset))
        close(fd)
    }

    /// Overwrites `[from, to)` with zeros, keeping the file's length: a write that never reached
    /// the disk inside a preallocated (zero-filled) region.
    static func zero(_ path: String, from: Int64, to: Int64) {
        let fd = open(path, O_RDWR)
        let zeros = [UInt8](repeating: 0, count: Int(max(0, to - from)))
        _ = zeros.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(from)) }
        close(fd)
    }

    static func write(_ path: String, bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}

extension PartitionLog {
    /// Batches (base offset, last offset) readable from `offset` to the end.
    func batchOffsets(from offset: Int64 = 0) throws -> [(Int64, Int64)] {
        let bytes = try readBytes(from: max(offset, logStartOffset), maxBytes: Int.max / 2)
        let (batches, remainder) = RecordBatch.split(bytes)
        precondition(remainder == 0)
        return batches.map { ($0.baseOffset, $0.lastOffset) }
    }

    static func open(_ dir: TempDirectory, _ config: LogConfig = LogConfig(), io: FileIO = PosixFileIO()) throws -> PartitionLog {
        try PartitionLog(directory: dir.sub("t-0"), topicPartition: TopicPartition(topic: "t", partition: 0), config: config, io: io)
    }
}

func smallSegments(_ bytes: Int = 1024, indexInterval: Int = 100) -> LogConfig {
    var config = LogConfig()
    config.segmentBytes = bytes
    config.indexIntervalBytes = indexInterval
    return config
}
