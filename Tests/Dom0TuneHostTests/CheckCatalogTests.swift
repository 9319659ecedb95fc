import Dom0TuneCore
import Foundation
import Testing

@Suite struct CheckCatalogTests {
    @Test func everyCheckHasItsOwnMessageIDExplainedInTheCatalog() throws {
        let catalog = try String(contentsOfFile: TestPaths.repository + "/packaging/systemd/dom0tuned.catalog", encoding: .utf8)
        let ids = CheckID.allCases.map(\.messageID)
        #expect(Set(ids).count == ids.count)
        for check in CheckID.allCases {
            let id = check.messageID
            #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            let header = "-- \(id)\n"
            let start = try #require(catalog.range(of: header), "no catalog entry for \(check.rawValue)")
            let entry = catalog[start.upperBound...].prefix { $0 != "\u{1}" }.components(separatedBy: "\n-- ").first ?? ""
            #expect(entry.contains("Subject: check \(check.rawValue) is @DOM0TUNED_SEVERITY@"))
            #expect(entry.contains("Remedy: @DOM0TUNED_REMEDY@"))
        }
    }
}
