import Testing
@testable import Dom0TuneCore

/// Feeds a tracker a synthetic series: time in seconds, cumulative pswpin/pswpout.
private struct Series {
    var tracker: SwapEpisodeTracker
    var pagesIn: UInt64 = 0
    var pagesOut: UInt64 = 0
    var steps: [SwapEpisodeTracker.Step] = []

    init(quiet: Duration = .seconds(5), threshold: Int = 1, kept: Int = 16) {
        tracker = SwapEpisodeTracker(
            settings: .init(sampleInterval: .seconds(10), swapPagesPerSec: threshold, quiet: quiet, keptEpisodes: kept))
    }

    /// Samples at `second` after `in`/`out` more pages moved.
    @discardableResult
    mutating func at(
        _ second: Double, in moreIn: UInt64 = 0, out moreOut: UInt64 = 0, trigger: Bool = false,
        memAvailable: UInt64 = 100_000, swapUsed: UInt64 = 0, pressure: Double? = nil
    ) -> SwapEpisodeTracker.Step {
        pagesIn &+= moreIn
        pagesOut &+= moreOut
        return sample(second, trigger: trigger, memAvailable: memAvailable, swapUsed: swapUsed, pressure: pressure)
    }

    /// Samples at `second` with the counters set to exact values.
    @discardableResult
    mutating func at(_ second: Double, counters: (UInt64, UInt64)) -> SwapEpisodeTracker.Step {
        (pagesIn, pagesOut) = counters
        return sample(second, trigger: false, memAvailable: 100_000, swapUsed: 0, pressure: nil)
    }

    private mutating func sample(
        _ second: Double, trigger: Bool, memAvailable: UInt64, swapUsed: UInt64, pressure: Double?
    ) -> SwapEpisodeTracker.Step {
        let time = Duration.milliseconds(Int64(second * 1000))
        let sample = MemorySample(
            time: time, wallClock: .seconds(1_800_000_000) + time, pagesSwappedIn: pagesIn, pagesSwappedOut: pagesOut,
            memInfo: MemInfo(memTotalKiB: 400_000, memAvailableKiB: memAvailable, swapTotalKiB: 1_000_000, swapFreeKiB: 1_000_000 - swapUsed),
            pressure: pressure.map { MemoryPressure(some: PressureLine(avg10: $0, avg60: 0, avg300: 0, totalMicroseconds: 0)) },
            wokenByTrigger: trigger)
        let step = tracker.observe(sample)
        steps.append(step)
        return step
    }

    var allEvents: [MemoryEvent] { steps.flatMap(\.events) }
    var starts: [SwapEpisodeStart] { allEvents.compactMap { if case .episodeStarted(let s) = $0 { s } else { nil } } }
    var ends: [SwapEpisode] { allEvents.compactMap { if case .episodeEnded(let e) = $0 { e } else { nil } } }
    var resets: [CounterReset] { allEvents.compactMap { if case .countersReset(let r) = $0 { r } else { nil } } }
}

@Suite struct SwapEpisodeTrackerTests {
    @Test func firstSample_hasNoRate_andAsksForAQuickSecondOne() {
        var series = Series()
        let step = series.at(0, in: 5_000, out: 90_000)  // counters since boot, not traffic
        #expect(step.rate == nil)
        #expect(step.events.isEmpty)
        #expect(step.nextDelay == .seconds(1))
        #expect(!series.tracker.isSwapping)
    }

    @Test func quietMemory_samplesAtTheQuietInterval_andNeverStarts() {
        var series = Series()
        series.at(0)
        for second in stride(from: 1.0, through: 100, by: 10) {
            let step = series.at(second)
            #expect(step.nextDelay == .seconds(10))
            #expect(step.rate?.pages == 0)
        }
        #expect(series.allEvents.isEmpty)
    }

    @Test func onset_startsAnEpisode_withTheFiguresOfThatMoment() throws {
        var series = Series()
        series.at(0)
        series.at(10)
        let step = series.at(11, in: 20, out: 400, memAvailable: 12_000, swapUsed: 1_680, pressure: 35.5)
        #expect(step.nextDelay == .seconds(1))
        let start = try #require(series.starts.first)
        #expect(start.number == 1)
        #expect(start.rate.pagesPerSecond == 420)
        #expect(start.memAvailableKiB == 12_000)
        #expect(start.swapUsedKiB == 1_680)
        #expect(start.pressureSomeAvg10 == 35.5)
        #expect(!start.byTrigger)
        #expect(step.ongoing?.start == start)
    }

    @Test func slowTrickleBelowTheThreshold_doesNotStart() {
        var series = Series(threshold: 10)
        series.at(0)
        series.at(10, out: 50)  // 5 pages/s < 10
        #expect(series.starts.isEmpty)
        series.at(20, out: 100)  // 10 pages/s
        #expect(series.starts.count == 1)
    }

