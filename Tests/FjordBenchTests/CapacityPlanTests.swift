import Testing

@testable import FjordBench

@Suite struct CapacityPlanTests {
    @Test func partitionsFollowThroughputOverPerConsumer() {
        // 8,640,000 orders/day × 5 events = 500 records/s; 120 per consumer → ceil(4.17) = 5.
        let plan = CapacityPlan(ordersPerDay: 8_640_000, eventsPerOrder: 5, perConsumer: 120)
        #expect(plan.throughput == 500)
        #expect(plan.consumersForLoad == 5)
        #expect(plan.replicas == 5)
        #expect(plan.partitions == 5)
    }

    @Test func replicasRaiseThePartitionCountWhenLoadIsLight() {
        let plan = CapacityPlan(ordersPerDay: 86_400, perConsumer: 10_000, minReplicas: 3)
        #expect(plan.consumersForLoad == 1)
        #expect(plan.replicas == 3)
        #expect(plan.partitions == 3)
    }

    @Test func peakFactorScalesTheRate() {
        let plan = CapacityPlan(ordersPerDay: 864_000, eventsPerOrder: 1, peakFactor: 4, perConsumer: 15)
        #expect(plan.throughput == 40)
        #expect(plan.partitions == 3)
    }

    @Test func explanationShowsTheSubstitutedFigures() {
        let plan = CapacityPlan(ordersPerDay: 8_640_000, eventsPerOrder: 5, perConsumer: 120, minReplicas: 2)
        let text = plan.explanation.joined(separator: "\n")
        #expect(text.contains("8640000 orders/day × 5 events/order"))
        #expect(text.contains("= 500.0 records/s"))
        #expect(text.contains("max(5, 5) = 5"))
    }

    @Test func unmeasuredThroughputStillRecommendsOneConsumer() {
        #expect(CapacityPlan(ordersPerDay: 1000, perConsumer: 0).partitions == 1)
    }
}
