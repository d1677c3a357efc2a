/// Java's murmur2 as Kafka's default partitioner uses it, so that a keyed record written by Fjord's
/// CLI lands in the same partition as one written by the Java client, kafka-python or franz-go
/// (docs/kafka-behaviour.md, "Java's murmur2 partitioner"). All arithmetic is on `UInt32` with wrap-around, which is what Java's
/// `int` arithmetic with `>>>` amounts to.
public enum Murmur2 {
    private static let seed: UInt32 = 0x9747_B28C
    private static let m: UInt32 = 0x5BD1_E995

    /// The signed hash Java's `Utils.murmur2(byte[])` returns.
    public static func hash<Bytes: Collection>(_ bytes: Bytes) -> Int32 where Bytes.Element == UInt8 {
        let data = Array(bytes)
        var h = seed ^ UInt32(truncatingIfNeeded: data.count)
        let whole = data.count & ~3
        var i = 0
        while i < whole {
            var k = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            k &*= m
            k ^= k >> 24
            k &*= m
            h &*= m
            h ^= k
            i += 4
        }
        let tail = data.count & 3
        if tail == 3 { h ^= UInt32(data[whole + 2]) << 16 }
        if tail >= 2 { h ^= UInt32(data[whole + 1]) << 8 }
        if tail >= 1 {
            h ^= UInt32(data[whole])
            h &*= m
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// `toPositive(murmur2(key)) % partitionCount`: Kafka masks the sign bit rather than taking
    /// `abs`, so `Int32.min` maps to 0 instead of overflowing.
    public static func partition<Bytes: Collection>(forKey key: Bytes, partitionCount: Int32) -> Int32 where Bytes.Element == UInt8 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return (hash(key) & 0x7FFF_FFFF) % partitionCount
    }
}
