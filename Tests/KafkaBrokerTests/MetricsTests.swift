import KafkaCoordinator
import KafkaModel
import Prometheus
import Testing

@testable import KafkaBroker

@Suite struct RecommendedConsumersTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var lagSum: Int64
        var partitions: Int
        var threshold: Int64
        var expected: Int
        var testDescription: String { "lag \(lagSum), \(partitions) partitions, threshold \(threshold) → \(expected)" }
    }

    static let cases: [Case] = [
        Case(lagSum: 0, partitions: 3, threshold: 1000, expected: 0),
        Case(lagSum: 5, partitions: 3, threshold: 1000, expected: 1),
        Case(lagSum: 1000, partitions: 3, threshold: 1000, expected: 1),
        Case(lagSum: 1001, partitions: 3, threshold: 1000, expected: 2),
        Case(lagSum: 2500, partitions: 6, threshold: 1000, expected: 3),
        Case(lagSum: 10_000, partitions: 3, threshold: 1000, expected: 3),
        Case(lagSum: 5, partitions: 0, threshold: 1000, expected: 0),
        // A threshold below 1 is read as 1 rather than dividing by zero.
        Case(lagSum: 7, partitions: 10, threshold: 0, expected: 7),
        // No overflow at the top of the range.
        Case(lagSum: Int64.max, partitions: 8, threshold: 1, expected: 8),
        Case(lagSum: Int64.max, partitions: Int.max, threshold: 3, expected: Int(Int64.max / 3 + 1)),
    ]

    @Test(arguments: cases)
    func isCeilingOfLagOverThresholdCappedByPartitions(_ example: Case) {
        #expect(
            ConsumerLag.recommendedConsumers(lagSum: example.lagSum, partitions: example.partitions, threshold: example.threshold)
                == example.expected)
    }

    @Test func lagIsNeverNegative() {
        #expect(ConsumerLag.lag(committed: 1000, logEndOffset: 1005) == 5)
        #expect(ConsumerLag.lag(committed: 1005, logEndOffset: 1005) == 0)
        #expect(ConsumerLag.lag(committed: 2000, logEndOffset: 1005) == 0)
    }
}

@Suite struct ScrapeSeriesTests {
    private func lines(_ registry: PrometheusCollectorRegistry) -> Set<Substring> {
        Set(registry.emitToString().split(separator: "\n"))
    }

