import KafkaModel
import Testing

@Suite struct Murmur2Tests {
    /// Kafka's `UtilsTest.testMurmur2` and librdkafka's Java-compatibility vectors (docs/kafka-behaviour.md).
    @Test(arguments: [
        ("21", Int32(-973_932_308)),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
        ("kafka", Int32(bitPattern: 0xD067_CF64)),
        ("giberish123456789", Int32(bitPattern: 0x8F55_2B0C)),
        ("1234", Int32(bitPattern: 0x9FC9_7B14)),
        ("", Int32(bitPattern: 0x106E_08D9)),
        ("orderId", -329_833_526),
        ("order-1", 1_221_710_326),
        ("order-2", -1_055_499_005),
        ("order-42", 501_153_024),
        ("order-1001", 297_523_878),
        ("ORD-0001", -1_289_372_403),
    ])
    func matchesJavaMurmur2(key: String, expected: Int32) {
        #expect(Murmur2.hash(Array(key.utf8)) == expected)
    }

    @Test(arguments: [
        ("orderId", [Int32(0), 0, 6]),
        ("order-1", [1, 4, 10]),
        ("order-2", [0, 3, 3]),
        ("order-42", [0, 0, 0]),
        ("order-1001", [0, 0, 6]),
        ("ORD-0001", [2, 5, 5]),
    ])
    func placesOrderKeysLikeTheJavaPartitioner(key: String, expected: [Int32]) {
        let actual = [3, 6, 12].map { Murmur2.partition(forKey: Array(key.utf8), partitionCount: Int32($0)) }
        #expect(actual == expected)
    }

    @Test func masksTheSignBitInsteadOfTakingAbs() {
        // "foobar" hashes negative; toPositive keeps the low 31 bits.
        #expect(Murmur2.partition(forKey: Array("foobar".utf8), partitionCount: Int32.max) == (-790_332_482 & 0x7FFF_FFFF) % Int32.max)
    }

    @Test func namesErrorCodesLikeKafka() {
        #expect(KafkaErrorCode.unknownTopicOrPartition.name == "UNKNOWN_TOPIC_OR_PARTITION")
        #expect(KafkaErrorCode(rawValue: 9999).name == "UNKNOWN_ERROR_CODE_9999")
    }
}
