import KafkaCoordinator
import KafkaModel
import NIOCore
import Prometheus

extension Broker {
    /// The whole `/metrics` page: the long-lived instruments followed by the series computed now.
    ///
    /// Committed offsets are read on the coordinator's loop, in order with commits; the partition
    /// logs are read and the page rendered on the I/O pool, because a log's offsets sit behind the lock
    /// its appends hold while writing, and a page for thousands of partitions is real work.
    func scrapeMetrics(on eventLoop: any EventLoop) -> EventLoopFuture<ByteBuffer> {
        let logManager = self.logManager
        let metrics = self.metrics
        let threshold = config.lagThresholdPerConsumer
        let allocator = ByteBufferAllocator()
        return groups.query(on: eventLoop) { $0.allCommittedOffsets() }.flatMap { groups in
            self.onIOThread(eventLoop) {
                var partitions: [PartitionSnapshot] = []
                for topic in logManager.allTopics() {
                    for index in 0..<topic.partitionCount {
                        guard let log = logManager.partitionLog(TopicPartition(topic: topic.name, partition: index)) else { continue }
                        partitions.append(PartitionSnapshot(
                            topic: topic.name, partition: index, logStartOffset: log.logStartOffset,
                            logEndOffset: log.logEndOffset, sizeInBytes: log.sizeInBytes))
                    }
                }
                metrics.forgetDeletedTopics { logManager.topic(named: $0) != nil }
                let scrape = PrometheusCollectorRegistry()
                ScrapeSeries.render(
                    partitions: partitions, groups: groups, lagThresholdPerConsumer: threshold,
                    offline: logManager.offlinePartitions.keys.sorted(), partitionLimit: logManager.maxPartitions, into: scrape)
                var page: [UInt8] = []
                page.reserveCapacity(16_384)
                metrics.registry.emit(into: &page)
                scrape.emit(into: &page)
                return allocator.buffer(bytes: page)
            }
        }
    }

    /// Whether the broker can serve everything: false while `__consumer_offsets` is still replaying.
    func isReady(on eventLoop: any EventLoop) -> EventLoopFuture<Bool> {
        groups.query(on: eventLoop) { $0.isLoaded }
    }
}
