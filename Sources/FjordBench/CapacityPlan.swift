/// The partition and consumer arithmetic of `fjord bench plan`, kept free of I/O so it can be
/// tested and so the printed explanation is exactly what was computed.
///
/// The rule: a topic needs enough consumers to keep up at peak, and at least as many partitions as
/// consumers (a partition is read by one member of a group), so
/// partitions = max(ceil(throughput / per-consumer throughput), replicas).
public struct CapacityPlan: Sendable, Equatable {
    public var ordersPerDay: Double
    public var eventsPerOrder: Double
    /// Peak rate over the daily average (traffic is never flat).
    public var peakFactor: Double
    /// Records/s one consumer sustains, measured by `bench consume`.
    public var perConsumer: Double
    /// Consumer replicas wanted for availability, whatever the load.
    public var minReplicas: Int

    public init(ordersPerDay: Double, eventsPerOrder: Double = 1, peakFactor: Double = 1, perConsumer: Double, minReplicas: Int = 1) {
        self.ordersPerDay = ordersPerDay
        self.eventsPerOrder = eventsPerOrder
        self.peakFactor = peakFactor
        self.perConsumer = perConsumer
        self.minReplicas = minReplicas
    }

    /// Records per second at peak.
    public var throughput: Double { ordersPerDay * eventsPerOrder / 86_400 * peakFactor }

    /// Consumers needed for the load alone; at least one.
    public var consumersForLoad: Int {
        guard perConsumer > 0 else { return 1 }
        return max(1, Int((throughput / perConsumer).rounded(.up)))
    }

    public var replicas: Int { max(consumersForLoad, minReplicas) }

    public var partitions: Int { max(consumersForLoad, replicas) }

    /// The arithmetic, line by line, with the figures substituted.
    public var explanation: [String] {
        [
            "throughput   = \(fmt(ordersPerDay)) orders/day × \(fmt(eventsPerOrder)) events/order ÷ 86,400 s × \(fmt(peakFactor)) peak = \(fixed(throughput, 1)) records/s",
            "per consumer = \(fixed(perConsumer, 0)) records/s (measured)",
            "consumers    = max(ceil(\(fixed(throughput, 1)) ÷ \(fixed(perConsumer, 0))), \(minReplicas) min replicas) = max(\(consumersForLoad), \(minReplicas)) = \(replicas)",
            "partitions   = max(ceil(throughput ÷ per consumer), replicas) = max(\(consumersForLoad), \(replicas)) = \(partitions)",
        ]
    }

    private func fmt(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : fixed(value, 2)
    }
}
