import Dispatch
import Dom0TuneCore
import Foundation
import Logging
import Testing

@testable import Dom0TuneHost

/// A value behind a lock, shared between the service's queue and the test.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { lock.withLock { body(&value) } }
}

/// A CheckService on a fixture tree, with wrappers around the fake xl and the fake
/// xenstore-watch that point them at this tree (no process-wide environment).
final class ServiceHarness: @unchecked Sendable {
    let tree: CheckTree
    let queue = DispatchQueue(label: "test.state")
    let log = LogRecorder()
    let changes = LockedBox<[CheckTracker.Change]>([])
    var service: CheckService!
    var xenstore: String { tree.directory.path + "/xs" }

    init() throws {
        tree = try CheckTree()
        try tree.directory.write("xs/.keep", "")
        try tree.directory.write(
            "bin/xl", "#!/bin/sh\nFAKE_XL_CAPTURES='\(tree.captures)' exec '\(TestPaths.repository)/Tests/Dom0TuneHostTests/Fixtures/fake-xl-captures' \"$@\"\n")
        try tree.directory.write(
            "bin/xenstore-watch", "#!/bin/sh\nFAKE_XS_DIR='\(xenstore)' exec '\(TestPaths.repository)/Tests/Dom0TuneHostTests/Fixtures/fake-xenstore-watch' \"$@\"\n")
        for name in ["xl", "xenstore-watch"] { chmod(tree.directory.path + "/bin/" + name, 0o755) }
        var config = Config()
        config.scheduler.weight = 256
        config.toolstack.xl = tree.directory.path + "/bin/xl"
        config.toolstack.xenstoreWatch = tree.directory.path + "/bin/xenstore-watch"
        let logger = log.logger
        let root = tree.root
        queue.sync {
            service = CheckService(
                queue: queue, files: RootedFileSystem(root: root), runner: ProcessRunner(), logger: logger, config: config
            ) { .init(scheduler: .credit2, weight: 256, source: "test") }
            service.onChange = { [changes] change in changes.withLock { $0.append(change) } }
        }
    }

    /// Runs every check and starts the watchers, as the daemon does before READY=1.
    func start() async -> [CheckResult] {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                var config = Config()
                config.scheduler.weight = 256
                config.toolstack.xl = tree.directory.path + "/bin/xl"
                config.toolstack.xenstoreWatch = tree.directory.path + "/bin/xenstore-watch"
                service.start(config: config)
                service.runAll { results in continuation.resume(returning: results) }
            }
        }
    }

    func stop() { queue.sync { service.stop() } }

    /// Waits until a change for `id` arrives; returns it and how long it took.
    func waitForChange(_ id: CheckID, timeout: Duration = .seconds(5)) async -> (CheckTracker.Change, Duration)? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if let change = changes.withLock({ $0.first { $0.result.id == id.rawValue } }) {
                return (change, clock.now - start)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    func fire(_ path: String) throws {
        let name = path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "@", with: "_")
        try tree.directory.write("xs/fire-" + name, "")
    }

    var watchStarts: Int { (tree.directory.read("xs/pids") ?? "").split(separator: "\n").count }
}


