import Dispatch
import Dom0TuneCore
import Dom0TuneHost
import Glibc
import Logging
import Testing

/// The watch on fake /proc trees: the trigger cannot be armed there (not procfs), so
/// these exercise the sampling path, driven by `sampleNow()` instead of the timer.
@Suite struct MemoryWatchTests {
    let tree: FakeProcTree
    let queue = DispatchQueue(label: "test.memory-watch")
    let log = LogRecorder()
    let events = Collected<MemoryEvent>()
    let statuses = Collected<String>()

    init() throws {
        tree = try FakeProcTree()
        try tree.populateFromFixtures()
        try tree.setSwapCounters(in: 0, out: 0)
    }

    func makeWatch(_ settings: MemorySettings = MemorySettings()) -> MemoryWatch {
        let events = self.events
        let statuses = self.statuses
        return queue.sync {
            let watch = MemoryWatch(
                settings: settings, root: tree.root, queue: queue, logger: log.logger, onEvent: { events.append($0) })
            watch.onStatusChange = { statuses.append($0) }
            return watch
        }
    }

    @Test func onFakeTree_fallsBackToSampling_andSaysSo() throws {
        let watch = makeWatch()
        let snapshot = queue.sync {
            watch.start()
            defer { watch.stop() }
            return watch.snapshot
        }
        #expect(snapshot.state == .quiet)
        guard case .sampling(let reason) = snapshot.mode else { Issue.record("expected sampling, got \(snapshot.mode)"); return }
        #expect(reason.contains("not on procfs"))
        #expect(statuses.values.contains("not swapping (sampling only, no PSI trigger)"))
        #expect(log.entries.contains { $0.level == .notice && $0.message.hasPrefix("no memory pressure trigger") })
        // Nothing was written into the fake pressure file.
        #expect(try MemoryFiles(root: tree.root).pressure().some.avg10 == 0)
    }

    @Test func swapOnset_logsAWarningWithItsMessageID_andReportsTheEvent() throws {
        let watch = makeWatch()
        queue.sync { watch.start() }
        try tree.setSwapCounters(in: 10, out: 5_000)
        let (snapshot, check) = queue.sync {
            watch.sampleNow()
            defer { watch.stop() }
            return (watch.snapshot, watch.swapCheck)
        }
        #expect(snapshot.state == .swapping)
        #expect(check.severity == .critical)
        guard case .episodeStarted(let start) = events.values.first else {
            Issue.record("expected an episode start, got \(events.values)")
            return
        }
        #expect(start.rate.pagesIn == 10 && start.rate.pagesOut == 5_000)
        #expect(start.memAvailableKiB == 348_228)
        let warning = try #require(log.entries.first { $0.level == .warning })
        #expect(warning.metadata["message_id"] == MessageID.swapEpisodeStarted)
        #expect(warning.metadata["mem_available_kib"] == "348228")
        #expect(warning.metadata["swap_used_kib"] == "0")
        #expect(warning.metadata["pressure_some_avg10"] == "0.00")
        #expect(warning.metadata["swap_rate"] != nil)
        #expect(MemorySwapCheck.evaluate(snapshot).severity == .critical)
        #expect(statuses.values.contains { $0.hasPrefix("SWAPPING") })
        #expect(statuses.values.last == "memory watch off")
    }

    @Test func recovery_logsTheEndAsInfo_withTheEpisodesAccount() throws {
        var settings = MemorySettings()
        settings.quiet = .nanoseconds(1)  // the next quiet sample ends it
        let watch = makeWatch(settings)
        queue.sync { watch.start() }
        try tree.setSwapCounters(in: 0, out: 300)
        queue.sync { watch.sampleNow() }
        try tree.setSwapCounters(in: 4, out: 500)
        queue.sync { watch.sampleNow() }
        let snapshot = queue.sync {
            watch.sampleNow()  // no traffic
            defer { watch.stop() }
            return watch.snapshot
        }
        #expect(snapshot.state == .quiet)
        #expect(snapshot.recent.count == 1)
        #expect(events.values.map(\.kind) == ["swap-episode-started", "swap-episode-ended"])
        let info = try #require(log.entries.first { $0.metadata["message_id"] == MessageID.swapEpisodeEnded })
        #expect(info.level == .info)
        #expect(info.metadata["pages_in"] == "4")
        #expect(info.metadata["pages_out"] == "500")
        #expect(info.metadata["peak_swap_rate"] != nil)
        #expect(info.metadata["duration_sec"] != nil)
    }

    @Test func countersGoingBackwards_areANoticeNotAnEpisode() throws {
        try tree.setSwapCounters(in: 1_000_000, out: 1_000_000)
        let watch = makeWatch()
        queue.sync { watch.start() }
        try tree.setSwapCounters(in: 3, out: 3)
        queue.sync {
            watch.sampleNow()
            watch.stop()
        }
        #expect(events.values.map(\.kind) == ["swap-counters-reset"])
        #expect(log.entries.contains { $0.level == .notice && $0.metadata["reset_cause"] == "went-backwards" })
    }

