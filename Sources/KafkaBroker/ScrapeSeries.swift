import KafkaCoordinator
import KafkaModel
import Prometheus

/// One partition's offsets and size as storage keeps them in memory.
struct PartitionSnapshot: Sendable, Equatable {
    var topic: String
    var partition: Int32
    var logStartOffset: Int64
    var logEndOffset: Int64
    var sizeInBytes: Int64
}

/// Consumer-lag arithmetic shared by the metrics and their tests.
enum ConsumerLag {
    /// How many consumers a group needs on a topic to keep each one under `threshold` records of lag:
    /// ⌈lagSum / threshold⌉, but never more than the topic has partitions, since a consumer without
    /// a partition is idle. KEDA's Kafka scaler makes the same choice (without `allowIdleConsumers`).
    /// No lag gives 0: the autoscaler's own minimum decides whether that means scale to zero.
    static func recommendedConsumers(lagSum: Int64, partitions: Int, threshold: Int64) -> Int {
        guard lagSum > 0, partitions > 0 else { return 0 }
        let perConsumer = max(1, threshold)
        // Written without `lagSum + perConsumer - 1`, which could overflow near Int64.max.
        let needed = lagSum / perConsumer + (lagSum % perConsumer == 0 ? 0 : 1)
        return needed >= Int64(partitions) ? partitions : Int(needed)
    }

    /// Records the group has yet to read: negative only if the log was truncated or recreated under
    /// the commit, which is shown as 0 so it cannot cancel real lag in a sum.
    static func lag(committed: Int64, logEndOffset: Int64) -> Int64 {
        max(0, logEndOffset - committed)
    }
}

/// The series a scrape computes from current state rather than accumulates: consumer lag under
/// kafka_exporter's names (so its dashboards and alerts work unchanged), offsets, partition counts
/// and log sizes.
///
/// They go into a registry made for the one scrape, never into the broker's long-lived one: a deleted
/// group, topic or partition then simply has no series in the next scrape, with no stale gauges to
/// find and unregister.
enum ScrapeSeries {
    static func render(
        partitions: [PartitionSnapshot], groups: [GroupOffsetsSnapshot], lagThresholdPerConsumer: Int64,
        offline: [TopicPartition] = [], partitionLimit: Int? = nil, into registry: PrometheusCollectorRegistry
    ) {
        renderTopics(partitions, into: registry)
        renderHealth(offline: offline, partitionLimit: partitionLimit, into: registry)
        var partitionsByTopic: [String: Int] = [:]
        var logEnds: [TopicPartition: Int64] = [:]
        logEnds.reserveCapacity(partitions.count)
        for partition in partitions {
            partitionsByTopic[partition.topic, default: 0] += 1
            logEnds[TopicPartition(topic: partition.topic, partition: partition.partition)] = partition.logEndOffset
        }
        for group in groups {
            let label = ("consumergroup", group.groupID)
            for name in ["fjord_consumergroup_members", "kafka_consumergroup_members"] {
                registry.makeGauge(descriptor: Help.descriptor(name, Help.members), labels: [label]).set(Int64(group.memberCount))
            }
            var lagSums: [String: Int64] = [:]
            for (topicPartition, committed) in group.offsets.sorted(by: { $0.key < $1.key }) {
                // Offsets of a deleted topic stay in the group until they expire; there is no lag to show.
                guard let logEnd = logEnds[topicPartition] else { continue }
                let labels = [label, ("topic", topicPartition.topic), ("partition", String(topicPartition.partition))]
                let lag = ConsumerLag.lag(committed: committed, logEndOffset: logEnd)
                registry.makeGauge(descriptor: Help.descriptor("kafka_consumergroup_current_offset", Help.currentOffset), labels: labels)
                    .set(committed)
                registry.makeGauge(descriptor: Help.descriptor("kafka_consumergroup_lag", Help.lag), labels: labels).set(lag)
                lagSums[topicPartition.topic, default: 0] += lag
            }
            for (topic, lagSum) in lagSums {
                let labels = [label, ("topic", topic)]
                registry.makeGauge(descriptor: Help.descriptor("kafka_consumergroup_lag_sum", Help.lagSum), labels: labels).set(lagSum)
                let recommended = ConsumerLag.recommendedConsumers(
                    lagSum: lagSum, partitions: partitionsByTopic[topic] ?? 0, threshold: lagThresholdPerConsumer)
                registry.makeGauge(descriptor: Help.descriptor("fjord_consumergroup_recommended_consumers", Help.recommended), labels: labels)
                    .set(Int64(recommended))
            }
        }
    }

