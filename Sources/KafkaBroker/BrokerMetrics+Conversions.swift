import KafkaRecords
import Metrics
import Prometheus

extension BrokerMetrics {
    /// Message format conversions, one direction (docs/message-format.md; Kafka counts the same work as
    /// `ProduceMessageConversionsPerSec` and `FetchMessageConversionsPerSec`). The old formats are rare and
    /// cost CPU that v2 clients never cause, so an operator wants to see how much and which format:
    /// one instrument set per source or target magic (0 and 1), made at start-up.
    final class ConversionCounters: Sendable {
        private let byMagic: [Counters]

        private struct Counters: Sendable {
            let conversions: Metrics.Counter
            let records: Metrics.Counter
            let bytes: Metrics.Counter
        }

        /// `prefix` is `fjord_produce_up` or `fjord_fetch_down`.
        init(prefix: String, factory: PrometheusMetricsFactory) {
            byMagic = (0...1).map { magic in
                let dimensions = [("magic", "\(magic)")]
                return Counters(
                    conversions: Metrics.Counter(label: "\(prefix)_conversions_total", dimensions: dimensions, factory: factory),
                    records: Metrics.Counter(label: "\(prefix)_converted_records_total", dimensions: dimensions, factory: factory),
                    bytes: Metrics.Counter(label: "\(prefix)_converted_bytes_total", dimensions: dimensions, factory: factory))
            }
        }

        /// One partition's records converted from or to `magic`; `legacyBytes` is the size of the message
        /// set in the old format (received by Produce, sent by Fetch).
        func converted(magic: Int8, records: Int, legacyBytes: Int) {
            guard magic == 0 || magic == 1 else { return }
            let counters = byMagic[Int(magic)]
            counters.conversions.increment()
            counters.records.increment(by: records)
            counters.bytes.increment(by: legacyBytes)
        }
    }
}
