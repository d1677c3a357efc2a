import FjordAdmin
import KafkaModel
import Testing

@Suite("Consumer lag and the describe table")
struct LagAndTableTests {
    @Test("lag is log end minus commit, and unknown without either")
    func lagArithmetic() {
        #expect(ConsumerLag.lag(committed: 1_000, logEnd: 1_005) == 5)
        #expect(ConsumerLag.lag(committed: nil, logEnd: 1_005) == nil)
        #expect(ConsumerLag.lag(committed: -1, logEnd: 1_005) == nil)
        #expect(ConsumerLag.lag(committed: 3, logEnd: nil) == nil)
    }

    @Test("rows follow kafka-consumer-groups: biggest assignment first, then unowned commits")
    func rowOrder() {
        let t = { (p: Int32) in TopicPartition(topic: "orders", partition: p) }
        let rows = ConsumerGroupOffsetRow.rows(
            group: "g",
            members: [
                .init(consumerID: "small", host: "/10.0.0.1", clientID: "c1", partitions: [t(0)]),
                .init(consumerID: "big", host: "/10.0.0.2", clientID: "c2", partitions: [t(3), t(1)]),
                .init(consumerID: "idle", host: "/10.0.0.3", clientID: "c3", partitions: []),
            ],
            committed: [t(0): 7, t(1): -1, t(5): 2, t(4): -1],
            logEndOffsets: [t(0): 10, t(1): 4, t(3): 0, t(5): 9])
        #expect(rows.map(\.partition) == [1, 3, 0, 5])
        #expect(rows.map(\.consumerID) == ["big", "big", "small", nil])
        #expect(rows.map(\.lag) == [nil, nil, 3, 7])
    }

    @Test("the table pads like Kafka's printf and shows - for unknown values")
    func tableLayout() {
        let rows = [
            ConsumerGroupOffsetRow(group: "g", topic: "orders", partition: 0, currentOffset: 1_000, logEndOffset: 1_005, consumerID: "c-1", host: "/127.0.0.1", clientID: "cli"),
            ConsumerGroupOffsetRow(group: "g", topic: "orders", partition: 1, currentOffset: nil, logEndOffset: 0, consumerID: "c-1", host: "/127.0.0.1", clientID: "cli"),
        ]
        let report = GroupDescribeView.offsets(group: "g", state: "Stable", rows: rows)
        let expected = """

            GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
            g               orders          0          1000            1005            5               c-1             /127.0.0.1      cli
            g               orders          1          -               0               -               c-1             /127.0.0.1      cli

            """
        #expect(report.stdout == expected)
        #expect(report.stderr.isEmpty)
    }

    @Test("a dead group prints Kafka's error and no table; an empty one warns on stderr")
    func groupStates() {
        let dead = GroupDescribeView.offsets(group: "x", state: "Dead", rows: [])
        #expect(dead.stderr == "Error: Consumer group 'x' does not exist.\n")
        #expect(dead.stdout.isEmpty && dead.missing)
        let empty = GroupDescribeView.offsets(group: "x", state: "Empty", rows: [])
        #expect(empty.stdout.isEmpty)
        #expect(empty.stderr == "\nConsumer group 'x' has no active members.\n")
    }

    @Test("a rebalancing group warns on stderr and still prints its committed rows")
    func rebalancing() {
        let row = ConsumerGroupOffsetRow(group: "r", topic: "t", partition: 0, currentOffset: 4, logEndOffset: 9)
        let report = GroupDescribeView.offsets(group: "r", state: "PreparingRebalance", rows: [row])
        #expect(report.stderr == "\nWarning: Consumer group 'r' is rebalancing.\n")
        #expect(report.stdout.hasSuffix("r               t               0          4               9               5               -               -               -\n"))
    }

    @Test("--members of a group without members prints only the state line")
    func membersOfEmptyGroup() {
        let report = GroupDescribeView.members(group: "e", state: "Empty", members: [])
        #expect(report.stdout.isEmpty)
        #expect(report.stderr == "\nConsumer group 'e' has no active members.\n")
    }

    @Test("JSON rows carry null where the table prints -")
    func jsonRows() {
        let row = ConsumerGroupOffsetRow(group: "g", topic: "t", partition: 2, currentOffset: nil, logEndOffset: 5)
        #expect(GroupDescribeView.json([row]).rendered()
            == #"[{"group":"g","topic":"t","partition":2,"current_offset":null,"log_end_offset":5,"lag":null,"consumer_id":null,"host":null,"client_id":null}]"#)
    }

    @Test("lag trends compare with the previous sample")
    func trends() {
        #expect(LagTrend.between(previous: 3, current: 5) == .rising)
        #expect(LagTrend.between(previous: 5, current: 3) == .falling)
        #expect(LagTrend.between(previous: 5, current: 5) == .steady)
        #expect(LagTrend.between(previous: nil, current: 5) == .unknown)
    }
}

@Suite("Offset reset planning")
struct OffsetResetTests {
    let tp = TopicPartition(topic: "t", partition: 0)

    @Test("each target, clamped into the log")
    func targets() throws {
        let p = [tp: PartitionOffsets(earliest: 10, latest: 100, committed: 50, atTimestamp: 70)]
        #expect(try OffsetReset.plan(.earliest, partitions: p).map(\.1) == [10])
        #expect(try OffsetReset.plan(.latest, partitions: p).map(\.1) == [100])
        #expect(try OffsetReset.plan(.offset(5), partitions: p).map(\.1) == [10])
        #expect(try OffsetReset.plan(.offset(500), partitions: p).map(\.1) == [100])
        #expect(try OffsetReset.plan(.shift(-20), partitions: p).map(\.1) == [30])
        #expect(try OffsetReset.plan(.timestamp(0), partitions: p).map(\.1) == [70])
    }

    @Test("shifting a partition without a commit fails before anything is planned")
    func shiftNeedsCommit() {
        #expect(throws: OffsetResetError.noCommittedOffset(tp)) {
            try OffsetReset.plan(.shift(1), partitions: [tp: PartitionOffsets(earliest: 0, latest: 9, committed: nil)])
        }
    }

    @Test("ISO 8601 date-times become epoch milliseconds")
    func dateTimes() {
        #expect(OffsetReset.parseDateTime("1970-01-01T00:00:00.000") == 0)
        #expect(OffsetReset.parseDateTime("2024-02-29T12:30:15.250Z") == 1_709_209_815_250)
        #expect(OffsetReset.parseDateTime("2024-02-29T13:30:15.250+01:00") == 1_709_209_815_250)
        #expect(OffsetReset.parseDateTime("yesterday") == nil)
    }

    @Test("--config needs key=value")
    func configArguments() throws {
        #expect(try ConfigArguments.parse(["retention.ms=1000", "a=b=c"]).map { "\($0.0)|\($0.1)" } == ["retention.ms|1000", "a|b=c"])
        #expect(throws: ConfigArguments.Malformed.self) { try ConfigArguments.parse(["nope"]) }
    }
}