    @Test func rendersLagUnderKafkaExporterNames() {
        let registry = PrometheusCollectorRegistry()
        let partitions = [
            PartitionSnapshot(topic: "orders", partition: 0, logStartOffset: 0, logEndOffset: 1005, sizeInBytes: 70_000),
            PartitionSnapshot(topic: "orders", partition: 1, logStartOffset: 10, logEndOffset: 400, sizeInBytes: 30_000),
        ]
        let groups = [
            GroupOffsetsSnapshot(
                groupID: "billing", memberCount: 2,
                offsets: [
                    TopicPartition(topic: "orders", partition: 0): 1000,
                    TopicPartition(topic: "orders", partition: 1): 398,
                    // A deleted topic's offsets linger in the group until they expire; no series for them.
                    TopicPartition(topic: "gone", partition: 0): 7,
                ])
        ]
        ScrapeSeries.render(partitions: partitions, groups: groups, lagThresholdPerConsumer: 5, into: registry)
        let page = lines(registry)
        let expected: [Substring] = [
            "# TYPE kafka_consumergroup_lag gauge",
            "# HELP kafka_consumergroup_lag Log end offset minus the group's committed offset (0 if the commit is past the end).",
            #"kafka_consumergroup_lag{consumergroup="billing",topic="orders",partition="0"} 5.0"#,
            #"kafka_consumergroup_lag{consumergroup="billing",topic="orders",partition="1"} 2.0"#,
            #"kafka_consumergroup_current_offset{consumergroup="billing",topic="orders",partition="0"} 1000.0"#,
            #"kafka_consumergroup_lag_sum{consumergroup="billing",topic="orders"} 7.0"#,
            #"fjord_consumergroup_recommended_consumers{consumergroup="billing",topic="orders"} 2.0"#,
            #"fjord_consumergroup_members{consumergroup="billing"} 2.0"#,
            #"kafka_consumergroup_members{consumergroup="billing"} 2.0"#,
            #"kafka_topic_partition_current_offset{topic="orders",partition="1"} 400.0"#,
            #"kafka_topic_partition_oldest_offset{topic="orders",partition="1"} 10.0"#,
            #"kafka_topic_partitions{topic="orders"} 2.0"#,
            #"fjord_log_size_bytes{topic="orders",partition="0"} 70000.0"#,
            "fjord_partitions 2.0",
        ]
        for line in expected { #expect(page.contains(line), "missing: \(line)") }
        #expect(!page.contains { $0.contains(#"topic="gone""#) })
    }

    @Test func aScrapeWithoutGroupsHasNoLagSeries() {
        let registry = PrometheusCollectorRegistry()
        ScrapeSeries.render(partitions: [], groups: [], lagThresholdPerConsumer: 1000, into: registry)
        #expect(!registry.emitToString().contains("consumergroup"))
        #expect(registry.emitToString().contains("\nfjord_partitions 0.0\n"))
    }

    @Test func offlinePartitionsAndThePartitionBudgetAreShown() {
        let registry = PrometheusCollectorRegistry()
        ScrapeSeries.render(
            partitions: [], groups: [], lagThresholdPerConsumer: 1000,
            offline: [TopicPartition(topic: "orders", partition: 1)], partitionLimit: 3248, into: registry)
        let page = Set(registry.emitToString().split(separator: "\n"))
        for line: Substring in [
            "fjord_offline_partitions 1.0", #"fjord_partition_offline{topic="orders",partition="1"} 1.0"#, "fjord_partitions_max 3248.0",
        ] {
            #expect(page.contains(line), "missing: \(line)")
        }
    }
}

@Suite struct BrokerMetricsTests {
    @Test func countsTrafficPerTopicAndRequestsPerAPI() {
        let metrics = BrokerMetrics()
        let orders = metrics.topic("orders")
        orders.bytesIn.increment(by: 120)
        orders.recordsIn.increment(by: 3)
        #expect(metrics.topic("orders") === orders, "counters are made once per topic")
        metrics.requestCompleted(apiKey: 0, nanoseconds: 1_500_000)
        metrics.requestCompleted(apiKey: 9999, nanoseconds: 1)
        metrics.connectionOpened()
        let page = Set(metrics.registry.emitToString().split(separator: "\n"))
        for line: Substring in [
            #"fjord_topic_bytes_in_total{topic="orders"} 120"#,
            #"fjord_topic_records_in_total{topic="orders"} 3"#,
            #"fjord_topic_records_out_total{topic="orders"} 0"#,
            #"fjord_requests_total{api="Produce"} 1"#,
            #"fjord_requests_total{api="Fetch"} 0"#,
            #"fjord_request_duration_seconds_bucket{api="Produce",le="0.001"} 0"#,
            #"fjord_request_duration_seconds_bucket{api="Produce",le="0.002"} 1"#,
            #"fjord_request_duration_seconds_count{api="Produce"} 1"#,
            "fjord_connections 1.0",
        ] {
            #expect(page.contains(line), "missing: \(line)")
        }
    }

    @Test func deletedTopicsLeaveThePage() {
        let metrics = BrokerMetrics()
        metrics.topic("kept").recordsIn.increment(by: 1)
        metrics.topic("deleted").recordsIn.increment(by: 1)
        metrics.forgetDeletedTopics { $0 == "kept" }
        let page = metrics.registry.emitToString()
        #expect(page.contains(#"topic="kept""#))
        #expect(!page.contains(#"topic="deleted""#))
    }
}
