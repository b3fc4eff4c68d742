import Foundation
import Testing

@testable import CommunityHealth

/// Issue 14, point 5: each table is described once; the CSV headers, report.json's members and
/// the schema all follow that description.
@Suite struct TableDescriptionTests {
    static func schemaTable(_ key: String) throws -> [String: Any] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("docs/report.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let table = try #require(properties[key] as? [String: Any], "the schema has no \(key)")
        return try #require(table["items"] as? [String: Any])
    }

    /// The schema's member list is the description's, in order, each of a type its kind allows.
    func checkSchema<Row>(_ description: TableDescription<Row>) throws {
        let table = try Self.schemaTable(description.json)
        let required = try #require(table["required"] as? [String])
        #expect(required == description.jsonColumns.map(\.key), "\(description.json)")
        let properties = try #require(table["properties"] as? [String: [String: Any]])
        #expect(Set(properties.keys) == Set(required), "\(description.json)")
        for column in description.jsonColumns {
            let property = properties[column.key] ?? [:]
            let type = (property["$ref"] as? String) ?? (property["type"] as? String) ?? (property["enum"] != nil ? "enum" : "")
            let allowed: Set<String> = switch column.kind {
            case .text: ["string", "#/$defs/text", "enum"]
            case .count: ["integer", "#/$defs/count"]
            case .number: ["number", "#/$defs/number", "#/$defs/p"]
            case .flag: ["boolean"]
            }
            #expect(allowed.contains(type), "\(description.json).\(column.key) is \(type) in the schema")
        }
    }

    @Test func theSchemaFollowsEachTablesDescription() throws {
        try checkSchema(ReportTables.scores)
        try checkSchema(ReportTables.items)
        try checkSchema(ReportTables.practices)
        try checkSchema(ReportTables.practiceShares)
        try checkSchema(ReportTables.drivers)
        try checkSchema(ReportTables.participation)
        try checkSchema(ReportTables.adoption)
        try checkSchema(ReportTables.rejected)
    }

    @Test func eachCSVFileWritesItsDescribedColumns() throws {
        let outcome = try #require(SeeWhatWorksTests.bundled)
        for table in CSVTables.tables + [CSVTables.rejectedTable] {
            let first = outcome.file(table.name).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
            #expect(first == table.header.joined(separator: ","), "\(table.name)")
            let rows = try csvRows(outcome.file(table.name))
            #expect(rows.allSatisfy { $0.count == table.header.count }, "\(table.name)")
        }
        // A column of the description that a file leaves out is not written there.
        #expect(!CSVTables.table("scores.csv").header.contains("change_since"))
        #expect(CSVTables.table("comparisons.csv").header.last == "q_rest")
    }
}
