import Dom0TuneCore
import Glibc
import Testing
@testable import Dom0TuneHost

/// The built `dom0ctl` binary, beside the test bundle in the build directory.
let dom0ctlPath: String = {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let exe = count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    return String(exe[..<(exe.lastIndex(of: "/") ?? exe.startIndex)]) + "/dom0ctl"
}()

func dom0ctl(_ arguments: [String], as user: Bool = false) -> ProcessResult {
    var argv = [dom0ctlPath] + arguments
    if user { argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + argv }
    return ProcessRunner().runSync(argv, timeout: .seconds(20))
}

/// Runs the built `dom0ctl` against a server on a temporary socket, one test per subcommand.
@Suite(.enabled(if: access(dom0ctlPath, X_OK) == 0, "dom0ctl is built"))
struct Dom0ctlTests {
    @Test func status() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["status", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout.hasPrefix("dom0tuned 0.1.0 running, up 1h 2m\nweight      512 (target 512), scheduler credit2\n"))
        #expect(result.stdout.contains("remedy: set autoballoon=\"off\" in /etc/xen/xl.conf"))
    }

    @Test func statusJSONIsTheRawResult() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["status", "--json", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(try JSONValue.parse(result.stdout) == normalized(testView().statusJSON))
    }

    @Test func checkExitsWithTheWorstSeverity() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["check", "--socket", harness.path])
        #expect(result.termination == .exited(2))
        #expect(result.stdout.hasPrefix("DOM0TUNED CRITICAL - 2 of 3 checks need attention\n"))
        let refreshed = dom0ctl(["check", "--refresh", "--json", "--socket", harness.path])
        #expect(refreshed.termination == .exited(2))
        #expect(CheckReport.parse(try JSONValue.parse(refreshed.stdout))?.checks.count == 3)
    }

    @Test func checkExitsZeroWhenAllIsWell() throws {
        let view = testView(checks: [CheckResult(id: "sched.weight", severity: .ok, summary: "dom0's weight is 512")])
        let harness = try ServerHarness(handler: testHandler(view: view))
        defer { harness.stop() }
        let result = dom0ctl(["check", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "DOM0TUNED OK - all 1 checks ok\nok        sched.weight  dom0's weight is 512\n")
    }

    @Test func checkExitsThreeWhenTheDaemonIsNotRunning() {
        let directory = makeTemporaryDirectory()
        defer { removeTree(directory) }
        let result = dom0ctl(["check", "--socket", directory + "/control.sock"])
        #expect(result.termination == .exited(3))
        #expect(result.stderr.contains("dom0tuned is not running"))
        #expect(result.stderr.contains("systemctl start dom0tuned"))
        #expect(dom0ctl(["status", "--socket", directory + "/control.sock"]).termination == .exited(3))
    }

    @Test func memory() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["memory", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "memAvailableKiB  301234\nepisodes         none\n")
    }

    @Test func events() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["events", "-n", "5", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "2026-11-28T06:00:00Z  apply  weight 512 applied (credit2)\n")
        #expect(dom0ctl(["events", "--limit", "0", "--socket", harness.path]).termination == .exited(64))
    }

    @Test func reapply() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["reapply", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "weight 512 applied (credit2)\n")
    }

    @Test func reload() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["reload", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout == "changed  Scheduler.Weight\n")
    }

    @Test func metrics() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let result = dom0ctl(["metrics", "--socket", harness.path])
        #expect(result.termination == .exited(0))
        #expect(result.stdout == testView().metricsText)
        #expect(result.stdout.contains("\ndom0tuned_dom0_weight 512\n"))
    }

    @Test func anUnprivilegedUserMayReadButNotReapply() throws {
        let harness = try ServerHarness { $0.mode = 0o666 }
        defer { harness.stop() }
        #expect(dom0ctl(["status", "--socket", harness.path], as: true).termination == .exited(0))
        #expect(dom0ctl(["metrics", "--socket", harness.path], as: true).termination == .exited(0))
        for command in ["reapply", "reload"] {
            let refused = dom0ctl([command, "--socket", harness.path], as: true)
            #expect(refused.termination == .exited(1))
            #expect(refused.stderr.contains("permission-denied"))
            #expect(refused.stderr.contains("Run it as root"))
        }
    }

    @Test func aUserOutsideTheGroupIsToldHowToGetIn() throws {
        let harness = try ServerHarness()  // mode 0660, root's group
        defer { harness.stop() }
        let result = dom0ctl(["status", "--socket", harness.path], as: true)
        #expect(result.termination == .exited(3))
        #expect(result.stderr.contains("permission denied"))
        #expect(result.stderr.contains("member of group 'adm'"))
    }

    @Test func completionsComeFromTheParser() {
        let result = dom0ctl(["--generate-completion-script", "bash"])
        #expect(result.termination == .exited(0))
        #expect(result.stdout.contains("reapply"))
    }
}
