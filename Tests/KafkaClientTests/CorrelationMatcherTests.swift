import KafkaClient
import Testing

@Suite struct CorrelationMatcherTests {
    @Test func answersRequestsInTheOrderTheyWereWritten() throws {
        var matcher = CorrelationMatcher<String>()
        let a = matcher.allocateID()
        let b = matcher.allocateID()
        matcher.enqueue(id: a, waiter: "a")
        matcher.enqueue(id: b, waiter: "b")
        #expect(try matcher.received(correlationID: a) == "a")
        #expect(try matcher.received(correlationID: b) == "b")
        #expect(matcher.outstandingCount == 0)
    }

    @Test func rejectsAResponseThatSkipsTheOldestRequest() {
        var matcher = CorrelationMatcher<String>()
        let a = matcher.allocateID()
        let b = matcher.allocateID()
        matcher.enqueue(id: a, waiter: "a")
        matcher.enqueue(id: b, waiter: "b")
        #expect(throws: CorrelationMatcher<String>.Mismatch.outOfOrder(expected: a, received: b)) {
            try matcher.received(correlationID: b)
        }
    }

    @Test func rejectsAResponseWithNothingOutstanding() {
        var matcher = CorrelationMatcher<Int>()
        #expect(throws: CorrelationMatcher<Int>.Mismatch.unexpected(correlationID: 7)) {
            try matcher.received(correlationID: 7)
        }
    }

    @Test func requestsWithoutResponsesDoNotShiftThePairing() throws {
        // Produce acks=0 takes an ID but is never enqueued; the next response still pairs correctly.
        var matcher = CorrelationMatcher<String>()
        _ = matcher.allocateID()
        let b = matcher.allocateID()
        matcher.enqueue(id: b, waiter: "b")
        #expect(try matcher.received(correlationID: b) == "b")
    }

    @Test func removeAllReturnsEveryOutstandingWaiterOldestFirst() throws {
        var matcher = CorrelationMatcher<Int>()
        for n in 0..<100 { matcher.enqueue(id: matcher.allocateID(), waiter: n) }
        for n in 0..<70 { #expect(try matcher.received(correlationID: Int32(n + 1)) == n) }
        #expect(matcher.isOutstanding(71))
        #expect(!matcher.isOutstanding(70))
        #expect(matcher.removeAll() == Array(70..<100))
        #expect(matcher.outstandingCount == 0)
    }

    @Test func wrapsCorrelationIDsBeforeOverflow() {
        var matcher = CorrelationMatcher<Int>(firstCorrelationID: Int32.max)
        #expect(matcher.allocateID() == Int32.max)
        #expect(matcher.allocateID() == 1)
    }
}
