import NIOCore

/// The LZ4 frame header of magic 0 messages.
///
/// Kafka 0.8 and 0.9 computed the frame's header checksum (the HC byte after FLG and BD) over the wrong
/// bytes: from the frame's magic number instead of from FLG. Magic 1 fixed it, and magic 0
/// kept it for compatibility: Kafka's broker ignores HC when reading magic 0 and writes the wrong one when
/// writing magic 0, because the 0.8/0.9 consumers check for the wrong value. liblz4 always verifies HC, so
/// we rewrite it before decompressing magic 0 and spoil it after compressing for magic 0
/// (docs/message-format.md, "LZ4 and magic 0").
enum LZ4LegacyFraming {
    static let frameMagic: UInt32 = 0x184D_2204

    /// Where HC sits in `frame` (FLG says whether an 8-byte content size and a 4-byte dictionary id come
    /// first), or nil if the bytes do not start an LZ4 frame.
    static func headerChecksumIndex(_ frame: UnsafeRawBufferPointer) -> Int? {
        guard frame.count >= 7 else { return nil }
        let magic = UInt32(frame[0]) | UInt32(frame[1]) << 8 | UInt32(frame[2]) << 16 | UInt32(frame[3]) << 24
        guard magic == frameMagic else { return nil }
        let flags = frame[4]
        let index = 6 + (flags & 0x08 != 0 ? 8 : 0) + (flags & 0x01 != 0 ? 4 : 0)
        return index < frame.count ? index : nil
    }

    /// The HC the LZ4 frame format defines: second byte of XXH32 over the descriptor (FLG up to HC).
    static func correctChecksum(_ frame: UnsafeRawBufferPointer, hcIndex: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: xxh32(UnsafeRawBufferPointer(rebasing: frame[4..<hcIndex])) >> 8)
    }

    /// The HC Kafka's magic 0 writers put there: the same, but over the frame's magic number too.
    static func kafka3160Checksum(_ frame: UnsafeRawBufferPointer, hcIndex: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: xxh32(UnsafeRawBufferPointer(rebasing: frame[0..<hcIndex])) >> 8)
    }

    /// A copy of a magic 0 LZ4 payload with a correct HC, which liblz4 will accept, whichever HC it had.
    /// The payload is left alone when it is not an LZ4 frame, so liblz4 reports the real problem.
    static func repairedForDecoding(_ payload: ByteBuffer) -> ByteBuffer {
        var copy = payload
        payload.withUnsafeReadableBytes { raw in
            guard let index = headerChecksumIndex(raw) else { return }
            let wanted = correctChecksum(raw, hcIndex: index)
            if raw[index] != wanted { copy.setInteger(wanted, at: copy.readerIndex + index) }
        }
        return copy
    }

    /// Spoils HC the way magic 0 readers expect (in place; `payload` is a buffer we just compressed into).
    static func breakForMagic0(_ payload: inout ByteBuffer) {
        let patch: (Int, UInt8)? = payload.withUnsafeReadableBytes { raw in
            guard let index = headerChecksumIndex(raw) else { return nil }
            return (index, kafka3160Checksum(raw, hcIndex: index))
        }
        if let (index, value) = patch { payload.setInteger(value, at: payload.readerIndex + index) }
    }

    private static let prime1: UInt32 = 2_654_435_761
    private static let prime2: UInt32 = 2_246_822_519
    private static let prime3: UInt32 = 3_266_489_917
    private static let prime4: UInt32 = 668_265_263
    private static let prime5: UInt32 = 374_761_393

    @inline(__always)
    private static func lane(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    @inline(__always)
    private static func round(_ accumulator: UInt32, _ input: UInt32) -> UInt32 {
        (accumulator &+ input &* prime2).rotatedLeft(13) &* prime1
    }

    /// XXH32 with seed 0, the checksum LZ4 frames use. Only ever run over a frame header (at most 19
    /// bytes), so clarity wins over speed here.
    static func xxh32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        var at = 0
        var hash: UInt32
        if bytes.count >= 16 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while at + 16 <= bytes.count {
                v1 = round(v1, lane(bytes, at))
                v2 = round(v2, lane(bytes, at + 4))
                v3 = round(v3, lane(bytes, at + 8))
                v4 = round(v4, lane(bytes, at + 12))
                at += 16
            }
            hash = v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
        } else {
            hash = seed &+ prime5
        }
        hash = hash &+ UInt32(truncatingIfNeeded: bytes.count)
        while at + 4 <= bytes.count {
            hash = (hash &+ lane(bytes, at) &* prime3).rotatedLeft(17) &* prime4
            at += 4
        }
        while at < bytes.count {
            hash = (hash &+ UInt32(bytes[at]) &* prime5).rotatedLeft(11) &* prime1
            at += 1
        }
        hash ^= hash >> 15
        hash = hash &* prime2
        hash ^= hash >> 13
        hash = hash &* prime3
        hash ^= hash >> 16
        return hash
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedLeft(_ count: UInt32) -> UInt32 { (self << count) | (self >> (32 - count)) }
}
