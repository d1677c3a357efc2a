/// A topic's UUID (KIP-516). The zero value means "no ID"; clients fall back to names when they see it,
/// so every topic Fjord creates gets a random non-zero ID that is persisted with the topic.
public struct TopicID: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static let zero = TopicID(high: 0, low: 0)

    public var isZero: Bool { high == 0 && low == 0 }

    /// A random version-4 UUID, as Kafka's `Uuid.randomUuid()`; Kafka also avoids IDs whose base64 form starts with '-'.
    public static func random() -> TopicID {
        var generator = SystemRandomNumberGenerator()
        while true {
            var high = generator.next() as UInt64
            var low = generator.next() as UInt64
            high = (high & ~0xF000) | 0x4000
            low = (low & ~(UInt64(0xC) << 60)) | (UInt64(0x8) << 60)
            let id = TopicID(high: high, low: low)
            if !id.base64.hasPrefix("-") && !id.isZero { return id }
        }
    }

    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Kafka prints topic IDs as 22 characters of unpadded URL-safe base64.
    public var base64: String {
        let data = bytes
        var out: [UInt8] = []
        var index = 0
        while index < data.count {
            let b0 = data[index]
            let b1 = index + 1 < data.count ? data[index + 1] : 0
            let b2 = index + 2 < data.count ? data[index + 2] : 0
            let remaining = data.count - index
            out.append(Self.alphabet[Int(b0 >> 2)])
            out.append(Self.alphabet[Int((b0 & 0x3) << 4 | b1 >> 4)])
            if remaining > 1 { out.append(Self.alphabet[Int((b1 & 0xF) << 2 | b2 >> 6)]) }
            if remaining > 2 { out.append(Self.alphabet[Int(b2 & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    public init?(base64 text: String) {
        var values: [UInt8] = []
        for char in text.utf8 {
            guard let value = Self.alphabet.firstIndex(of: char) else { return nil }
            values.append(UInt8(value))
        }
        guard values.count == 22 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)]
            let a = chunk[chunk.startIndex], b = chunk[chunk.startIndex + 1]
            bytes.append(a << 2 | b >> 4)
            if chunk.count > 2 { bytes.append((b & 0xF) << 4 | chunk[chunk.startIndex + 2] >> 2) }
            if chunk.count > 3 { bytes.append((chunk[chunk.startIndex + 2] & 0x3) << 6 | chunk[chunk.startIndex + 3]) }
            index += 4
        }
        self.init(bytes: bytes)
    }

    public var description: String { base64 }
}
