import Foundation
import Testing

/// The built daemon, run for real against the fake xl 4.17, a temp root and a notify
/// socket the test owns.
@Suite(.timeLimit(.minutes(2)))
struct DaemonLifecycleTests {
    @Test(arguments: ["credit2", "credit"])
    func ready_isSentOnlyAfterDom0WeightIs512(scheduler: String) throws {
        let daemon = try DaemonHarness(scheduler: scheduler, weight: 256)
        try daemon.start()
        let ready = daemon.notify.waitFor { NotifyListener.has($0, "READY=1") }
        // The weight file is read the moment READY=1 arrives: it must already be set.
        #expect(daemon.xl("weight") == "512")
        #expect(ready != nil, "no READY=1; stderr: \(daemon.stderr)")
        let calls = daemon.xlCalls
        #expect(calls.contains("sched-\(scheduler) -d Domain-0 -w 512"))
        let set = calls.lastIndex(of: "sched-\(scheduler) -d Domain-0 -w 512")
        let readBack = calls.lastIndex(of: "sched-\(scheduler) -d Domain-0")
        #expect(set != nil && readBack != nil && set! < readBack!, "the weight is read back after setting it")
        // The audit runs before READY=1 too, after tuning: xl info, list, vcpu-list.
        #expect(calls.suffix(3).sorted() == ["info", "list", "vcpu-list"], "\(calls)")
        if let ready { #expect(daemon.notify.messages[ready].contains("dom0 weight 512 (\(scheduler))")) }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func drift_isRestoredWithinTheCheckInterval_andCounted() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") } != nil)
        try daemon.setXl("weight", "300")
        let restored = daemon.notify.waitFor(timeout: 5) { $0.contains("1 drift restored") }
        #expect(restored != nil, "stderr: \(daemon.stderr)")
        #expect(daemon.xl("weight") == "512")
        // Log lines are written asynchronously: wait for this one too.
        #expect(daemon.eventually(timeout: 5) { daemon.stderr.contains("drifted to 300; restored 512") })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func periodicCheck_isOneXlCall_whenNothingChanged() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") } != nil)
        let before = daemon.xlCalls.count
        Thread.sleep(forTimeInterval: 3.5)
        let periodic = Array(daemon.xlCalls.dropFirst(before))
        #expect(!periodic.isEmpty)
        #expect(periodic.allSatisfy { $0 == "sched-credit2 -d Domain-0" }, "\(periodic)")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func sighup_withValidConfig_reloadsAndAppliesTheNewWeight() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let ready = try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") })
        try daemon.directory.write(
            "dom0tuned.conf", "[Scheduler]\nWeight=600\nCheckIntervalSec=1\n[Toolstack]\nXl=\(TestPaths.fakeXl)\n")
        daemon.signal(SIGHUP)
        let reloading = try #require(daemon.notify.waitFor(from: ready + 1) { NotifyListener.has($0, "RELOADING=1") })
        #expect(daemon.notify.messages[reloading].contains("MONOTONIC_USEC="))
        let readyAgain = daemon.notify.waitFor(from: reloading + 1) { NotifyListener.has($0, "READY=1") }
        #expect(readyAgain != nil)
        #expect(daemon.xl("weight") == "600")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func sighup_withInvalidConfig_keepsTheOldOne_andNamesFileAndLine() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        let ready = try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") })
        try daemon.directory.write("dom0tuned.conf", "[Scheduler]\nWeight=lots\n")
        daemon.signal(SIGHUP)
        let readyAgain = daemon.notify.waitFor(from: ready + 1) { NotifyListener.has($0, "READY=1") }
        #expect(readyAgain != nil)
        #expect(daemon.eventually(timeout: 5) {
            daemon.stderr.contains("dom0tuned.conf:2: Weight= must be an integer from 1 to 65535")
        })
        #expect(daemon.isRunning)
        // Still enforcing the old weight with the old (fake) xl.
        try daemon.setXl("weight", "100")
        #expect(daemon.eventually(timeout: 5) { daemon.xl("weight") == "512" })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func sigterm_sendsStopping_andExitsZero() throws {
        let daemon = try DaemonHarness()
        try daemon.start()
        try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 3) == 0)
        #expect(daemon.notify.waitFor(timeout: 1) { NotifyListener.has($0, "STOPPING=1") } != nil)
    }

    @Test func sigterm_inTheMiddleOfAnApply_exitsPromptly_andKillsXl() throws {
        let daemon = try DaemonHarness(
            config: "[Toolstack]\nXl=\(TestPaths.fakeXl)\nTimeoutSec=60\n")
        try daemon.setXl("mode", "hang")
        try daemon.start()
        #expect(daemon.eventually { !daemon.xlCalls.isEmpty })
        Thread.sleep(forTimeInterval: 0.2)
        let started = Date()
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit(timeout: 5) == 0)
        #expect(Date().timeIntervalSince(started) < 3)
        #expect(daemon.notify.waitFor(timeout: 1) { NotifyListener.has($0, "STOPPING=1") } != nil)
        #expect(leftoverSleepers(in: daemon.xlState) == 0)
    }

    @Test func hangingXl_isKilledAtTheDeadline_andTheDaemonCarriesOn() throws {
        let daemon = try DaemonHarness(
            config: "[Scheduler]\nCheckIntervalSec=1\n[Toolstack]\nXl=\(TestPaths.fakeXl)\nTimeoutSec=1\n")
        try daemon.start()
        try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") } != nil)
        try daemon.setXl("hang-sched-get", "yes")
        let failing = daemon.notify.waitFor(timeout: 8) { $0.contains("did not answer") }
        #expect(failing != nil, "stderr: \(daemon.stderr)")
        #expect(daemon.isRunning)
        // The timed-out group (xl and its grandchild) is gone.
        #expect(daemon.eventually(timeout: 3) { leftoverSleepers(in: daemon.xlState) <= 1 })
        // Recovery is noticed.
        try FileManager.default.removeItem(atPath: daemon.xlState + "/hang-sched-get")
        #expect(daemon.notify.waitFor(from: failing ?? 0, timeout: 8) { $0.contains("dom0 weight 512") } != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func hangingToolstack_atStartup_isWaitedFor_withStatus() throws {
        let daemon = try DaemonHarness(
            config: "[Toolstack]\nXl=\(TestPaths.fakeXl)\nTimeoutSec=1\n")
        try daemon.setXl("mode", "hang")
        try daemon.start()
        let waiting = daemon.notify.waitFor(timeout: 6) { $0.contains("Waiting for the Xen toolstack") }
        #expect(waiting != nil, "stderr: \(daemon.stderr)")
        #expect(!daemon.notify.messages.contains { NotifyListener.has($0, "READY=1") })
        try daemon.setXl("mode", "normal")
        #expect(daemon.notify.waitFor(timeout: 15) { NotifyListener.has($0, "READY=1") } != nil)
        #expect(daemon.xl("weight") == "512")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func missingXl_givesAClearStatus_andRetries() throws {
        let daemon = try DaemonHarness(config: "[Toolstack]\nXl=/nonexistent/xl\n")
        try daemon.start()
        let first = daemon.notify.waitFor(timeout: 5) { $0.contains("attempt 1") && $0.contains("/nonexistent/xl") }
        #expect(first != nil, "\(daemon.notify.messages)")
        #expect(daemon.notify.waitFor(timeout: 5) { $0.contains("attempt 3") } != nil)
        #expect(daemon.notify.messages.contains { $0.contains("No such file or directory") })
        #expect(daemon.isRunning)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func schedulerWithoutWeight_isReported_andTheDaemonRuns() throws {
        let daemon = try DaemonHarness(scheduler: "rtds")
        try daemon.start()
        let ready = daemon.notify.waitFor { NotifyListener.has($0, "READY=1") }
        #expect(ready != nil)
        if let ready { #expect(daemon.notify.messages[ready].contains("rtds has no weight")) }
        #expect(daemon.eventually(timeout: 5) {
            daemon.stderr.contains("warning: dom0's cpupool scheduler rtds has no weight")
        })
        #expect(!daemon.xlCalls.contains { $0.contains("-w") })
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func notDom0_exitsWithStatus4_andSaysWhy() throws {
        let daemon = try DaemonHarness(dom0: false)
        try daemon.start()
        #expect(daemon.waitForExit() == 4)
        #expect(daemon.stderr.contains("lacks control_d"))
        #expect(daemon.xlCalls.isEmpty)
    }

    @Test func invalidConfig_atStartup_exits1_withFileAndLine() throws {
        let daemon = try DaemonHarness(config: "[Scheduler]\nWeight=512\nCheckIntervalSec=never\n")
        try daemon.start()
        #expect(daemon.waitForExit() == 1)
        #expect(daemon.stderr.contains("dom0tuned.conf:3: CheckIntervalSec= must be"))
    }

    @Test func watchdog_isPingedAtHalfThePeriod_whenSystemdAsksForIt() throws {
        let daemon = try DaemonHarness()
        try daemon.start(environment: ["WATCHDOG_USEC": "2000000"])
        let ready = try #require(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") })
        let first = daemon.notify.waitFor(from: ready, timeout: 3) { NotifyListener.has($0, "WATCHDOG=1") }
        #expect(first != nil)
        let second = daemon.notify.waitFor(from: (first ?? ready) + 1, timeout: 3) { NotifyListener.has($0, "WATCHDOG=1") }
        #expect(second != nil)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func capIsOnlySet_whenConfigured() throws {
        let daemon = try DaemonHarness(
            config: "[Scheduler]\nCap=50\n[Toolstack]\nXl=\(TestPaths.fakeXl)\n")
        try daemon.start()
        #expect(daemon.notify.waitFor { NotifyListener.has($0, "READY=1") } != nil)
        #expect(daemon.xlCalls.contains("sched-credit2 -d Domain-0 -w 512 -c 50"))
        #expect(daemon.xl("cap") == "50")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }
}

/// `sleep 1000` processes the fake xl left behind for this test's state directory.
func leftoverSleepers(in stateDirectory: String) -> Int {
    // The fake xl's hang mode runs `sleep 1000` with FAKE_XL_DIR in its environment.
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    var count = 0
    for pid in entries where Int(pid) != nil {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
            comm.hasPrefix("sleep"),
            let environ = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        else { continue }
        if String(decoding: environ, as: UTF8.self).contains("FAKE_XL_DIR=\(stateDirectory)") { count += 1 }
    }
    return count
}