    @Test func trigger_startsAnEpisode_whenAnyPageMoved() {
        var series = Series(threshold: 100)
        series.at(0)
        series.at(10)
        series.at(13, out: 3, trigger: true)  // 1 page/s, far below 100, but the trigger fired
        #expect(series.starts.count == 1)
        #expect(series.starts.first?.byTrigger == true)
    }

    @Test func trigger_withoutSwapTraffic_doesNotStart_butLooksAgainInASecond() {
        var series = Series()
        series.at(0)
        series.at(1)
        let step = series.at(4, trigger: true, pressure: 60)
        #expect(series.starts.isEmpty)
        #expect(step.nextDelay == .seconds(1))
        #expect(series.tracker.totals.triggerWakeups == 1)
        // Alert for a quiet interval after the wake-up, then back to the quiet pace.
        #expect(series.at(5).nextDelay == .seconds(1))
        #expect(series.at(13.9).nextDelay == .seconds(1))
        #expect(series.at(14).nextDelay == .seconds(10))
        #expect(series.starts.isEmpty)
    }

    @Test func swapOutBetweenTwoTriggerFirings_isSeenWithinASecond() {
        var series = Series(threshold: 100)
        series.at(0)
        series.at(10)
        #expect(series.at(12, trigger: true, pressure: 20).nextDelay == .seconds(1))
        #expect(series.at(13).nextDelay == .seconds(1))  // nothing moved yet, still alert
        series.at(14, out: 500)  // no new firing: the trigger waits out its window
        #expect(series.starts.map(\.detectedAt) == [.seconds(14)])
        #expect(series.starts.first?.byTrigger == false)
    }

    @Test func pressureJustBeforeSwapOut_isCaughtByTheFollowUpSample() {
        var series = Series()
        series.at(0)
        series.at(1)
        #expect(series.at(2, trigger: true, pressure: 30).nextDelay == .seconds(1))
        series.at(3, out: 64)  // the pages went out after the wake-up
        #expect(series.starts.map(\.rate.pagesOut) == [64])
    }

