import NIOCore

/// Key → latest offset for one cleaning pass, in a fixed amount of memory.
///
/// Keys are not stored, only a 128-bit digest of each (two independent 64-bit hashes), so the
/// memory per key is constant whatever the key size: 24 bytes a slot (16 of digest, 8 of offset),
/// open addressing with linear probing, filled to at most 90 % as Kafka's SkimpyOffsetMap is.
/// A false match would drop a live record of another key, which is why the digest is 128 bits
/// wide rather than 64: with fewer than 2^30 keys a collision is vanishingly unlikely.
///
/// `isFull` tells the cleaner to stop adding keys; what it added so far is cleaned, the rest
/// waits for the next pass.
struct OffsetMap {
    static let bytesPerSlot = 24
    static let loadFactor = 0.9

    private var high: [UInt64]
    private var low: [UInt64]
    private var offsets: [Int64]
    private(set) var count = 0
    /// The highest offset put so far, or -1.
    private(set) var latestOffset: Int64 = -1
    let capacity: Int

    /// Sized from a memory budget in bytes (the dedupe buffer), at least 16 slots.
    init(memoryBytes: Int) {
        let slots = max(16, memoryBytes / Self.bytesPerSlot)
        high = Array(repeating: 0, count: slots)
        low = Array(repeating: 0, count: slots)
        offsets = Array(repeating: -1, count: slots)
        capacity = Int(Double(slots) * Self.loadFactor)
    }

    var slots: Int { offsets.count }
    var isFull: Bool { count >= capacity }

    mutating func clear() {
        for i in 0..<slots { offsets[i] = -1 }
        count = 0
        latestOffset = -1
    }

    /// Records `offset` as the latest for `key`. The caller checks `isFull` first.
    mutating func put(_ key: ByteBuffer, offset: Int64) {
        let (h, l) = Self.digest(key)
        var slot = Int(truncatingIfNeeded: l % UInt64(slots))
        while offsets[slot] >= 0 {
            if high[slot] == h && low[slot] == l { break }
            slot = slot + 1 == slots ? 0 : slot + 1
        }
        if offsets[slot] < 0 {
            count += 1
            high[slot] = h
            low[slot] = l
        }
        offsets[slot] = offset
        latestOffset = max(latestOffset, offset)
    }

    /// The latest offset recorded for `key`, or nil.
    func get(_ key: ByteBuffer) -> Int64? {
        let (h, l) = Self.digest(key)
        var slot = Int(truncatingIfNeeded: l % UInt64(slots))
        while offsets[slot] >= 0 {
            if high[slot] == h && low[slot] == l { return offsets[slot] }
            slot = slot + 1 == slots ? 0 : slot + 1
        }
        return nil
    }

    /// Two unrelated 64-bit hashes of the key bytes: FNV-1a and a multiply-xorshift mix. Fixed
    /// (unseeded) so a pass is reproducible; the map lives for one pass only.
    static func digest(_ key: ByteBuffer) -> (UInt64, UInt64) {
        key.withUnsafeReadableBytes { bytes in
            var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
            var mix: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(bytes.count)
            for byte in bytes {
                fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                mix = (mix ^ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
                mix ^= mix >> 29
            }
            mix ^= mix >> 33
            mix = mix &* 0xc4ce_b9fe_1a85_ec53
            mix ^= mix >> 33
            return (fnv, mix)
        }
    }
}
