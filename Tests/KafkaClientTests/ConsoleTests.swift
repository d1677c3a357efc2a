import KafkaModel
import Testing

@testable import KafkaClient

@Suite struct ConsoleProducerTests {
    func producer(_ configure: (inout ConsoleProducer.Options) -> Void = { _ in }) -> ConsoleProducer {
        var options = ConsoleProducer.Options(topic: "orders")
        configure(&options)
        return ConsoleProducer(client: KafkaClient(bootstrapServers: ["127.0.0.1:1"]), options: options)
    }

    @Test func keyFieldTakesStringsAndNumbersAsText() throws {
        let p = producer { $0.key = .jsonField("orderId") }
        #expect(try p.makeRecord(line: #"{"orderId":"order-1"}"#, number: 1, warn: { _ in })?.key == Array("order-1".utf8))
        #expect(try p.makeRecord(line: #"{"orderId":42}"#, number: 1, warn: { _ in })?.key == Array("42".utf8))
        #expect(try p.makeRecord(line: #"{"other":1}"#, number: 1, warn: { _ in })?.key == nil)
        #expect(try p.makeRecord(line: "   ", number: 1, warn: { _ in }) == nil)
    }

    @Test func aBadLineNamesItsNumberOrIsSkipped() throws {
        #expect(throws: KafkaClientError.invalidArgument("line 7: invalid JSON: not a JSON object at column 1")) {
            try producer { $0.key = .jsonField("id") }.makeRecord(line: "nope", number: 7, warn: { _ in })
        }
        var warnings: [String] = []
        let skipped = try producer { $0.key = .jsonField("id"); $0.skipBadLines = true }.makeRecord(line: "nope", number: 7) { warnings.append($0) }
        #expect(skipped == nil)
        #expect(warnings == ["Warning: skipping line 7: invalid JSON: not a JSON object at column 1"])
    }

    @Test func fixedKeyAndHeadersGoOnEveryRecord() throws {
        let header = try #require(ProducerRecord.Header.parse("src=a=b"))
        let record = try producer { $0.key = .fixed("k"); $0.headers = [header] }.makeRecord(line: "v", number: 1, warn: { _ in })
        #expect(record == ProducerRecord(key: Array("k".utf8), value: Array("v".utf8), headers: [.init(key: "src", value: Array("a=b".utf8))]))
        #expect(ProducerRecord.Header.parse("=v") == nil)
    }

    @Test func batcherPlacesKeyedRecordsByMurmur2AndCutsBatchesAtTheRecordLimit() {
        var options = ConsoleProducer.Options(topic: "t")
        options.batchRecords = 2
        var batcher = Batcher(options: options, partitionCount: 6, maxMessageBytes: 1_048_588)
        let record = ProducerRecord(key: Array("order-1".utf8), value: [1])
        #expect(batcher.partition(for: record) == 4)
        #expect(batcher.add(record, to: 4) == nil)
        #expect(batcher.add(record, to: 4) == nil)
        let full = batcher.add(record, to: 4)
        #expect(full?.partition == 4 && full?.records.count == 2)
        #expect(batcher.drain().map(\.records.count) == [1])
        #expect(batcher.drain().isEmpty)
    }

    @Test func unkeyedRecordsStickToOnePartitionUntilItsBatchIsSent() {
        var options = ConsoleProducer.Options(topic: "t")
        options.batchRecords = 1
        var batcher = Batcher(options: options, partitionCount: 3, maxMessageBytes: 1_048_588)
        let record = ProducerRecord(value: [1])
        let first = batcher.partition(for: record)
        #expect(batcher.partition(for: record) == first)
        _ = batcher.add(record, to: first)
        #expect(batcher.add(record, to: first) != nil)
        #expect(batcher.partition(for: record) == (first + 1) % 3)
    }
}

extension Batcher.Ready: Equatable {
    public static func == (a: Batcher.Ready, b: Batcher.Ready) -> Bool { a.partition == b.partition && a.records == b.records }
}

@Suite struct RecordFormatterTests {
    let record = ConsumerRecord(
        topic: "t", partition: 2, offset: 9, timestamp: 1700000000000, key: Array("k".utf8), value: Array("v\t1".utf8),
        headers: [.init(key: "a", value: Array("1".utf8)), .init(key: "b", value: nil)])

    @Test func plainPrintsHeadersKeyAndValueTabSeparated() {
        #expect(RecordFormatter(format: .plain, printKey: false, printHeaders: false).format(record) == "v\t1")
        #expect(RecordFormatter(format: .plain, printKey: true, printHeaders: true).format(record) == "a:1,b:null\tk\tv\t1")
        var bare = record
        bare.headers = []
        bare.key = nil
        #expect(RecordFormatter(format: .plain, printKey: true, printHeaders: true).format(bare) == "NO_HEADERS\tnull\tv\t1")
    }

    @Test func jsonPrintsOneObjectPerRecord() {
        #expect(RecordFormatter(format: .json, printKey: false, printHeaders: false).format(record)
            == #"{"topic":"t","partition":2,"offset":9,"timestamp":1700000000000,"key":"k","value":"v\t1","headers":{"a":"1","b":null}}"#)
    }
}

@Suite struct LoopStateTests {
    @Test func stopsAtMaxMessagesAndCommitsOnlyWhatWasPrinted() {
        var state = LoopState(maxMessages: 2, idleTimeout: nil)
        let records = (0..<3).map { ConsumerRecord(topic: "t", partition: 0, offset: Int64($0), timestamp: 0, key: nil, value: [0x61], headers: []) }
        let taken = state.take(records, formatter: RecordFormatter(format: .plain, printKey: false, printHeaders: false))
        #expect(taken.lines == ["a", "a"])
        #expect(taken.commit == [TopicPartition(topic: "t", partition: 0): 2])
        #expect(state.done)
    }

    @Test func stopsWhenIdleForTheTimeout() async throws {
        var state = LoopState(maxMessages: nil, idleTimeout: .milliseconds(20))
        #expect(!state.done)
        try await Task.sleep(for: .milliseconds(30))
        #expect(state.done)
        state.restartIdleClock()
        #expect(!state.done)
    }
}
