/// The sweep as an SVG line chart: throughput (left axis) and produce p99 (right axis) against
/// partitions, one throughput line per consumer count. Written by hand because it is a few dozen
/// elements and a plotting dependency would outweigh the feature.
public enum SweepChart {
    static let width = 720.0
    static let height = 420.0
    static let left = 70.0
    static let right = 70.0
    static let top = 40.0
    static let bottom = 50.0
    static let palette = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    public static func svg(_ rows: [SweepRow]) -> String {
        let partitions = Array(Set(rows.map(\.partitions))).sorted()
        let consumerCounts = Array(Set(rows.map(\.consumers))).sorted()
        let maxRate = max(1, (rows.map(\.consumeRecordsPerSecond) + rows.map(\.produceRecordsPerSecond)).max() ?? 1)
        let maxP99 = max(1, Double(rows.map(\.produceP99Micros).max() ?? 1))
        let plotW = width - left - right
        let plotH = height - top - bottom
        // Partitions are spaced evenly by rank: 1, 3, 6, 12, 24 would crowd the left on a linear axis.
        func x(_ p: Int) -> Double {
            let rank = Double(partitions.firstIndex(of: p) ?? 0)
            return left + (partitions.count > 1 ? rank / Double(partitions.count - 1) * plotW : plotW / 2)
        }
        func yRate(_ v: Double) -> Double { top + plotH - v / maxRate * plotH }
        func yP99(_ v: Double) -> Double { top + plotH - v / maxP99 * plotH }
        func n(_ v: Double) -> String { fixed(v, 1) }

        var out: [String] = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(n(width / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">fjord bench sweep: throughput and produce p99 by partitions</text>",
            "<line x1=\"\(n(left))\" y1=\"\(n(top + plotH))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"black\"/>",
            "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(top + plotH))\" stroke=\"black\"/>",
            "<line x1=\"\(n(left + plotW))\" y1=\"\(n(top))\" x2=\"\(n(left + plotW))\" y2=\"\(n(top + plotH))\" stroke=\"#d62728\"/>",
        ]
        for p in partitions {
            out.append("<text x=\"\(n(x(p)))\" y=\"\(n(top + plotH + 18))\" text-anchor=\"middle\">\(p)</text>")
        }
        out.append("<text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 10))\" text-anchor=\"middle\">partitions</text>")
        for tick in 0...4 {
            let f = Double(tick) / 4
            let y = top + plotH - f * plotH
            out.append("<line x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(left + plotW))\" y2=\"\(n(y))\" stroke=\"#eee\"/>")
            out.append("<text x=\"\(n(left - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(compact(maxRate * f))</text>")
            out.append("<text x=\"\(n(left + plotW + 6))\" y=\"\(n(y + 4))\" fill=\"#d62728\">\(LatencySummary.format(UInt64(maxP99 * f)))</text>")
        }
        out.append("<text transform=\"translate(16,\(n(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">records/s</text>")
        out.append("<text transform=\"translate(\(n(width - 10)),\(n(top + plotH / 2))) rotate(90)\" text-anchor=\"middle\" fill=\"#d62728\">produce p99</text>")

        // Produce figures do not depend on the consumer count: one point per partition count.
        let produceByP = partitions.compactMap { p in rows.first { $0.partitions == p }.map { (p, $0) } }
        out.append(polyline(produceByP.map { (x($0.0), yRate($0.1.produceRecordsPerSecond)) }, color: "black", dashed: false))
        out.append(polyline(produceByP.map { (x($0.0), yP99(Double($0.1.produceP99Micros))) }, color: "#d62728", dashed: true))
        var legend: [(String, String, Bool)] = [("produce rec/s", "black", false), ("produce p99", "#d62728", true)]
        for (i, c) in consumerCounts.enumerated() {
            let color = palette[i % palette.count]
            let points = rows.filter { $0.consumers == c }.sorted { $0.partitions < $1.partitions }
            out.append(polyline(points.map { (x($0.partitions), yRate($0.consumeRecordsPerSecond)) }, color: color, dashed: false))
            legend.append(("consume rec/s, \(c) consumer\(c == 1 ? "" : "s")", color, false))
        }
        for (i, item) in legend.enumerated() {
            let y = top + 10 + Double(i) * 16
            out.append("<line x1=\"\(n(left + 10))\" y1=\"\(n(y))\" x2=\"\(n(left + 34))\" y2=\"\(n(y))\" stroke=\"\(item.1)\" stroke-width=\"2\"\(item.2 ? " stroke-dasharray=\"5,3\"" : "")/>")
            out.append("<text x=\"\(n(left + 40))\" y=\"\(n(y + 4))\">\(item.0)</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    static func polyline(_ points: [(Double, Double)], color: String, dashed: Bool) -> String {
        let list = points.map { "\(fixed($0.0, 1)),\(fixed($0.1, 1))" }.joined(separator: " ")
        let dots = points.map { "<circle cx=\"\(fixed($0.0, 1))\" cy=\"\(fixed($0.1, 1))\" r=\"3\" fill=\"\(color)\"/>" }.joined()
        return "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"5,3\"" : "")/>" + dots
    }

    /// 1.2M, 350k, 900: axis labels that fit.
    static func compact(_ v: Double) -> String {
        if v >= 1_000_000 { return fixed(v / 1_000_000, 1) + "M" }
        if v >= 1000 { return fixed(v / 1000, 0) + "k" }
        return fixed(v, 0)
    }
}
