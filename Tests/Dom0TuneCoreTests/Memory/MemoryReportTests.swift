import Testing
@testable import Dom0TuneCore

private func swappingTracker() -> SwapEpisodeTracker {
    var tracker = SwapEpisodeTracker(settings: .init(quiet: .seconds(5)))
    let info = MemInfo(memTotalKiB: 399_024, memAvailableKiB: 8_192, swapTotalKiB: 1_048_572, swapFreeKiB: 1_046_524)
    let pressure = MemoryPressure(
        some: PressureLine(avg10: 41.5, avg60: 10, avg300: 2, totalMicroseconds: 9_000_000),
        full: PressureLine(avg10: 12.25, avg60: 3, avg300: 1, totalMicroseconds: 3_000_000))
    _ = tracker.observe(MemorySample(time: .seconds(100), wallClock: .seconds(1_795_000_000), pagesSwappedIn: 0, pagesSwappedOut: 0, memInfo: info))
    _ = tracker.observe(
        MemorySample(
            time: .seconds(101), wallClock: .seconds(1_795_000_001), pagesSwappedIn: 12, pagesSwappedOut: 500,
            memInfo: info, pressure: pressure, wokenByTrigger: true))
    return tracker
}

@Suite struct MemoryEventReportTests {
    @Test func episodeStart_carriesItsMessageIDAndJournalFields() throws {
        let tracker = swappingTracker()
        let start = try #require(tracker.current?.start)
        let event = MemoryEvent.episodeStarted(start)
        let fields = Dictionary(uniqueKeysWithValues: event.fields.map { ($0.key, $0.value) })
        #expect(fields["message_id"] == MessageID.swapEpisodeStarted)
        #expect(fields["swap_rate"] == "512")
        #expect(fields["mem_available_kib"] == "8192")
        #expect(fields["swap_used_kib"] == "2048")
        #expect(fields["pressure_some_avg10"] == "41.50")
        #expect(event.message == "dom0 is swapping: 512 pages/s (in 12, out 500 over 1 s), MemAvailable 8 MiB, swap used 2 MiB, memory pressure some avg10 41.50%")
        #expect(event.json["time"]?.stringValue == "2026-11-18T11:06:41.000Z")
    }

    @Test func fieldKeysAreValidJournalFieldNames() throws {
        var tracker = swappingTracker()
        let end = try #require(
            tracker.observe(MemorySample(time: .seconds(110), wallClock: .seconds(1_795_000_010), pagesSwappedIn: 12, pagesSwappedOut: 500)).events.first)
        for event in [end, .episodeStarted(try #require(tracker.recent.first?.start))] {
            for (key, _) in event.fields {
                #expect(key.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
            }
        }
        guard case .episodeEnded(let episode) = end else { Issue.record("expected an end, got \(end)"); return }
        let fields = Dictionary(uniqueKeysWithValues: end.fields.map { ($0.key, $0.value) })
        #expect(fields["message_id"] == MessageID.swapEpisodeEnded)
        #expect(fields["duration_sec"] == "1")
        #expect(fields["pages_out"] == "500")
        #expect(fields["peak_pressure_some_avg10"] == "41.50")
        #expect(fields["peak_pressure_full_avg10"] == "12.25")
        #expect(episode.json["ended"]?.stringValue == "2026-11-18T11:06:50.000Z")
    }

    @Test func messageIDsAreInTheCatalog() throws {
        let catalog = try MemoryFixture.repositoryText("packaging/systemd/dom0tuned.catalog")
        for id in [MessageID.swapEpisodeStarted, MessageID.swapEpisodeEnded] {
            #expect(id.utf8.count == 32)
            #expect(catalog.contains("-- \(id)\n"))
        }
    }
}

