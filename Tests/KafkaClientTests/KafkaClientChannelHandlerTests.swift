import KafkaProtocol
import NIOCore
import NIOEmbedded
import Testing

@testable import KafkaClient

@Suite struct KafkaClientChannelHandlerTests {
    /// A request frame as `KafkaConnection` builds it: size, key, version, placeholder correlation ID.
    func frame(apiKey: Int16 = 18) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(8))
        buffer.writeInteger(apiKey)
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(Int32(0))
        return buffer
    }

    func response(correlationID: Int32, body: UInt8) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(correlationID)
        buffer.writeInteger(body)
        return buffer
    }

    func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(KafkaClientChannelHandler(address: "test:9092"))
        return channel
    }

    @Test func stampsCorrelationIDsInWriteOrderAndPairsResponsesFIFO() throws {
        let channel = try makeChannel()
        let first = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let second = channel.eventLoop.makePromise(of: ByteBuffer.self)
        channel.write(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: first, timeout: .seconds(5), api: "A"), promise: nil)
        channel.write(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: second, timeout: .seconds(5), api: "B"), promise: nil)
        channel.flush()
        let ids = try [1, 2].map { _ in try #require(try channel.readOutbound(as: ByteBuffer.self)?.getInteger(at: 8, as: Int32.self)) }
        #expect(ids == [1, 2])

        try channel.writeInbound(response(correlationID: 1, body: 0xAA))
        try channel.writeInbound(response(correlationID: 2, body: 0xBB))
        #expect(try first.futureResult.wait().getInteger(at: 4, as: UInt8.self) == 0xAA)
        #expect(try second.futureResult.wait().getInteger(at: 4, as: UInt8.self) == 0xBB)
        _ = try channel.finish()
    }

    @Test func failsEverythingOutstandingOnAMismatchedCorrelationID() throws {
        let channel = try makeChannel()
        let first = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let second = channel.eventLoop.makePromise(of: ByteBuffer.self)
        channel.writeAndFlush(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: first, timeout: .seconds(5), api: "A"), promise: nil)
        channel.writeAndFlush(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: second, timeout: .seconds(5), api: "B"), promise: nil)
        try channel.writeInbound(response(correlationID: 2, body: 0))
        #expect(throws: KafkaClientError.correlationMismatch(expected: 1, received: 2)) { try first.futureResult.wait() }
        #expect(throws: KafkaClientError.correlationMismatch(expected: 1, received: 2)) { try second.futureResult.wait() }
        #expect(!channel.isActive)
    }

    @Test func failsPendingRequestsWhenTheConnectionCloses() throws {
        let channel = try makeChannel()
        let pending = channel.eventLoop.makePromise(of: ByteBuffer.self)
        channel.writeAndFlush(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: pending, timeout: .seconds(5), api: "A"), promise: nil)
        channel.pipeline.fireChannelInactive()
        #expect(throws: KafkaClientError.connectionClosed(address: "test:9092")) { try pending.futureResult.wait() }
    }

    @Test func timesOutARequestAndClosesTheConnection() throws {
        let channel = try makeChannel()
        let pending = channel.eventLoop.makePromise(of: ByteBuffer.self)
        channel.writeAndFlush(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: pending, timeout: .seconds(2), api: "Fetch"), promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(3))
        #expect(throws: KafkaClientError.requestTimedOut(api: "Fetch", address: "test:9092", afterSeconds: 2)) { try pending.futureResult.wait() }
        #expect(!channel.isActive)
    }

    @Test func aRequestWithoutResponseDoesNotWaitForOne() throws {
        let channel = try makeChannel()
        let answered = channel.eventLoop.makePromise(of: ByteBuffer.self)
        channel.writeAndFlush(KafkaClientChannelHandler.Outgoing(frame: frame(apiKey: 0), responsePromise: nil, timeout: .seconds(5), api: "Produce"), promise: nil)
        channel.writeAndFlush(KafkaClientChannelHandler.Outgoing(frame: frame(), responsePromise: answered, timeout: .seconds(5), api: "A"), promise: nil)
        try channel.writeInbound(response(correlationID: 2, body: 7))
        #expect(try answered.futureResult.wait().getInteger(at: 4, as: UInt8.self) == 7)
        _ = try channel.finish()
    }

    @Test func parsesBootstrapServers() throws {
        #expect(try KafkaClient.parse(server: "127.0.0.1:9092") == ("127.0.0.1", 9092))
        #expect(try KafkaClient.parse(server: "[::1]:19092") == ("::1", 19092))
        #expect(try KafkaClient.parse(server: "broker") == ("broker", 9092))
        #expect(throws: KafkaClientError.self) { try KafkaClient.parse(server: "host:notaport") }
    }

    @Test func describesErrorsOnOneLine() {
        #expect(KafkaClientError.unreachable(address: "127.0.0.1:9999", reason: "connection refused", afterSeconds: 5).description
            == "cannot reach broker 127.0.0.1:9999: connection refused (after 5 s)")
        #expect(KafkaClientError.kafka(.unknownTopicOrPartition, resource: "orders-7", message: nil).description
            == "Kafka error UNKNOWN_TOPIC_OR_PARTITION (3) for orders-7")
        #expect(KafkaClientError.unknownTopic("x").description == "unknown topic 'x'")
    }
}