@Suite(.serialized) struct CheckServiceTests {
    @Test func runsEveryCheckBeforeReadyAndLogsNothingWhenAllIsWell() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        let results = await harness.start()
        #expect(results.count == CheckID.allCases.count)
        #expect(results.allSatisfy { $0.severity == .ok }, "\(results.filter { $0.severity != .ok })")
        #expect(harness.log.entries.filter { $0.metadata["check"] != nil }.isEmpty)
    }

    @Test func anOverlappingNewGuestIsReportedWithinTwoSecondsOfIntroduceDomain() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        _ = await harness.start()
        // Let the watches register (each prints its path once).
        try await Task.sleep(for: .milliseconds(300))
        try harness.tree.xl("list", CheckTree.capture("with-domu/xl-list.txt"))
        try harness.tree.xl("vcpu-list", CheckTree.capture("with-domu/xl-vcpu-list.txt").replacingOccurrences(of: "1 / all\n", with: "all / all\n"))
        try harness.fire("@introduceDomain")
        let found = await harness.waitForChange(.cpuGuestOverlap)
        let (change, latency) = try #require(found)
        #expect(change.result.severity == .warning)
        #expect(change.previous == .ok)
        #expect(latency < .seconds(2))
        if ProcessInfo.processInfo.environment["DOM0TUNED_PRINT_LATENCY"] != nil { print("introduceDomain → finding: \(latency)") }
        let entry = try #require(harness.log.entries.first { $0.metadata["check"] == "cpu.guest-overlap" })
        #expect(entry.level == .warning)
        #expect(entry.metadata["message_id"] == "\(MessageID.checkCpuGuestOverlap)")
        #expect(entry.metadata["severity"] == "warning")
        #expect(entry.metadata["remedy"].map { "\($0)" }?.contains("xl vcpu-pin tiny all 1") == true)
    }

    @Test func aChangedDom0MemoryTargetRereadsXlList() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        _ = await harness.start()
        try await Task.sleep(for: .milliseconds(300))
        try harness.tree.xl("list", CheckTree.capture("credit2/xl-list.txt").replacingOccurrences(of: "   512     1", with: "   384     1"))
        try harness.fire("/local/domain/0/memory/target")
        let found = await harness.waitForChange(.memDom0Actual)
        #expect(found?.0.result.severity == .warning)
        #expect(found?.0.result.summary == "dom0 has 384 MiB instead of 512 MiB: it was ballooned down")
    }

    @Test func anEditorsRenameReplaceOfXlConfIsSeenAndLoggedOnce() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        _ = await harness.start()
        let conf = try CheckTree.capture("etc/xen-xl.conf").replacingOccurrences(of: "#autoballoon=\"auto\"", with: "autoballoon=\"on\"")
        try harness.tree.file("etc/xen/.xl.conf.swp", conf)
        #expect(rename(harness.tree.root + "/etc/xen/.xl.conf.swp", harness.tree.root + "/etc/xen/xl.conf") == 0)
        let found = await harness.waitForChange(.memAutoballoon)
        let (change, _) = try #require(found)
        #expect(change.result.severity == .warning)
        // The same finding again (another save) is not logged again.
        try harness.tree.file("etc/xen/xl.conf", conf + "# saved again\n")
        try await Task.sleep(for: .milliseconds(600))
        #expect(harness.changes.withLock { $0.filter { $0.result.id == "mem.autoballoon" }.count } == 1)
        #expect(harness.log.entries.filter { $0.metadata["check"] == "mem.autoballoon" }.count == 1)
        // Fixing it is a change again (back to ok).
        try harness.tree.file("etc/xen/xl.conf", conf.replacingOccurrences(of: "autoballoon=\"on\"", with: "autoballoon=0"))
        try await Task.sleep(for: .milliseconds(600))
        let last = harness.changes.withLock { $0.last { $0.result.id == "mem.autoballoon" } }
        #expect(last?.result.severity == .ok && last?.previous == .warning)
    }

    @Test func aNewGuestConfigAndACronLineAreSeen() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        _ = await harness.start()
        try harness.tree.file("etc/xen/web.cfg", "name = \"web\"\nvcpus = 2\n")
        try harness.tree.file("etc/cron.d/weight", "@reboot root xl sched-credit2 -d Domain-0 -w 512\n")
        let overlap = await harness.waitForChange(.cpuGuestOverlap)
        let actors = await harness.waitForChange(.conflictActors)
        #expect(overlap?.0.result.severity == .warning)
        #expect(actors?.0.result.severity == .warning)
    }

    @Test func aDeadXenstoreWatchIsRestarted() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        _ = await harness.start()
        try await Task.sleep(for: .milliseconds(300))
        let before = harness.watchStarts
        #expect(before == 1)  // one xenstore-watch for all three paths
        try harness.tree.directory.write("xs/die", "")
        try await Task.sleep(for: .milliseconds(300))
        try FileManager.default.removeItem(atPath: harness.xenstore + "/die")
        try await Task.sleep(for: .milliseconds(1500))
        #expect(harness.watchStarts >= 2)
        #expect(harness.log.entries.contains { $0.message.contains("connection lost") && $0.message.contains("restarting in") })
    }

    @Test func theMemoryWatchCanFeedSwapState() async throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        _ = await harness.start()
        harness.queue.sync {
            harness.service.swapCheckProvider = {
                CheckResult(id: "mem.swap", severity: .critical, summary: "dom0 is swapping (120 pages/s now, episode #1 for 3 s)")
            }
            harness.service.memoryChanged()
        }
        let found = await harness.waitForChange(.memSwap, timeout: .seconds(1))
        #expect(found?.0.result.severity == .critical)
        let results = harness.queue.sync { harness.service.results }
        #expect(results.first { $0.id == "mem.swap" }?.summary == "dom0 is swapping (120 pages/s now, episode #1 for 3 s)")
    }
}
