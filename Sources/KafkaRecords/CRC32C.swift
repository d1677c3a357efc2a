import CKafkaShims
import NIOCore

/// CRC-32C, the checksum of RecordBatch v2 (magic 2).
public enum CRC32C {
    public static func checksum(_ buffer: ByteBuffer) -> UInt32 {
        buffer.withUnsafeReadableBytes { raw in
            fjord_crc32c(0, raw.baseAddress?.assumingMemoryBound(to: UInt8.self), raw.count)
        }
    }

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { fjord_crc32c(0, $0.baseAddress, $0.count) }
    }

    /// The portable table path, exposed so tests can check it against the hardware path.
    public static func softwareChecksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { fjord_crc32c_software(0, $0.baseAddress, $0.count) }
    }

    public static var usesHardware: Bool { fjord_crc32c_hardware_available() != 0 }
}
