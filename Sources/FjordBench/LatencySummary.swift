import Histogram

/// Latency percentiles in microseconds, reduced from an HdrHistogram so that a run of millions of
/// records costs a fixed few kilobytes and the tail (p999, max) is exact to three digits rather
/// than sampled.
public struct LatencySummary: Sendable, Equatable, Codable {
    public var count: UInt64
    public var p50: UInt64
    public var p99: UInt64
    public var p999: UInt64
    public var max: UInt64
    public var mean: Double

    public init(count: UInt64, p50: UInt64, p99: UInt64, p999: UInt64, max: UInt64, mean: Double) {
        self.count = count
        self.p50 = p50
        self.p99 = p99
        self.p999 = p999
        self.max = max
        self.mean = mean
    }

    /// An empty histogram gives all zeros, so a run that acknowledged nothing still has a row.
    public init(_ histogram: Histogram<UInt64>) {
        guard histogram.totalCount > 0 else {
            self.init(count: 0, p50: 0, p99: 0, p999: 0, max: 0, mean: 0)
            return
        }
        self.init(
            count: histogram.totalCount, p50: histogram.valueAtPercentile(50), p99: histogram.valueAtPercentile(99),
            p999: histogram.valueAtPercentile(99.9), max: histogram.max, mean: histogram.mean)
    }

    /// One histogram per producer avoids sharing a lock on the hot path; they are merged at the end.
    public static func merged(_ histograms: [Histogram<UInt64>]) -> LatencySummary {
        var total = makeHistogram()
        for h in histograms { total.add(h) }
        return LatencySummary(total)
    }

    /// Microseconds from 1 µs to one hour at three significant digits: any latency a benchmark on
    /// one machine can see, with ~0.1% error.
    public static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// `p50 812 µs  p99 2.1 ms ...`, units chosen per value so a column stays readable.
    public var text: String {
        "p50 \(Self.format(p50))  p99 \(Self.format(p99))  p999 \(Self.format(p999))  max \(Self.format(max))"
    }

    public static func format(_ micros: UInt64) -> String {
        if micros < 1000 { return "\(micros) µs" }
        if micros < 1_000_000 { return fixed(Double(micros) / 1000, 2) + " ms" }
        return fixed(Double(micros) / 1_000_000, 2) + " s"
    }
}

/// Fixed-point text without Foundation's `String(format:)`, which is locale-dependent.
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int64(scaled / scale)
    let frac = Int64(scaled) - whole * Int64(scale)
    let sign = value < 0 && scaled != 0 ? "-" : ""
    guard digits > 0 else { return "\(sign)\(whole)" }
    let fracText = String(frac)
    return "\(sign)\(whole)." + String(repeating: "0", count: digits - fracText.count) + fracText
}
