import Dom0TuneCore
import Foundation
import Testing
@testable import Dom0TuneHost

/// The built `dom0ctl` against the built daemon (fake xl 4.17, temp root, temp socket in
/// group nogroup), one test per subcommand, plus the acceptance checks of issue 5.
@Suite(.timeLimit(.minutes(2)))
struct Dom0ctlDaemonTests {
    /// A daemon that is READY, its control socket at `<dir>/run/control.sock`.
    final class Running {
        let daemon: DaemonHarness
        var socket: String { daemon.directory.path + "/run/control.sock" }

        init(weight: Int = 256, extra: String = "") throws {
            daemon = try DaemonHarness(weight: weight)
            let path = daemon.directory.path
            try daemon.directory.write(
                "dom0tuned.conf",
                """
                [Scheduler]
                CheckIntervalSec=1
                [Toolstack]
                Xl=\(TestPaths.fakeXl)
                TimeoutSec=2
                [Control]
                Socket=\(path)/run/control.sock
                Group=nogroup
                \(extra)
                """)
            // nobody must traverse to the socket for the setpriv tests.
            chmod(path, 0o755)
            try daemon.start()
            _ = try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") }, "stderr: \(daemon.stderr)")
        }

        func ctl(_ arguments: [String], asNobody: Bool = false) -> ProcessResult {
            dom0ctl(arguments + ["--socket", socket], as: asNobody)
        }

        deinit {
            daemon.signal(SIGTERM)
            _ = daemon.waitForExit()
        }
    }

    @Test func status() throws {
        let running = try Running()
        let result = running.ctl(["status"])
        #expect(result.termination == .exited(0), "\(result.stderr)")
        #expect(result.stdout.contains("weight      512 (target 512), scheduler credit2"))
    }

    @Test func check() throws {
        let running = try Running()
        let result = running.ctl(["check", "--json"])
        let report = CheckReport.parse(try JSONValue.parse(result.stdout))
        #expect(report != nil)
        #expect(result.termination == .exited(report?.severity.exitStatus ?? 99))
    }

    @Test func memory() throws {
        let running = try Running()
        #expect(running.ctl(["memory"]).termination == .exited(0))
    }

    @Test func eventsShowTheApplyAndADrift() throws {
        let running = try Running()
        try running.daemon.setXl("weight", "300")
        #expect(running.daemon.eventually(timeout: 5) { running.daemon.xl("weight") == "512" })
        #expect(running.daemon.eventually(timeout: 2) { running.ctl(["events"]).stdout.contains("drift") })
        let result = running.ctl(["events"])
        #expect(result.stdout.split(separator: "\n").contains {
            $0.contains(" apply ") && $0.hasSuffix("applied dom0 weight 512 (credit2)")
        })
        #expect(result.stdout.contains("weight drifted to 300, restored 512"))
    }

    @Test func reapply() throws {
        let running = try Running()
        try running.daemon.setXl("weight", "100")
        let result = running.ctl(["reapply", "--json"])
        #expect(result.termination == .exited(0), "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["weight"] == 512)
        #expect(running.daemon.xl("weight") == "512")
    }

    @Test func reload() throws {
        let running = try Running()
        let result = running.ctl(["reload"])
        #expect(result.termination == .exited(0), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("configuration reloaded from "))
    }

    @Test func metricsShowTheWeight() throws {
        let running = try Running()
        let result = running.ctl(["metrics"])
        #expect(result.termination == .exited(0))
        #expect(result.stdout.contains("\ndom0tuned_dom0_weight 512\n"))
        #expect(result.stdout.contains("dom0tuned_info{version=\"\(Dom0Tune.version)\",scheduler=\"credit2\"} 1"))
    }

    @Test func theSocketIsRootAndGroupOnly_andRemovedOnStop() throws {
        let running = try Running()
        var info = stat()
        #expect(lstat(running.socket, &info) == 0)
        #expect(info.st_mode & 0o7777 == 0o660)
        #expect(info.st_gid == 65534)
        running.daemon.signal(SIGTERM)
        #expect(running.daemon.waitForExit() == 0)
        #expect(lstat(running.socket, &info) != 0)
    }

    @Test func aGroupMemberMayReadButAnUnprivilegedReapplyIsRefused() throws {
        let running = try Running()
        #expect(running.ctl(["status"], asNobody: true).termination == .exited(0))
        let refused = running.ctl(["reapply"], asNobody: true)
        #expect(refused.termination == .exited(1))
        #expect(refused.stderr.contains("permission-denied"))
    }

    @Test func hostileClientsLeaveTheDaemonAnsweringWithinASecond() throws {
        let running = try Running()
        var idle: [RawConnection] = []
        for _ in 0..<200 { idle.append(try RawConnection(path: running.socket)) }
        let big = try RawConnection(path: running.socket)
        big.send([UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20) + [0x0A])
        let garbage = try RawConnection(path: running.socket)
        garbage.send((0..<8192).map { _ in UInt8.random(in: 0...255) } + [0x0A])
        let result = running.ctl(["status"])
        #expect(result.termination == .exited(0))
        #expect(result.duration < .seconds(1), "dom0ctl status took \(result.duration)")
        #expect(running.daemon.isRunning)
    }

    @Test func writesTheMetricsTextfile() throws {
        let directory = try TemporaryDirectory()
        let running = try Running(extra: "[Metrics]\nTextfilePath=\(directory.path)/dom0tuned.prom")
        #expect(running.daemon.eventually(timeout: 3) { directory.read("dom0tuned.prom")?.contains("dom0tuned_dom0_weight 512") == true })
    }
}
