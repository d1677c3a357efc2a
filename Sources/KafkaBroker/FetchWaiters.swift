import KafkaModel
import NIOConcurrencyHelpers
import NIOCore

/// Fetches parked on MaxWaitMs/MinBytes, woken by appends rather than by polling timers.
///
/// An append reports how many bytes it added to a partition; each parked fetch on that partition is told
/// on its own event loop and decides there whether it now has MinBytes.
final class FetchWaiters: Sendable {
    typealias Wakeup = @Sendable (_ bytes: Int) -> Void

    private struct Waiter {
        var eventLoop: any EventLoop
        var partitions: [TopicPartition]
        var wakeup: Wakeup
    }

    private struct State {
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var byPartition: [TopicPartition: Set<UInt64>] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func register(partitions: [TopicPartition], eventLoop: any EventLoop, wakeup: @escaping Wakeup) -> UInt64 {
        state.withLockedValue { state in
            let id = state.nextID
            state.nextID += 1
            state.waiters[id] = Waiter(eventLoop: eventLoop, partitions: partitions, wakeup: wakeup)
            for partition in partitions { state.byPartition[partition, default: []].insert(id) }
            return id
        }
    }

    func remove(_ id: UInt64) {
        state.withLockedValue { state in
            guard let waiter = state.waiters.removeValue(forKey: id) else { return }
            for partition in waiter.partitions {
                state.byPartition[partition]?.remove(id)
                if state.byPartition[partition]?.isEmpty == true { state.byPartition[partition] = nil }
            }
        }
    }

    func appended(_ partition: TopicPartition, bytes: Int) {
        let woken: [Waiter] = state.withLockedValue { state in
            guard let ids = state.byPartition[partition] else { return [] }
            return ids.compactMap { state.waiters[$0] }
        }
        for waiter in woken {
            let wakeup = waiter.wakeup
            waiter.eventLoop.execute { wakeup(bytes) }
        }
    }
}
