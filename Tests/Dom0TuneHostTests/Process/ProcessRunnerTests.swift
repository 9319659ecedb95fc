import Dom0TuneHost
import Glibc
import Testing

/// The runner sleeps until the child exits (no polling in short slices), yet never
/// stalls a child with much to say and never waits on a grandchild holding a pipe.
@Suite struct ProcessRunnerTests {
    let runner = ProcessRunner()

    @Test func aQuickCommand_givesItsOutputAndStatus() {
        let result = runner.runSync(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(10))
        #expect(result.termination == .exited(3))
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }

    @Test func outputLargerThanAPipe_isCapturedWhole_andPromptly() {
        // 400 KiB: far more than a pipe holds, so the child blocks until we read.
        let result = runner.runSync(
            ["/bin/sh", "-c", "head -c 409600 /dev/zero | tr '\\0' x"], timeout: .seconds(20))
        #expect(result.termination == .exited(0))
        #expect(result.stdout.utf8.count == 409_600)
        #expect(result.duration < .seconds(3))
    }

    @Test func aChildThatExits_whileAGrandchildHoldsItsPipe_isReportedPromptly() {
        let result = runner.runSync(["/bin/sh", "-c", "sleep 30 & echo started"], timeout: .seconds(20))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "started\n")
        #expect(result.duration < .seconds(2))
    }

    @Test func aHangingCommand_isKilledAtItsDeadline() {
        let result = runner.runSync(["/bin/sh", "-c", "sleep 30 & sleep 30"], timeout: .milliseconds(300))
        #expect(result.termination == .timedOut)
        #expect(result.duration < .seconds(2))
    }

    @Test func afterShutDown_aNewChildIsKilledAtOnce() {
        let closed = ProcessRunner()
        closed.shutDown()
        let result = closed.runSync(["/bin/sleep", "30"], timeout: .seconds(20))
        #expect(result.termination == .signalled(SIGKILL))
        #expect(result.duration < .seconds(2))
    }
}