    @Test func unreadableVmstat_isLoggedOnce_andShownInTheSnapshot() throws {
        let watch = makeWatch()
        try tree.remove("proc/vmstat")
        let snapshot = queue.sync {
            watch.start()
            watch.sampleNow()
            watch.sampleNow()
            defer { watch.stop() }
            return watch.snapshot
        }
        #expect(snapshot.state == .starting)
        #expect(snapshot.lastError?.hasPrefix("open ") == true)
        #expect(log.entries.filter { $0.message.hasPrefix("memory watch cannot read") }.count == 1)
        #expect(MemorySwapCheck.evaluate(snapshot).severity == .unknown)
    }

    @Test func watchOff_doesNothing_untilReconfiguredOn_andStopsWhenTurnedOff() {
        var off = MemorySettings()
        off.watch = false
        let watch = makeWatch(off)
        queue.sync {
            watch.start()
            #expect(watch.snapshot.state == .disabled)
            watch.reconfigure(MemorySettings())
            #expect(watch.snapshot.state == .quiet)
            watch.reconfigure(off)
            #expect(watch.snapshot.state == .disabled)
            #expect(watch.statusSummary == "memory watch off")
        }
    }

    @Test func reload_retriesTheTrigger_andStillSaysWhyNot() {
        let watch = makeWatch()
        queue.sync {
            watch.start()
            watch.reconfigure(MemorySettings())
            guard case .sampling = watch.snapshot.mode else { Issue.record("a fake tree has no trigger"); return }
            watch.stop()
        }
        #expect(log.entries.filter { $0.message.hasPrefix("no memory pressure trigger") }.count == 2)
    }

    @Test func reconfiguredThreshold_appliesToTheNextSample() throws {
        let watch = makeWatch()
        queue.sync { watch.start() }
        var settings = MemorySettings()
        settings.swapPagesPerSec = 1_000_000
        settings.sampleInterval = .seconds(3600)  // the timer never fires during the test
        try tree.setSwapCounters(in: 0, out: 1)
        queue.sync {
            watch.reconfigure(settings)
            watch.sampleNow()
            #expect(watch.snapshot.state == .quiet)
            #expect(watch.snapshot.sampleInterval == .seconds(3600))
            watch.stop()
        }
        #expect(events.values.isEmpty)
    }

    // MARK: - Quiet sampling on the daemon's ticker

    /// Polls `condition` on the queue every 20 ms for up to `seconds`.
    func eventually(_ seconds: Double, _ condition: @escaping () -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 50) {
            if queue.sync(execute: condition) { return true }
            usleep(20_000)
        }
        return queue.sync(execute: condition)
    }

    /// Runs `body` with a started watch whose quiet samples (every 100 ms) the ticker drives.
    func withWatchOnATicker(_ body: (MemoryWatch) throws -> Void) rethrows {
        var settings = MemorySettings()
        settings.sampleInterval = .milliseconds(100)
        let ticker = QuietTicker(target: queue)
        let watch = makeWatch(settings)
        queue.sync {
            watch.useTicker(ticker)
            watch.start()
        }
        defer {
            queue.sync { watch.stop() }
            ticker.stop()
        }
        try body(watch)
    }

    @Test func withATicker_quietCountersStayOnTheTicker_andMovementIsSampledOnTheQueue() throws {
        try withWatchOnATicker { watch in
            // The first sample's one-second follow-up runs on the timer; then the ticker drives.
            #expect(eventually(3) { watch.sampledByTicker })
            let samples = queue.sync { watch.snapshot.totals.samples }
            usleep(450_000)  // four ticks or so, counters unchanged
            #expect(queue.sync { watch.snapshot.totals.samples } == samples)
            #expect(queue.sync { watch.snapshot.state } == .quiet)

            try tree.setSwapCounters(in: 10, out: 5_000)
            #expect(eventually(1) { watch.snapshot.state == .swapping })
            // During the episode the one-second timer samples, not the ticker.
            #expect(queue.sync { watch.sampledByTicker } == false)
            #expect(events.values.contains { if case .episodeStarted = $0 { true } else { false } })
        }
    }

    @Test func withATicker_unreadableCounters_goBackToTheTimer() throws {
        try withWatchOnATicker { watch in
            #expect(eventually(3) { watch.sampledByTicker })
            try tree.write("proc/vmstat", "garbage\n")
            #expect(eventually(1) { watch.snapshot.lastError != nil })
            #expect(queue.sync { watch.sampledByTicker } == false)
        }
    }
}
