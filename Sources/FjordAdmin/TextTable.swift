/// Kafka's tools print tables with `printf("%-Ns ...")`: every column but the last is left-aligned and
/// padded to a minimum width that grows with the longest value, columns are separated by one space, and
/// the last column is not padded. Reproducing that exactly lets scripts written against
/// kafka-consumer-groups parse Fjord's output unchanged.
public struct TextTable: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// The width Kafka starts from before widening for long values.
        public var minimumWidth: Int
        /// Kafka widens some columns (group, topic, consumer id, host) and keeps others fixed.
        public var grows: Bool

        public init(_ title: String, width: Int, grows: Bool = false) {
            self.title = title
            self.minimumWidth = width
            self.grows = grows
        }
    }

    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// Header and rows, one line each, every line ending in a newline.
    public func render() -> String {
        let widths = columns.enumerated().map { index, column in
            column.grows ? rows.reduce(column.minimumWidth) { max($0, $1[index].count) } : column.minimumWidth
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (index, cell) in cells.enumerated() {
                if index > 0 { out += " " }
                let last = index == cells.count - 1
                out += last ? cell : cell.padding(to: widths[index])
            }
            return out + "\n"
        }
        return line(columns.map(\.title)) + rows.map(line).joined()
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
