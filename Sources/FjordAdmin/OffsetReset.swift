import KafkaModel

/// Where `groups reset-offsets` moves a group, one of Kafka's reset scenarios.
public enum OffsetResetTarget: Sendable, Equatable {
    case earliest
    case latest
    case offset(Int64)
    case shift(Int64)
    /// Milliseconds since the epoch; the first offset whose timestamp is at or after it.
    case timestamp(Int64)
}

/// What the broker knows about one partition, gathered before anything is written.
public struct PartitionOffsets: Sendable, Equatable {
    public var earliest: Int64
    public var latest: Int64
    public var committed: Int64?
    /// The ListOffsets answer for a `.timestamp` target; nil when no record is that new.
    public var atTimestamp: Int64?

    public init(earliest: Int64, latest: Int64, committed: Int64?, atTimestamp: Int64? = nil) {
        self.earliest = earliest
        self.latest = latest
        self.committed = committed
        self.atTimestamp = atTimestamp
    }
}

public enum OffsetResetError: Error, Equatable, CustomStringConvertible {
    case noCommittedOffset(TopicPartition)

    public var description: String {
        switch self {
        case let .noCommittedOffset(tp):
            "Cannot shift offset for partition \(tp) since there is no current committed offset"
        }
    }
}

public enum OffsetReset {
    /// The new offset of every partition, computed in full before any commit so a failure on one
    /// partition leaves the group untouched. Like Kafka, a target outside the log is clamped to its
    /// start or end, and a timestamp newer than every record means the log end.
    public static func plan(_ target: OffsetResetTarget, partitions: [TopicPartition: PartitionOffsets]) throws(OffsetResetError)
        -> [(TopicPartition, Int64)]
    {
        var result: [(TopicPartition, Int64)] = []
        for tp in partitions.keys.sorted() {
            let p = partitions[tp]!
            let wanted: Int64
            switch target {
            case .earliest: wanted = p.earliest
            case .latest: wanted = p.latest
            case let .offset(n): wanted = n
            case let .shift(n):
                guard let committed = p.committed, committed >= 0 else { throw .noCommittedOffset(tp) }
                wanted = committed + n
            case .timestamp: wanted = p.atTimestamp ?? p.latest
            }
            result.append((tp, min(max(wanted, p.earliest), p.latest)))
        }
        return result
    }

    /// Kafka's reset table: GROUP TOPIC PARTITION NEW-OFFSET (fixed widths 30/30/10), after a blank line.
    public static func render(group: String, plan: [(TopicPartition, Int64)]) -> String {
        let table = TextTable(
            columns: [.init("GROUP", width: 30, grows: true), .init("TOPIC", width: 30, grows: true), .init("PARTITION", width: 10), .init("NEW-OFFSET", width: 0)],
            rows: plan.map { [group, $0.0.topic, String($0.0.partition), String($0.1)] })
        return "\n" + table.render()
    }

    public static func json(group: String, plan: [(TopicPartition, Int64)]) -> JSON {
        .array(plan.map { .object([("group", .string(group)), ("topic", .string($0.0.topic)), ("partition", .int(Int64($0.0.partition))), ("new_offset", .int($0.1))]) })
    }

    /// Parses `--to-datetime`: ISO 8601 as Kafka's tool accepts it, `YYYY-MM-DDTHH:mm:SS.sss` with an optional
    /// zone (`Z`, `+hh:mm`, `-hhmm`); without a zone the time is UTC here, as documented in docs/cli.md.
    public static func parseDateTime(_ text: String) -> Int64? {
        let chars = Array(text)
        var i = 0
        func number(_ digits: Int) -> Int64? {
            guard i + digits <= chars.count else { return nil }
            var n: Int64 = 0
            for c in chars[i..<(i + digits)] {
                guard let d = c.wholeNumberValue, c.isASCII else { return nil }
                n = n * 10 + Int64(d)
            }
            i += digits
            return n
        }
        func expect(_ c: Character) -> Bool {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("T"), let hour = number(2), expect(":"), let minute = number(2)
        else { return nil }
        var second: Int64 = 0
        var millis: Int64 = 0
        if expect(":") {
            guard let s = number(2) else { return nil }
            second = s
            if expect(".") {
                let start = i
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                let fraction = String(chars[start..<i]) + "000"
                guard i > start, let ms = Int64(fraction.prefix(3)) else { return nil }
                millis = ms
            }
        }
        var offsetMinutes: Int64 = 0
        if i < chars.count {
            if expect("Z") {
            } else if chars[i] == "+" || chars[i] == "-" {
                let sign: Int64 = chars[i] == "-" ? -1 : 1
                i += 1
                guard let h = number(2) else { return nil }
                _ = expect(":")
                guard let m = number(2) else { return nil }
                offsetMinutes = sign * (h * 60 + m)
            } else {
                return nil
            }
        }
        guard i == chars.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return ((days * 86_400 + hour * 3_600 + minute * 60 + second) - offsetMinutes * 60) * 1_000 + millis
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's civil-date algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