    private static func renderTopics(_ partitions: [PartitionSnapshot], into registry: PrometheusCollectorRegistry) {
        registry.makeGauge(descriptor: Help.descriptor("fjord_partitions", Help.partitions)).set(Int64(partitions.count))
        var counts: [String: Int] = [:]
        for partition in partitions {
            counts[partition.topic, default: 0] += 1
            let labels = [("topic", partition.topic), ("partition", String(partition.partition))]
            registry.makeGauge(descriptor: Help.descriptor("kafka_topic_partition_current_offset", Help.logEnd), labels: labels)
                .set(partition.logEndOffset)
            registry.makeGauge(descriptor: Help.descriptor("kafka_topic_partition_oldest_offset", Help.logStart), labels: labels)
                .set(partition.logStartOffset)
            registry.makeGauge(descriptor: Help.descriptor("fjord_log_size_bytes", Help.logSize), labels: labels).set(partition.sizeInBytes)
        }
        for (topic, count) in counts {
            registry.makeGauge(descriptor: Help.descriptor("kafka_topic_partitions", Help.topicPartitions), labels: [("topic", topic)])
                .set(Int64(count))
        }
    }

    /// Offline partitions under Kafka's name for their count (`OfflinePartitionsCount`), one series
    /// per offline partition to find it, and the partition budget beside `fjord_partitions`.
    private static func renderHealth(offline: [TopicPartition], partitionLimit: Int?, into registry: PrometheusCollectorRegistry) {
        registry.makeGauge(descriptor: Help.descriptor("fjord_offline_partitions", Help.offlineCount)).set(Int64(offline.count))
        for tp in offline {
            let labels = [("topic", tp.topic), ("partition", String(tp.partition))]
            registry.makeGauge(descriptor: Help.descriptor("fjord_partition_offline", Help.offline), labels: labels).set(Int64(1))
        }
        if let partitionLimit {
            registry.makeGauge(descriptor: Help.descriptor("fjord_partitions_max", Help.partitionLimit)).set(Int64(partitionLimit))
        }
    }

    private enum Help {
        /// Names here are complete already, so no namespace or unit is appended.
        static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
        }

        static let members = "Members of the consumer group."
        static let currentOffset = "Offset the consumer group has committed for the partition."
        static let lag = "Log end offset minus the group's committed offset (0 if the commit is past the end)."
        static let lagSum = "Lag of the consumer group summed over the topic's partitions it has committed."
        static let recommended =
            "Consumers the group needs on the topic: min(partitions, ceil(lag_sum / lag threshold per consumer))."
        static let partitions = "Partitions hosted by the broker, internal topics included."
        static let logEnd = "Log end offset of the partition (the next offset to be written)."
        static let logStart = "Log start offset of the partition (the oldest offset still readable)."
        static let logSize = "Bytes of the partition's segment files."
        static let topicPartitions = "Partitions of the topic."
        static let offlineCount = "Partitions whose log could not be opened at start-up; they answer KAFKA_STORAGE_ERROR."
        static let offline = "1 for a partition whose log could not be opened at start-up (the broker log says why)."
        static let partitionLimit = "Partitions the broker may hold (--max-partitions); creations beyond it are refused."
    }
}
