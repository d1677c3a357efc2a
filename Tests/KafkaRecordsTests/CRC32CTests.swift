import NIOCore
import Testing

@testable import KafkaRecords

@Suite struct CRC32CTests {
    @Test func matchesTheCheckValueOfTheCastagnoliPolynomial() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.softwareChecksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    /// RFC 3720 (iSCSI) appendix B.4 vectors.
    @Test func matchesTheISCSIVectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    @Test func emptyInputHasChecksumZero() {
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum(ByteBuffer()) == 0)
    }

    @Test func hardwareAndSoftwarePathsAgreeOnRandomLengths() {
        let data = pseudoRandomBytes(count: 5000 + 8, seed: 42)
        var lengths = Array(0...80)
        var state: UInt64 = 7
        for _ in 0..<150 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            lengths.append(Int(state >> 33) % 5001)
        }
        lengths.append(5000)
        for length in lengths {
            // Odd start offsets exercise unaligned loads in the 8-byte loops.
            for start in [0, 3] {
                let slice = data[start..<(start + length)]
                #expect(CRC32C.checksum(slice) == CRC32C.softwareChecksum(slice), "length \(length) start \(start)")
            }
        }
    }

    @Test func byteBufferSliceChecksumsOnlyItsReadableBytes() {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB] + Array("123456789".utf8))
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(CRC32C.checksum(buffer) == 0xE306_9283)
    }
}
