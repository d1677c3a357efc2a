import Benchmark
import KafkaCoordinator
import KafkaModel

// A heartbeat storm: every member of a large Stable group heartbeats once per iteration. Heartbeats are
// the coordinator's most frequent event (every consumer, every 3 s by default), so they must stay a
// constant-time, allocation-free step whatever the group size.

private let memberCount = 100

/// Drives a fresh coordinator until one group of `memberCount` members is Stable; returns it with
/// the generation and member IDs the heartbeats will carry.
private func stableGroup() -> (GroupCoordinator, generation: Int32, members: [String]) {
    var coordinator = GroupCoordinator()
    var now: Int64 = 1_000
    var request: UInt64 = 0
    var timers: [CoordinatorTimer: Int64] = [:]
    var joined: [String] = []
    var generation: Int32 = -1

    func run(_ actions: [CoordinatorAction]) {
        for action in actions {
            switch action {
            case .respond(_, .joinGroup(let result)):
                if result.error == .none {
                    generation = result.generationID
                    if !joined.contains(result.memberID) { joined.append(result.memberID) }
                }
            case .respond: break
            case .scheduleTimer(let timer, let deadline): timers[timer] = deadline
            case .cancelTimer(let timer): timers[timer] = nil
            case .append(_, _, let token): run(coordinator.appendCompleted(token, success: true, now: now))
            }
        }
    }

    for index in 0..<memberCount {
        request += 1
        let input = JoinGroupInput(
            groupID: "storm", clientID: "bench-\(index)", clientHost: "/127.0.0.1", sessionTimeoutMs: 45_000,
            rebalanceTimeoutMs: 60_000, protocolType: "consumer", protocols: [GroupProtocol(name: "range", metadata: [0, 0])],
            requireKnownMemberID: false, memberIDSuffix: "member-\(index)")
        run(coordinator.joinGroupReceived(input, request: RequestID(request), now: now))
    }
    // End the join phase: the initial delay may re-arm itself while members keep arriving, so fire the
    // join-phase timer until none is left.
    for _ in 0..<20 {
        guard let (timer, deadline) = timers.first(where: { if case .join = $0.key { return true } else { return false } }) else { break }
        now = max(now, deadline)
        timers[timer] = nil
        run(coordinator.timerFired(timer, now: now))
    }
    for member in joined {
        request += 1
        let assignments = member == joined.first ? Dictionary(uniqueKeysWithValues: joined.map { ($0, [UInt8]()) }) : [:]
        run(coordinator.syncGroupReceived(
            SyncGroupInput(groupID: "storm", generationID: generation, memberID: member, assignments: assignments),
            request: RequestID(request), now: now))
    }
    return (coordinator, generation, joined)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))

    Benchmark("heartbeat.storm.100members") { benchmark in
        var (coordinator, generation, members) = stableGroup()
        let state = coordinator.describeGroup("storm").state
        precondition(state == "Stable", "the group is \(state), not Stable")
        precondition(members.count == memberCount, "not every member joined")
        var request: UInt64 = 1_000_000
        var now: Int64 = 100_000
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for member in members {
                request += 1
                now += 1
                blackHole(coordinator.heartbeatReceived(
                    HeartbeatInput(groupID: "storm", generationID: generation, memberID: member), request: RequestID(request), now: now))
            }
        }
        benchmark.stopMeasurement()
        members.removeAll()
    }
}
