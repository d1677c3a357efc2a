#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A record to produce, in plain bytes so callers need not import NIO.
public struct ProducerRecord: Sendable, Equatable {
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [Header]
    /// Milliseconds since the epoch; nil stamps the time of `produce`.
    public var timestamp: Int64?

    public struct Header: Sendable, Equatable {
        public var key: String
        public var value: [UInt8]?
        public init(key: String, value: [UInt8]?) {
            self.key = key
            self.value = value
        }
    }

    public init(key: [UInt8]? = nil, value: [UInt8]?, headers: [Header] = [], timestamp: Int64? = nil) {
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// An upper bound of the record's encoded size in a v2 batch (at most 21 bytes of varints and
    /// attributes, plus the fields), so a record over max.message.bytes is refused before sending.
    public var estimatedSizeInBytes: Int {
        var size = 21 + (key?.count ?? 0) + (value?.count ?? 0)
        for header in headers { size += 10 + header.key.utf8.count + (header.value?.count ?? 0) }
        return size
    }
}

/// A fetched record with its position.
public struct ConsumerRecord: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestamp: Int64
    public var key: [UInt8]?
    public var value: [UInt8]?
    public var headers: [ProducerRecord.Header]

    public init(topic: String, partition: Int32, offset: Int64, timestamp: Int64, key: [UInt8]?, value: [UInt8]?, headers: [ProducerRecord.Header]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Produce acknowledgement levels (Kafka's `acks`).
public enum Acks: Int16, Sendable {
    /// No response at all; the broker closes the connection on error.
    case none = 0
    case leader = 1
    case all = -1
}

/// Where to start reading when there is no committed offset, or what ListOffsets asks for.
public enum OffsetSpec: Sendable, Equatable {
    case earliest
    case latest
    /// The first offset whose timestamp is at or after this many milliseconds since the epoch.
    case timestamp(Int64)

    /// ListOffsets' encoding: -2 earliest, -1 latest, otherwise a timestamp.
    var wireTimestamp: Int64 {
        switch self {
        case .earliest: -2
        case .latest: -1
        case let .timestamp(ms): ms
        }
    }
}

/// What one Fetch of one partition returned.
public struct FetchResult: Sendable {
    public var records: [ConsumerRecord]
    public var highWatermark: Int64
    public var logStartOffset: Int64
    /// Where the next fetch should start: after the last record returned (or after skipped control
    /// batches), or the requested offset when nothing came back.
    public var nextOffset: Int64
}

/// Wall-clock milliseconds since the epoch, for record timestamps (`ContinuousClock` has no epoch).
func currentTimeMillis() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
}