@Suite struct MemorySnapshotTests {
    @Test func snapshotBeforeAnySample_isStarting() {
        let snapshot = MemorySnapshot(tracker: SwapEpisodeTracker(settings: .init()), mode: .sampling(reason: "test"))
        #expect(snapshot.state == .starting)
        #expect(snapshot.json["memory"]?["memAvailableKiB"] == .null)
        #expect(snapshot.json["current"] == .null)
    }

    @Test func snapshotWhileSwapping_showsFiguresAndTheEpisode() throws {
        let snapshot = MemorySnapshot(tracker: swappingTracker(), mode: .trigger(PressureTriggerSpec(MemorySettings()), unprivileged: false))
        #expect(snapshot.state == .swapping)
        let json = snapshot.json
        #expect(json["state"]?.stringValue == "swapping")
        #expect(json["memory"]?["swapUsedKiB"]?.intValue == 2048)
        #expect(json["swapRate"]?["pagesPerSec"]?.doubleValue == 512)
        #expect(json["pressure"]?["full"]?["avg10"]?.doubleValue == 12.25)
        #expect(json["current"]?["number"]?.intValue == 1)
        #expect(json["totals"]?["triggerWakeups"]?.intValue == 1)
        // Round-trips through the project's JSON parser.
        #expect(try JSONValue.parse(json.serialized()).serialized() == json.serialized())
    }
}

@Suite struct MemoryStatusSummaryTests {
    @Test func saysSwappingAndHowTheWatchWorks() {
        let trigger = MemoryWatchMode.trigger(PressureTriggerSpec(MemorySettings()), unprivileged: false)
        #expect(MemorySnapshot(tracker: swappingTracker(), mode: trigger).statusSummary == "SWAPPING 512 pages/s (PSI trigger)")
        let fallback = MemorySnapshot(tracker: SwapEpisodeTracker(settings: .init()), mode: .sampling(reason: "EPERM"))
        #expect(fallback.statusSummary == "memory watch starting (sampling only, no PSI trigger)")
        #expect(fallback.source == "sampling only (no PSI trigger: EPERM), sampling every 10 s")
        #expect(MemorySnapshot(tracker: swappingTracker(), mode: .off).statusSummary == "memory watch off")
    }

    @Test func quietWithSwapInUse_mentionsIt() {
        var tracker = swappingTracker()
        _ = tracker.observe(
            MemorySample(
                time: .seconds(110), pagesSwappedIn: 12, pagesSwappedOut: 500,
                memInfo: MemInfo(swapTotalKiB: 1_048_572, swapFreeKiB: 1_046_524)))
        let snapshot = MemorySnapshot(tracker: tracker, mode: .trigger(PressureTriggerSpec(MemorySettings()), unprivileged: true))
        #expect(snapshot.statusSummary == "not swapping, 2 MiB in swap (PSI trigger)")
        #expect(snapshot.json["trigger"]?["unprivileged"] == .bool(true))
        #expect(snapshot.json["recent"]?[0]?["pagesOut"]?.intValue == 500)
    }
}

@Suite struct MemorySwapCheckTests {
    @Test func criticalWhileSwapping() {
        let result = MemorySwapCheck.evaluate(MemorySnapshot(tracker: swappingTracker(), mode: .trigger(PressureTriggerSpec(MemorySettings()), unprivileged: false)))
        #expect(result.id == "mem.swap")
        #expect(result.severity == .critical)
        #expect(result.summary.hasPrefix("dom0 is swapping (512 pages/s now"))
        #expect(result.remedy?.contains("dom0_mem=") == true)
        #expect(result.evidence.contains { $0.hasPrefix("/proc/vmstat: pswpin +12, pswpout +500") })
    }

