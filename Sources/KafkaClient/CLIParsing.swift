import KafkaRecords

// Flag values in Kafka's own spellings, parsed here so the executable stays free of logic.

extension CompressionCodec {
    /// `none`, `gzip`, `snappy`, `lz4` or `zstd`, as Kafka's compression.type spells them.
    public static func named(_ name: String) -> CompressionCodec? {
        switch name.lowercased() {
        case "none": CompressionCodec.none
        case "gzip": .gzip
        case "snappy": .snappy
        case "lz4": .lz4
        case "zstd": .zstd
        default: nil
        }
    }
}

extension Acks {
    /// `0`, `1`, `all` or `-1`.
    public static func named(_ name: String) -> Acks? {
        switch name.lowercased() {
        case "0": Acks.none
        case "1": .leader
        case "all", "-1": .all
        default: nil
        }
    }
}

extension ProducerRecord.Header {
    /// `KEY=VALUE`; the value may contain `=`, the key may not be empty.
    public static func parse(_ text: String) -> ProducerRecord.Header? {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        return ProducerRecord.Header(key: String(text[..<equals]), value: Array(text[text.index(after: equals)...].utf8))
    }
}

extension ConsoleConsumer.StartOffset {
    /// Kafka's --offset: `earliest`, `latest` or a non-negative offset.
    public static func parse(_ text: String) -> ConsoleConsumer.StartOffset? {
        switch text.lowercased() {
        case "earliest": return .earliest
        case "latest": return .latest
        default:
            guard let offset = Int64(text), offset >= 0 else { return nil }
            return .offset(offset)
        }
    }
}

extension ConsoleProducer.Options {
    public static func isCompressionName(_ name: String) -> Bool {
        CompressionCodec.named(name) != nil
    }

    /// Sets the codec by Kafka's name; an unknown name leaves it unchanged.
    public mutating func setCompression(named name: String) {
        if let codec = CompressionCodec.named(name) { compression = codec }
    }
}
