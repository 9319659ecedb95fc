import Foundation
import Testing

/// sd_journal_sendv blocks while journald is alive but not reading; the daemon must
/// keep tuning, notifying and stopping on time all the same.
@Suite(.timeLimit(.minutes(2)))
struct StalledJournalTests {
    static var canUnshare: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    }

    @Test(.enabled(if: canUnshare, "needs root and unshare(1) for a private /run"))
    func stalledJournal_doesNotStallTheDaemon() throws {
        let daemon = try DaemonHarness()
        let launcher = [
            "/usr/bin/unshare", "-m", "--propagation", "private",
            TestPaths.repository + "/Tests/Dom0TuneHostTests/Fixtures/stalled-journal",
        ]
        try daemon.start(launcher: launcher)
        let ready = daemon.notify.waitFor { NotifyListener.has($0, "READY=1") }
        #expect(ready != nil, "stderr: \(daemon.stderr)")
        #expect(daemon.stderr.contains("queue full"), "the journal socket was filled: \(daemon.stderr)")
        // The daemon chose the journal (its entries are stuck there, not on stderr).
        #expect(!daemon.stderr.contains("Applied dom0 weight"))
        // Tuning goes on while every log write is stuck.
        try daemon.setXl("weight", "300")
        #expect(daemon.notify.waitFor(timeout: 5) { $0.contains("1 drift restored") } != nil)
        #expect(daemon.xl("weight") == "512")
        let stopAsked = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
        #expect(Date().timeIntervalSince(stopAsked) < 3, "stopping must not wait on the stalled journal")
    }
}