    @Test func warningWhenSwapHoldsPagesButNothingMoves() {
        var tracker = swappingTracker()
        _ = tracker.observe(
            MemorySample(
                time: .seconds(110), pagesSwappedIn: 12, pagesSwappedOut: 500,
                memInfo: MemInfo(memTotalKiB: 399_024, memAvailableKiB: 200_000, swapTotalKiB: 1_048_572, swapFreeKiB: 1_046_524)))
        let swaps = [SwapDevice(filename: "/dev/vda2", type: "partition", sizeKiB: 1_048_572, usedKiB: 2048, priority: -2)]
        let result = MemorySwapCheck.evaluate(MemorySnapshot(tracker: tracker, mode: .sampling(reason: "test")), swaps: swaps)
        #expect(result.severity == .warning)
        #expect(result.summary == "dom0 has 2 MiB in swap but is not swapping now")
        #expect(result.remedy?.contains("swapoff -a && swapon -a") == true)
        #expect(result.evidence.contains("/proc/swaps: /dev/vda2 (partition) 2048 of 1048572 kB used"))
    }

    @Test func okOnTheRealCaptureWithoutSwap() throws {
        var tracker = SwapEpisodeTracker(settings: .init())
        let info = try MemInfo.parse(MemoryFixture.text("proc-meminfo.txt"))
        let stat = try VMStat.parse(MemoryFixture.text("proc-vmstat.txt"))
        _ = tracker.observe(MemorySample(time: .seconds(1), pagesSwappedIn: stat.pagesSwappedIn, pagesSwappedOut: stat.pagesSwappedOut, memInfo: info))
        let result = MemorySwapCheck.evaluate(MemorySnapshot(tracker: tracker, mode: .sampling(reason: "test")))
        #expect(result.severity == .ok)
        #expect(result.summary == "dom0 is not swapping (no swap configured)")
        #expect(result.remedy == nil)
    }

    @Test func unknownWithoutAReading_orWhenTheWatchIsOff() {
        let none = MemorySwapCheck.evaluate(MemorySnapshot(state: .starting, mode: .sampling(reason: "test"), lastError: "/proc/meminfo: empty"))
        #expect(none.severity == .unknown)
        #expect(none.evidence.contains("last error: /proc/meminfo: empty"))
        let off = MemorySwapCheck.evaluate(MemorySnapshot(state: .disabled, mode: .off))
        #expect(off.summary == "memory watch is off ([Memory] Watch=no)")
    }
}

@Suite struct PressureTriggerSpecTests {
    @Test func defaultSettingsWakeAtFivePercentOfAOneSecondWindow() {
        let spec = PressureTriggerSpec(MemorySettings())
        #expect(spec.text == "some 50000 1000000")
        #expect(spec.bytes.last == 0)
        #expect(spec.bytes.count == "some 50000 1000000".utf8.count + 1)
        #expect(spec.description == "some 50ms per 1s")
    }

    @Test func stallIsKeptWithinTheWindow() {
        #expect(PressureTriggerSpec(stall: .seconds(5), window: .seconds(1)).stallMicroseconds == 1_000_000)
        #expect(PressureTriggerSpec(stall: .zero, window: .seconds(1)).stallMicroseconds == 1)
    }

    @Test func unprivilegedVariantUsesAWindowMultipleOfTwoSecondsAtTheSameRatio() {
        let spec = PressureTriggerSpec(stall: .milliseconds(150), window: .seconds(1))
        #expect(spec.unprivileged?.text == "some 300000 2000000")
        #expect(PressureTriggerSpec(stall: .milliseconds(500), window: .seconds(3)).unprivileged?.text == "some 666667 4000000")
        #expect(PressureTriggerSpec(stall: .milliseconds(100), window: .seconds(2)).unprivileged == nil)
    }
}

@Suite struct WallClockFormatTests {
    @Test(arguments: [
        (Duration.zero, "1970-01-01T00:00:00.000Z"), (.milliseconds(951_782_400_123), "2000-02-29T00:00:00.123Z"),
        (.seconds(1_795_000_001), "2026-11-18T11:06:41.000Z"), (.seconds(4_102_444_799), "2099-12-31T23:59:59.000Z"),
    ])
    func formatsUTC(_ time: Duration, _ text: String) {
        #expect(WallClockFormat.rfc3339(time) == text)
    }
}
