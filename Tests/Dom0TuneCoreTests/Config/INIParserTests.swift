import Testing
@testable import Dom0TuneCore

@Suite struct INIParserTests {
    private func parse(_ text: String, path: String = "/etc/dom0tuned.conf") -> (assignments: [INIAssignment], diagnostics: [ConfigDiagnostic]) {
        INIParser.parse(ConfigSource(path: path, text: text))
    }

    private func pairs(_ text: String) -> [String] {
        parse(text).assignments.map { "\($0.section).\($0.key)=\($0.value)@\($0.line)" }
    }

    @Test func readsSectionsAndAssignments_withTheirLines() {
        #expect(pairs("[Scheduler]\nWeight=512\n\n[Toolstack]\nXl = /usr/sbin/xl \n") == [
            "Scheduler.Weight=512@2", "Toolstack.Xl=/usr/sbin/xl@5",
        ])
        let first = parse("[Scheduler]\nWeight=1").assignments.first
        #expect(first?.file == "/etc/dom0tuned.conf")
    }

    @Test func skipsHashAndSemicolonComments_andBlankLines() {
        let text = "# top\n; also\n[Scheduler]\n  # indented comment\n\t; tab comment\n\n   \nWeight=7\n"
        #expect(pairs(text) == ["Scheduler.Weight=7@8"])
        #expect(parse(text).diagnostics.isEmpty)
    }

    @Test func keepsHashesInsideValues() {
        #expect(pairs("[Control]\nSocket=/run/a#b ; c\n") == ["Control.Socket=/run/a#b ; c@2"])
    }

    @Test func keepsEqualsSignsAfterTheFirstInTheValue() {
        #expect(pairs("[Toolstack]\nXl=a=b\n") == ["Toolstack.Xl=a=b@2"])
    }

    @Test func joinsContinuationLines_atTheFirstLinesNumber() {
        #expect(pairs("[Scheduler]\nCheckIntervalSec=1min \\\n30s\nWeight=1\n") == [
            "Scheduler.CheckIntervalSec=1min  30s@2", "Scheduler.Weight=1@4",
        ])
        #expect(pairs("[S]\nK=a\\\nb\\\nc\n") == ["S.K=a b c@2"])
    }

    @Test func skipsCommentsInsideContinuations() {
        #expect(pairs("[S]\nK=a\\\n# note\nb\n") == ["S.K=a b@2"])
    }

    @Test func continuationAtEndOfFile_endsThere() {
        #expect(pairs("[S]\nK=a\\") == ["S.K=a@2"])
        #expect(pairs("[S]\nK=a\\\n") == ["S.K=a@2"])
    }

    @Test func readsCRLFFilesLikeLFFiles() {
        let text = "[Scheduler]\r\nWeight=600\r\n# c\r\n[Toolstack]\r\nTimeoutSec=5\r\nXl=a\\\r\nb\r\n"
        #expect(pairs(text) == ["Scheduler.Weight=600@2", "Toolstack.TimeoutSec=5@5", "Toolstack.Xl=a b@6"])
        #expect(parse(text).diagnostics.isEmpty)
    }

    @Test func ignoresAByteOrderMarkAtTheStart() {
        let text = "\u{FEFF}[Scheduler]\nWeight=2\n"
        #expect(pairs(text) == ["Scheduler.Weight=2@2"])
        #expect(parse(text).diagnostics.isEmpty)
    }

    @Test func assignmentOutsideASection_isAnErrorWithFileAndLine() {
        let result = parse("# c\nWeight=5\n[Scheduler]\nWeight=6\n", path: "/etc/x.conf")
        #expect(result.assignments.map(\.value) == ["6"])
        #expect(result.diagnostics.map(\.description) == ["/etc/x.conf:2: assignment 'Weight=' outside of any [Section]"])
        #expect(result.diagnostics.first?.severity == .error)
    }

    @Test(arguments: ["[Scheduler", "[]", "[", "[Scheduler] x"])
    func malformedSectionHeader_isAnError_andItsAssignmentsAreNotTaken(_ header: String) {
        let result = parse("[Toolstack]\nXl=xl\n\(header)\nWeight=5\n")
        #expect(result.assignments.count == 1)
        #expect(result.diagnostics.first?.line == 3)
        #expect(result.diagnostics.allSatisfy { $0.severity == .error })
        #expect(!result.diagnostics.isEmpty)
    }

    @Test func closingBracketWithoutOpening_isNotAHeader_andKeepsTheSection() {
        let result = parse("[Toolstack]\nScheduler]\nXl=a\n")
        #expect(result.assignments.map(\.section) == ["Toolstack"])
        #expect(result.diagnostics.map(\.line) == [2])
    }

    @Test func lineWithoutEquals_isAnError() {
        let result = parse("[Scheduler]\nWeight 512\n=5\n")
        #expect(result.diagnostics.map(\.description) == [
            "/etc/dom0tuned.conf:2: expected 'Key=Value', found 'Weight 512'",
            "/etc/dom0tuned.conf:3: missing key before '='",
        ])
    }

    @Test(arguments: ["\u{0}", "\u{1B}[31m", "\u{7F}", "\r", "\u{8}"])
    func controlCharacters_areAnErrorOnTheirLine(_ control: String) {
        let result = parse("[Scheduler]\nWeight=5\(control)12\n")
        #expect(result.assignments.isEmpty)
        #expect(result.diagnostics.map(\.description) == ["/etc/dom0tuned.conf:2: control character in line"])
    }

    @Test func controlCharactersInAContinuationLine_dropTheWholeAssignment() {
        let result = parse("[Toolstack]\nXl=/usr/\\\nsbin/\u{1}xl\nTimeoutSec=5\n")
        #expect(result.assignments.map(\.key) == ["TimeoutSec"])
        #expect(result.diagnostics.map(\.description) == ["/etc/dom0tuned.conf:3: control character in line"])
        let middle = parse("[Toolstack]\nXl=/usr/\\\nsb\u{0}in/\\\nxl\nTimeoutSec=5\n")
        #expect(middle.assignments.map(\.key) == ["TimeoutSec"])
        #expect(middle.diagnostics.map(\.line) == [3])
    }

    @Test func tabsAreBlanks_notControlCharacters() {
        #expect(pairs("[Scheduler]\n\tWeight\t=\t9\t\n") == ["Scheduler.Weight=9@2"])
    }

    @Test func aMegabyteLine_givesOneShortDiagnostic() {
        let result = parse("[Scheduler]\n" + HostileInput.megabyteLine + "\n")
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics[0].line == 2)
        #expect(result.diagnostics[0].description.utf8.count < 200)
        let value = parse("[Scheduler]\nWeight=" + HostileInput.megabyteLine + "\n")
        #expect(value.assignments.first?.value.utf8.count == 1 << 20)
    }

    @Test func binaryGarbage_neverTraps_andEveryDiagnosticIsOneLine() {
        var bytes: [UInt8] = []
        var state: UInt32 = 0x1234_5678
        for _ in 0..<65_536 {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes.append(UInt8(truncatingIfNeeded: state >> 24))
        }
        let inputs = HostileInput.all + [String(decoding: bytes, as: UTF8.self), "[S]\n" + String(decoding: bytes, as: UTF8.self)]
        for input in inputs {
            let result = parse(input)
            for diagnostic in result.diagnostics {
                #expect(!diagnostic.description.contains("\n"))
                #expect(diagnostic.line >= 1)
            }
        }
    }
}