    @Test func recovery_endsTheEpisodeAfterQuietTime_withItsAccount() throws {
        var series = Series(quiet: .seconds(5))
        series.at(0)
        series.at(1, in: 10, out: 100, memAvailable: 9_000, pressure: 20)  // start: interval 0–1 s
        series.at(2, in: 5, out: 300, memAvailable: 7_000, swapUsed: 1_600, pressure: 45)
        series.at(3, out: 50, memAvailable: 8_000, pressure: 30)  // last traffic at 3 s
        for second in 4...7 { #expect(series.at(Double(second)).events.isEmpty) }
        let step = series.at(8)  // 5 s without traffic
        #expect(step.nextDelay == .seconds(10))
        #expect(step.ongoing == nil)
        let episode = try #require(series.ends.first)
        #expect(episode.pagesIn == 15)
        #expect(episode.pagesOut == 450)
        #expect(episode.peakPagesPerSecond == 305)
        #expect(episode.peakPressureSomeAvg10 == 45)
        #expect(episode.lowestMemAvailableKiB == 7_000)
        #expect(episode.peakSwapUsedKiB == 1_600)
        #expect(episode.duration == .seconds(3))  // from 0 s (interval start) to 3 s
        #expect(episode.endWallClock == .seconds(1_800_000_008))
        #expect(series.tracker.recent == [episode])
        #expect(!series.tracker.isSwapping)
    }

    @Test func duringAnEpisode_samplesEverySecond() {
        var series = Series(quiet: .seconds(30))
        series.at(0)
        #expect(series.at(1, out: 10).nextDelay == .seconds(1))
        #expect(series.at(2).nextDelay == .seconds(1))
        #expect(series.at(3).ongoing != nil)
    }

    @Test func flapping_fasterThanQuietTime_isOneEpisode() {
        var series = Series(quiet: .seconds(5))
        series.at(0)
        var second = 1.0
        for _ in 0..<10 {  // 1 s of swapping, 3 s quiet, repeated
            series.at(second, out: 200)
            for _ in 0..<3 { second += 1; series.at(second) }
            second += 1
        }
        #expect(series.starts.count == 1)
        #expect(series.ends.isEmpty)
        for _ in 0..<6 { second += 1; series.at(second) }
        #expect(series.ends.count == 1)
        #expect(series.ends.first?.pagesOut == 2_000)
    }

    @Test func flapping_slowerThanQuietTime_isSeparateEpisodes_numbered() {
        var series = Series(quiet: .seconds(2))
        series.at(0)
        var second = 0.0
        for _ in 0..<3 {
            second += 1; series.at(second, in: 50)
            for _ in 0..<3 { second += 1; series.at(second) }
        }
        #expect(series.starts.map(\.number) == [1, 2, 3])
        #expect(series.ends.count == 3)
    }

    @Test func keepsOnlyTheLastEpisodes() {
        var series = Series(quiet: .seconds(1), kept: 2)
        series.at(0)
        var second = 0.0
        for _ in 0..<5 { second += 1; series.at(second, out: 9); second += 1; series.at(second) }
        #expect(series.ends.count == 5)
        #expect(series.tracker.recent.map(\.start.number) == [4, 5])
        #expect(series.tracker.totals.episodesEnded == 5)
    }

    @Test func counterWrapAt64Bits_countsTheWrappedPages() {
        var series = Series()
        series.at(0, counters: (UInt64.max - 9, 0))
        let step = series.at(1, counters: (20, 0))
        #expect(step.rate?.pagesIn == 30)
        #expect(series.resets.isEmpty)
        #expect(series.starts.first?.rate.pagesIn == 30)
    }

    @Test func counterWrapAt32Bits_countsTheWrappedPages() {
        var series = Series()
        series.at(0, counters: (UInt64(UInt32.max) - 4, 7))
        let step = series.at(1, counters: (5, 7))
        #expect(step.rate?.pagesIn == 10)
        #expect(series.resets.isEmpty)
    }

    @Test func counterGoingBackwards_resetsTheBaseline_withoutANegativeRate() {
        var series = Series()
        series.at(0, counters: (1_000_000, 2_000_000))
        series.at(10, counters: (1_000_000, 2_000_000))
        let step = series.at(20, counters: (12, 40))
        #expect(step.rate == nil)
        #expect(series.resets.map(\.cause) == [.wentBackwards])
        #expect(series.starts.isEmpty)
        #expect(step.nextDelay == .seconds(1))  // a rate again soon
        let after = series.at(21, counters: (12, 40))
        #expect(after.rate?.pages == 0)  // measured from the new baseline
        #expect(series.starts.isEmpty)
    }

    @Test func implausibleJump_isAResetNotAnEpisode() {
        var series = Series()
        series.at(0, counters: (0, 0))
        series.at(1, counters: (0, 1 << 40))
        #expect(series.resets.map(\.cause) == [.implausibleJump])
        #expect(series.starts.isEmpty)
    }

    @Test func counterResetDuringAnEpisode_keepsTheEpisodeGoing() {
        var series = Series(quiet: .seconds(5))
        series.at(0, counters: (0, 1_000))
        series.at(1, counters: (0, 2_000))
        #expect(series.tracker.isSwapping)
        let step = series.at(2, counters: (0, 10))
        #expect(step.ongoing != nil)
        #expect(step.nextDelay == .seconds(1))
        series.at(3, counters: (0, 10))
        #expect(series.ends.isEmpty)
    }

    @Test func sameInstant_measuresNothing_andTimeGoingBackwards_resets() {
        var series = Series()
        series.at(5)
        let same = series.at(5, out: 10, trigger: true)
        #expect(same.rate == nil)
        #expect(series.allEvents.isEmpty)
        series.at(3, out: 10)
        #expect(series.resets.map(\.cause) == [.timeWentBackwards])
    }

    @Test func reconfiguredQuietTime_appliesToTheEpisodeGoingOn() {
        var series = Series(quiet: .seconds(60))
        series.at(0)
        series.at(1, out: 10)
        series.at(2)
        series.tracker.settings.quiet = .seconds(2)
        series.at(3)
        #expect(series.ends.count == 1)
    }

    @Test func totalsAddUpAcrossSamples() {
        var series = Series()
        series.at(0, in: 100, out: 100)
        series.at(10, in: 1, out: 2)
        series.at(20, in: 3, out: 4)
        #expect(series.tracker.totals.pagesIn == 4)
        #expect(series.tracker.totals.pagesOut == 6)
        #expect(series.tracker.totals.samples == 3)
    }

    @Test(arguments: [
        (UInt64(5), UInt64(9), UInt64(100), SwapEpisodeTracker.Delta.traffic(4)),
        (5, 500, 100, .implausibleJump),
        (UInt64.max, 0, 100, .traffic(1)),
        (UInt64(UInt32.max), 0, 100, .traffic(1)),
        (1_000, 10, 100, .wentBackwards),
        (UInt64(UInt32.max) + 10, 3, 100, .wentBackwards),
    ])
    func counterDelta(old: UInt64, new: UInt64, limit: UInt64, expected: SwapEpisodeTracker.Delta) {
        #expect(SwapEpisodeTracker.delta(old: old, new: new, limit: limit) == expected)
    }
}
