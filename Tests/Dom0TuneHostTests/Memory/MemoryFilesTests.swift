import Dom0TuneCore
import Dom0TuneHost
import Glibc
import Testing

@Suite struct MemoryFilesTests {
    @Test func samplesARootedTreeOfRealCaptures() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        let files = MemoryFiles(root: tree.root)
        let (sample, problems) = try files.sample(time: .seconds(7), wallClock: .seconds(1), wokenByTrigger: false)
        #expect(problems.isEmpty)
        #expect(sample.time == .seconds(7))
        #expect(sample.pagesSwappedOut == 0)
        #expect(sample.memInfo?.memAvailableKiB == 348_228)
        #expect(sample.pressure?.full != nil)
        #expect(try files.swaps().isEmpty)
    }

    @Test func withoutPSI_theSampleHasNoPressure_andThatIsNoProblem() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        try tree.remove("proc/pressure/memory")
        let (sample, problems) = try MemoryFiles(root: tree.root).sample(time: .zero, wallClock: .zero, wokenByTrigger: false)
        #expect(sample.pressure == nil)
        #expect(problems.isEmpty)
    }

    @Test func garbledMeminfo_isReported_butTheSampleStillCounts() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        try tree.write("proc/meminfo", "MemTotal: lots\n")
        let (sample, problems) = try MemoryFiles(root: tree.root).sample(time: .zero, wallClock: .zero, wokenByTrigger: false)
        #expect(sample.memInfo == nil)
        #expect(problems.map(\.description) == ["/proc/meminfo:1: MemTotal: 'lots' is not a valid number"])
    }

    @Test func missingOrTruncatedVmstat_failsTheSample() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        try tree.write("proc/vmstat", "pswpin 1\npswpout")
        #expect(throws: MemoryReadError.parse(ProcParseError(file: "/proc/vmstat", reason: .truncated))) {
            try MemoryFiles(root: tree.root).vmstat()
        }
        try tree.remove("proc/vmstat")
        let error = #expect(throws: MemoryReadError.self) { try MemoryFiles(root: tree.root).vmstat() }
        guard case .system(let system) = error else { Issue.record("expected a system error"); return }
        #expect(system.errno == ENOENT)
    }
}

@Suite struct MemorySwapCheckOnceTests {
    @Test func oneShotCheck_onTheRealCapture_isOk() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        let result = MemoryWatch.checkOnce(root: tree.root, interval: .milliseconds(1))
        #expect(result.id == "mem.swap")
        #expect(result.severity == .ok)
        #expect(result.summary == "dom0 is not swapping (no swap configured)")
    }

    @Test func oneShotCheck_withSwapInUse_warns_andWithoutFiles_isUnknown() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        try tree.write("proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 500 kB\nSwapTotal: 2048 kB\nSwapFree: 1024 kB\n")
        #expect(MemoryWatch.checkOnce(root: tree.root, interval: .milliseconds(1)).severity == .warning)
        let empty = try FakeProcTree()
        #expect(MemoryWatch.checkOnce(root: empty.root, interval: .milliseconds(1)).severity == .unknown)
    }
}
