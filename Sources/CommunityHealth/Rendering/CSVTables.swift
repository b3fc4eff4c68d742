/// The CSV files of a report (FORMATS.md §4 and docs/formats.md), each written from its table's
/// one description (`ReportTables`).
public enum CSVTables {
    public struct Table: Sendable {
        public let name: String
        public let header: [String]
        public let render: @Sendable (Report) -> String
    }

    /// Every table, in the order they are written (`rejected.csv`, written with every report, apart).
    public static let tables: [Table] = {
        let scores = files(ReportTables.scores, \.scores)
        return [scores[0]] + files(ReportTables.items, \.items) + scores.dropFirst() + files(ReportTables.practices, \.practices)
            + files(ReportTables.practiceShares, \.practiceShares) + files(ReportTables.drivers, \.drivers)
            + files(ReportTables.participation, \.participation) + files(ReportTables.adoption, \.adoptions)
    }()

    public static let rejectedTable = files(ReportTables.rejected, \.rejections)[0]

    private static func files<Row>(_ table: TableDescription<Row>, _ rows: KeyPath<Report, [Row]> & Sendable) -> [Table] {
        table.csvFiles.map { file in Table(name: file.name, header: file.columns.map(\.key)) { report in table.csv(file, rows: report[keyPath: rows]) } }
    }

    /// A table by its file name (`rejected.csv` too).
    public static func table(_ name: String) -> Table {
        guard let table = (tables + [rejectedTable]).first(where: { $0.name == name }) else { preconditionFailure("no table \(name)") }
        return table
    }

    public static func rejected(_ report: Report) -> String { rejectedTable.render(report) }
}
