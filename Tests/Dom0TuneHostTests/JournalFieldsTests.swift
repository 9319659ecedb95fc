import Foundation
import Testing

/// What the daemon sends to the journal over its native protocol (sd_journal_sendv),
/// received by a stand-in journald in a private /run.
@Suite(.timeLimit(.minutes(2)))
struct JournalFieldsTests {
    @Test(.enabled(if: StalledJournalTests.canUnshare, "needs root and unshare(1) for a private /run"))
    func entries_carryPriorityIdentifierCodeLocation_structuredFields_andMessageIDs() throws {
        let daemon = try DaemonHarness()
        let journalOut = daemon.directory.path + "/journal.jsonl"
        let launcher = [
            "/usr/bin/unshare", "-m", "--propagation", "private",
            TestPaths.repository + "/Tests/Dom0TuneHostTests/Fixtures/capture-journal",
        ]
        try daemon.start(launcher: launcher, environment: ["JOURNAL_OUT": journalOut])
        try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") } != nil, "stderr: \(daemon.stderr)")
        try daemon.setXl("weight", "300")
        #expect(daemon.notify.waitFor(timeout: 5) { $0.contains("1 drift restored") } != nil)

        func entries() -> [[String: String]] {
            let text = (try? String(contentsOfFile: journalOut, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String]
            }
        }
        let applied = "486da519d3bb4f00a77ef1f723734c98"
        let drift = "5e7e88cc0e924b7cab38fcee8b1ca1f9"
        #expect(daemon.eventually(timeout: 5) { entries().contains { $0["MESSAGE_ID"] == drift } })
        let all = entries()
        #expect(!all.isEmpty)
        for entry in all {
            #expect(entry["SYSLOG_IDENTIFIER"] == "dom0tuned")
            #expect(entry["PRIORITY"].flatMap(Int.init).map { (0...7).contains($0) } == true)
            #expect(entry["CODE_FILE"]?.isEmpty == false)
            #expect(entry["CODE_LINE"].flatMap(Int.init) != nil)
            #expect(entry["MESSAGE"] != nil)
            // journald drops fields that are not [A-Z0-9_] or start with '_'.
            for key in entry.keys {
                #expect(!key.hasPrefix("_") && key.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }, "\(key)")
            }
        }
        let appliedEntry = all.first { $0["MESSAGE_ID"] == applied }
        #expect(appliedEntry?["DOM0TUNED_WEIGHT"] == "512")
        #expect(appliedEntry?["DOM0TUNED_SCHEDULER"] == "credit2")
        #expect(appliedEntry?["PRIORITY"] == "5")
        let driftEntry = all.first { $0["MESSAGE_ID"] == drift }
        #expect(driftEntry?["DOM0TUNED_OLD_WEIGHT"] == "300")
        #expect(driftEntry?["DOM0TUNED_DRIFT_COUNT"] == "1")
        #expect(driftEntry?["PRIORITY"] == "4")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }
}
