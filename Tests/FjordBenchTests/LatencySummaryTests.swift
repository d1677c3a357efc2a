import Testing

@testable import FjordBench

@Suite struct LatencySummaryTests {
    @Test func percentilesComeFromTheHistogram() {
        var h = LatencySummary.makeHistogram()
        for v in 1...1000 { _ = h.record(UInt64(v)) }
        let s = LatencySummary(h)
        #expect(s.count == 1000)
        #expect(s.p50 == 500)
        #expect(s.p99 == 990)
        #expect(s.p999 == 999)
        #expect(s.max == 1000)
    }

    @Test func mergingAddsEveryProducersCounts() {
        var a = LatencySummary.makeHistogram()
        var b = LatencySummary.makeHistogram()
        for _ in 0..<90 { _ = a.record(100) }
        for _ in 0..<10 { _ = b.record(5000) }
        let s = LatencySummary.merged([a, b])
        #expect(s.count == 100)
        #expect(s.p50 == 100)
        #expect(s.p99 == 5000)
    }

    @Test func emptyHistogramGivesZeros() {
        #expect(LatencySummary(LatencySummary.makeHistogram()) == LatencySummary(count: 0, p50: 0, p99: 0, p999: 0, max: 0, mean: 0))
    }

    @Test func formatPicksAUnit() {
        #expect(LatencySummary.format(812) == "812 µs")
        #expect(LatencySummary.format(2_100) == "2.10 ms")
        #expect(LatencySummary.format(3_500_000) == "3.50 s")
        #expect(fixed(-0.004, 2) == "0.00")
    }

    @Test func procStatFieldsAreCountedAfterTheCommandName() {
        let stat = "42 (fjord serve) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 100 1000000 2000"
        let status = "Name:\tfjord\nVmHWM:\t   30000 kB\nVmRSS:\t   20480 kB\n"
        let sample = ProcSample.parse(stat: stat, status: status, ticksPerSecond: 100)
        #expect(sample?.userSeconds == 2.5)
        #expect(sample?.systemSeconds == 0.5)
        #expect(sample?.rssBytes == 20480 * 1024)
        #expect(sample?.peakRSSBytes == 30000 * 1024)
    }

    @Test func sendStampRoundTrips() {
        let value = SendStamp.value(size: 100, at: 1_763_000_000_123_456_789)
        #expect(value.count == 100)
        #expect(SendStamp.read(value) == 1_763_000_000_123_456_789)
    }
}
