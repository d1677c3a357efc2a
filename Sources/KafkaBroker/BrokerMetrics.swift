import Metrics
import NIOConcurrencyHelpers
import Prometheus

/// The instruments the request path updates, and the registry `/metrics` renders.
///
/// They are swift-metrics handles made by a `PrometheusMetricsFactory` bound to this broker's own
/// registry instead of the process-wide `MetricsSystem`: several brokers in one process (tests)
/// then each report only their own numbers, and nothing bootstraps the global system, which traps
/// when bootstrapped twice. Everything a scrape can compute from state (lag, offsets, sizes) is not
/// here but in `ScrapeSeries`, rebuilt on each scrape.
///
/// Nothing on the hot path allocates: per-API instruments exist from start-up, per-topic counters are
/// made on a topic's first record and then found by a dictionary lookup under a lock.
final class BrokerMetrics: Sendable {
    static let requestDurationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
        .seconds(5), .seconds(10),
    ]

    /// Bytes and records through one topic, both ways.
    final class TopicCounters: Sendable {
        let bytesIn: Metrics.Counter
        let recordsIn: Metrics.Counter
        let bytesOut: Metrics.Counter
        let recordsOut: Metrics.Counter

        init(topic: String, factory: PrometheusMetricsFactory) {
            let dimensions = [("topic", topic)]
            bytesIn = Metrics.Counter(label: "fjord_topic_bytes_in_total", dimensions: dimensions, factory: factory)
            recordsIn = Metrics.Counter(label: "fjord_topic_records_in_total", dimensions: dimensions, factory: factory)
            bytesOut = Metrics.Counter(label: "fjord_topic_bytes_out_total", dimensions: dimensions, factory: factory)
            recordsOut = Metrics.Counter(label: "fjord_topic_records_out_total", dimensions: dimensions, factory: factory)
        }

        fileprivate func destroy() {
            bytesIn.destroy()
            recordsIn.destroy()
            bytesOut.destroy()
            recordsOut.destroy()
        }
    }

    private struct RequestInstruments: Sendable {
        let count: Metrics.Counter
        let duration: Metrics.Timer
    }

    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let requests: [Int16: RequestInstruments]
    private let connections: Meter
    private let topics = NIOLockedValueBox([String: TopicCounters]())
    /// Produce v0–2 message sets converted to v2 batches on append.
    let upConversions: ConversionCounters
    /// v2 batches converted to message sets for Fetch v0–3.
    let downConversions: ConversionCounters

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["fjord_request_duration_seconds"] = Self.requestDurationBuckets
        self.factory = factory
        var requests: [Int16: RequestInstruments] = [:]
        for api in SupportedAPIs.all {
            let dimensions = [("api", api.key.name)]
            requests[api.key.rawValue] = RequestInstruments(
                count: Metrics.Counter(label: "fjord_requests_total", dimensions: dimensions, factory: factory),
                duration: Metrics.Timer(label: "fjord_request_duration_seconds", dimensions: dimensions, factory: factory))
        }
        self.requests = requests
        connections = Meter(label: "fjord_connections", factory: factory)
        connections.set(0)
        upConversions = ConversionCounters(prefix: "fjord_produce_up", factory: factory)
        downConversions = ConversionCounters(prefix: "fjord_fetch_down", factory: factory)
    }

    // MARK: Requests and connections

    /// A request of `apiKey` was answered (or found to need no answer) `nanoseconds` after its frame
    /// arrived. Keys the broker does not serve never get here: their connection is closed.
    func requestCompleted(apiKey: Int16, nanoseconds: Int64) {
        guard let instruments = requests[apiKey] else { return }
        instruments.count.increment()
        instruments.duration.recordNanoseconds(nanoseconds)
    }

    func connectionOpened() { connections.increment() }
    func connectionClosed() { connections.decrement() }

    // MARK: Topics

    /// The counters of `topic`, made on first use.
    func topic(_ topic: String) -> TopicCounters {
        topics.withLockedValue { cache in
            if let counters = cache[topic] { return counters }
            let counters = TopicCounters(topic: topic, factory: factory)
            cache[topic] = counters
            return counters
        }
    }

    /// Unregisters the counters of topics that no longer exist, so a deleted topic's series leave
    /// `/metrics`; a topic created again under the name starts from zero, which Prometheus reads as a
    /// counter reset. `exists` is asked at this moment, not from an older listing, so a topic created
    /// while a scrape runs keeps its first counts.
    func forgetDeletedTopics(exists: (String) -> Bool) {
        let gone = topics.withLockedValue { Array($0.keys) }.filter { !exists($0) }
        guard !gone.isEmpty else { return }
        let removed = topics.withLockedValue { cache in gone.compactMap { cache.removeValue(forKey: $0) } }
        for counters in removed { counters.destroy() }
    }
}
