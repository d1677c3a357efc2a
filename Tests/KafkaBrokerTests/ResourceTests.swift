import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import KafkaBroker

/// Captures log lines, for checking what a failure logs.
final class CapturedLog: @unchecked Sendable {
    let lines = NIOLockedValueBox([(level: Logger.Level, message: String, metadata: Logger.Metadata)]())

    var logger: Logger {
        Logger(label: "test") { _ in Handler(log: self) }
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.lines.withLockedValue { $0.append((event.level, "\(event.message)", event.metadata ?? [:])) }
        }
    }
}

@Suite struct FailureLogTests {
    @Test func aRepeatingFailureIsLoggedOncePerIntervalWithTheCountHeldBack() {
        let captured = CapturedLog()
        let clock = NIOLockedValueBox(NIODeadline.uptimeNanoseconds(1_000_000_000))
        let failures = FailureLog(logger: captured.logger, interval: .seconds(10), now: { clock.withLockedValue { $0 } })
        for _ in 0..<1000 { failures.error("append failed", kind: "append orders-0", metadata: ["error": "ENOSPC"]) }
        failures.error("append failed", kind: "append orders-1")
        #expect(captured.lines.withLockedValue { $0.count } == 2)
        clock.withLockedValue { $0 = $0 + .seconds(10) }
        failures.error("append failed", kind: "append orders-0")
        let lines = captured.lines.withLockedValue { $0 }
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.level == .error })
        #expect(lines[2].metadata["suppressed_since_last"] == "999")
    }
}

@Suite struct ResourceLimitsTests {
    private func limits(descriptors: UInt64, memory: UInt64 = 1 << 40) -> ResourceLimits {
        ResourceLimits(descriptorSoftLimitAtStart: descriptors, descriptorHardLimit: descriptors, descriptorLimit: descriptors, memoryBytes: memory)
    }

    @Test func theBudgetLeavesDescriptorsForConnectionsAndTheBrokerItself() {
        // 20,000 descriptors, 10,000 connections allowed, of which a quarter of the limit is kept
        // for: (20,000 − 256 − 5,000) / 3.
        #expect(limits(descriptors: 20_000).partitionBudget(maxConnections: 10_000) == 4_914)
        #expect(limits(descriptors: 20_000).partitionBudget(maxConnections: 1_000) == 6_248)
        // A small limit gives connections at most a quarter of it and keeps back an eighth:
        // (1,024 − 256 − 128) / 3, and at 256 still room for __consumer_offsets' 50.
        #expect(limits(descriptors: 1_024).partitionBudget(maxConnections: 10_000) == 213)
        #expect(limits(descriptors: 256).partitionBudget(maxConnections: 10_000) == 53)
        #expect(limits(descriptors: 0).partitionBudget(maxConnections: 10_000) == 0)
    }

    @Test func memoryCapsTheBudgetWhenDescriptorsArePlentiful() {
        #expect(limits(descriptors: 1 << 20, memory: 8 << 30).partitionBudget(maxConnections: 10_000) == 4_096)
    }

    @Test func startUpRaisesTheSoftDescriptorLimitToTheHardOne() {
        let found = ResourceLimits.current()
        #expect(found.descriptorLimit == found.descriptorHardLimit)
        #expect(found.descriptorSoftLimitAtStart <= found.descriptorLimit)
    }
}
