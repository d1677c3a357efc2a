/// Pairs responses with requests on one connection.
///
/// Kafka answers requests on a connection strictly in the order they arrived (docs/kafka-behaviour.md),
/// so the oldest outstanding request is the only one a response may belong to. The correlation ID
/// is still checked, as Java's client does: a mismatch means the stream is out of step and nothing
/// after it can be trusted, so the caller fails everything and closes. A pure value so the rule is
/// unit-tested without a socket.
public struct CorrelationMatcher<Waiter> {
    public enum Mismatch: Error, Equatable {
        /// A response arrived while no request was outstanding.
        case unexpected(correlationID: Int32)
        /// The response's ID differs from the oldest outstanding request's.
        case outOfOrder(expected: Int32, received: Int32)
    }

    private var pending: [(id: Int32, waiter: Waiter)] = []
    private var head = 0
    private var nextID: Int32

    public init(firstCorrelationID: Int32 = 1) {
        self.nextID = firstCorrelationID
    }

    public var outstandingCount: Int { pending.count - head }

    /// Hands out the next correlation ID. IDs are assigned at write time on the channel's event
    /// loop, so the order of IDs is the order of bytes on the wire even with concurrent senders.
    public mutating func allocateID() -> Int32 {
        let id = nextID
        nextID = nextID == Int32.max ? 1 : nextID + 1
        return id
    }

    /// Records a request that expects a response (Produce with acks=0 expects none).
    public mutating func enqueue(id: Int32, waiter: Waiter) {
        pending.append((id, waiter))
    }

    /// Whether `id` is still waiting, used to ignore a timer that fires after its response arrived.
    public func isOutstanding(_ id: Int32) -> Bool {
        pending[head...].contains { $0.id == id }
    }

    /// Takes the waiter a response with `correlationID` answers, or throws if it cannot be the answer.
    public mutating func received(correlationID: Int32) throws(Mismatch) -> Waiter {
        guard head < pending.count else { throw .unexpected(correlationID: correlationID) }
        let front = pending[head]
        guard front.id == correlationID else { throw .outOfOrder(expected: front.id, received: correlationID) }
        head += 1
        // Compact now and then so a long-lived connection does not keep every answered request.
        if head > 64 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
        return front.waiter
    }

    /// Removes and returns every outstanding waiter, oldest first, for failing them on close.
    public mutating func removeAll() -> [Waiter] {
        let rest = pending[head...].map(\.waiter)
        pending.removeAll()
        head = 0
        return rest
    }
}
