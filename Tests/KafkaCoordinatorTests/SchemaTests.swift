import KafkaCoordinator
import KafkaModel
import Testing

@Suite("__consumer_offsets schema")
struct SchemaTests {
    @Test func javaStringHashCodeVector() {
        #expect(OffsetsTopicSchema.javaHashCode("my-group") == -1_906_497_762)
        #expect(OffsetsTopicSchema.partition(forGroup: "my-group", partitions: 50) == 12)
        #expect(OffsetsTopicSchema.javaHashCode("") == 0)
        #expect(OffsetsTopicSchema.javaHashCode("a") == 97)
        // Non-ASCII counts UTF-16 code units: "é" is one unit (233), "😀" two surrogates.
        #expect(OffsetsTopicSchema.javaHashCode("é") == 233)
        #expect(OffsetsTopicSchema.javaHashCode("😀") == 31 * 0xD83D + 0xDE00)
        #expect(GroupCoordinator().partition(forGroup: "my-group") == 12)
    }

    @Test func offsetCommitKeyBytes() throws {
        let key = OffsetsTopicSchema.offsetCommitKey(group: "g1", partition: TopicPartition(topic: "orders", partition: 3))
        let expected: [UInt8] = [0x00, 0x01, 0x00, 0x02, 0x67, 0x31, 0x00, 0x06] + Array("orders".utf8) + [0, 0, 0, 3]
        #expect(key == expected)
        #expect(try OffsetsTopicSchema.decodeKey(key) == .offsetCommit(group: "g1", partition: TopicPartition(topic: "orders", partition: 3)))
    }

    @Test func offsetCommitValueV3Bytes() throws {
        let value = OffsetCommitValue(offset: 42, leaderEpoch: -1, metadata: "m", commitTimestamp: 1_700_000_000_000)
        let bytes = OffsetsTopicSchema.encodeOffsetCommitValue(value)
        let expected: [UInt8] = [0x00, 0x03] + be64(42) + [0xFF, 0xFF, 0xFF, 0xFF] + [0x00, 0x01, 0x6D] + be64(1_700_000_000_000)
        #expect(bytes == expected)
        #expect(try OffsetsTopicSchema.decodeOffsetCommitValue(bytes) == value)
    }

    @Test func offsetCommitValueWithExpiryIsV1() throws {
        let value = OffsetCommitValue(offset: 1, metadata: "", commitTimestamp: 10, expireTimestamp: 20)
        let bytes = OffsetsTopicSchema.encodeOffsetCommitValue(value)
        #expect(bytes == [0, 1] + be64(1) + [0, 0] + be64(10) + be64(20))
        #expect(try OffsetsTopicSchema.decodeOffsetCommitValue(bytes) == value)
    }

    @Test func decodesOlderAndFlexibleOffsetValues() throws {
        let v0: [UInt8] = [0, 0] + be64(5) + str("x") + be64(99)
        #expect(try OffsetsTopicSchema.decodeOffsetCommitValue(v0) == OffsetCommitValue(offset: 5, metadata: "x", commitTimestamp: 99))
        // v4: offset, epoch, compact string ("ab" → length+1 = 3), commit timestamp, empty tag section.
        let v4: [UInt8] = [0, 4] + be64(7) + be32(2) + [3, 0x61, 0x62] + be64(8) + [0]
        #expect(try OffsetsTopicSchema.decodeOffsetCommitValue(v4)
            == OffsetCommitValue(offset: 7, leaderEpoch: 2, metadata: "ab", commitTimestamp: 8))
        // v4 with one tagged field (tag 0, 2 bytes) is read past.
        let tagged: [UInt8] = [0, 4] + be64(7) + be32(2) + [1] + be64(8) + [1, 0, 2, 0xAA, 0xBB]
        #expect(try OffsetsTopicSchema.decodeOffsetCommitValue(tagged).metadata == "")
        #expect(throws: OffsetsTopicDecodingError.unsupportedValueVersion(9)) {
            try OffsetsTopicSchema.decodeOffsetCommitValue([0, 9] + be64(1))
        }
    }

    @Test func groupMetadataBytes() throws {
        let key = OffsetsTopicSchema.groupMetadataKey(group: "g")
        #expect(key == [0x00, 0x02, 0x00, 0x01, 0x67])
        #expect(try OffsetsTopicSchema.decodeKey(key) == .groupMetadata(group: "g"))
        let member = GroupMetadataMemberValue(
            memberID: "m", groupInstanceID: nil, clientID: "c", clientHost: "/h", rebalanceTimeoutMs: 300_000,
            sessionTimeoutMs: 45_000, subscription: [1, 2], assignment: [])
        let value = GroupMetadataValue(
            protocolType: "consumer", generationID: 1, protocolName: "range", leaderID: "m",
            currentStateTimestamp: 5, members: [member])
        let bytes = OffsetsTopicSchema.encodeGroupMetadataValue(value)
        let expected: [UInt8] = [0, 3] + str("consumer") + be32(1) + str("range") + str("m") + be64(5) + be32(1)
            + str("m") + [0xFF, 0xFF] + str("c") + str("/h") + be32(300_000) + be32(45_000)
            + be32(2) + [1, 2] + be32(0)
        #expect(bytes == expected)
        #expect(try OffsetsTopicSchema.decodeGroupMetadataValue(bytes) == value)
    }

    @Test func decodesGroupMetadataV0() throws {
        let v0: [UInt8] = [0, 0] + str("consumer") + be32(3) + [0xFF, 0xFF] + [0xFF, 0xFF] + be32(1)
            + str("m") + str("c") + str("/h") + be32(10_000) + be32(0) + be32(0)
        let decoded = try OffsetsTopicSchema.decodeGroupMetadataValue(v0)
        #expect(decoded.protocolName == nil)
        #expect(decoded.currentStateTimestamp == -1)
        #expect(decoded.members.first?.sessionTimeoutMs == 10_000)
        #expect(decoded.members.first?.rebalanceTimeoutMs == 10_000)
    }

    @Test func truncatedAndHostileInputIsRejected() throws {
        let value = OffsetsTopicSchema.encodeOffsetCommitValue(OffsetCommitValue(offset: 1, metadata: "abc", commitTimestamp: 2))
        for cut in 0..<value.count {
            #expect(throws: OffsetsTopicDecodingError.self) { try OffsetsTopicSchema.decodeOffsetCommitValue(Array(value[..<cut])) }
        }
        // A member count far beyond the bytes present.
        let hostile: [UInt8] = [0, 3] + str("consumer") + be32(1) + [0xFF, 0xFF, 0xFF, 0xFF] + be64(0) + be32(Int32.max)
        #expect(throws: OffsetsTopicDecodingError.truncated) { try OffsetsTopicSchema.decodeGroupMetadataValue(hostile) }
        #expect(throws: OffsetsTopicDecodingError.self) { try OffsetsTopicSchema.decodeKey([0, 1, 0, 50, 0x61]) }
        #expect(try OffsetsTopicSchema.decodeKey([0, 7, 1, 2, 3]) == .unknown(version: 7))
    }

    @Test func replaySkipsUnknownRecordTypes() throws {
        var coordinator = GroupCoordinator()
        try coordinator.replay(key: [0, 5, 0, 1, 0x67], value: [1, 2, 3])
        #expect(coordinator.listGroups().groups.isEmpty)
    }
}
