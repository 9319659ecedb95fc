/// The memory watch's decisions, as a pure state machine: fed one ``MemorySample`` at
/// a time, it says what happened (episode started, going on, ended; counters reset) and
/// when to sample next. The host reads the files and the clocks and acts on the answer.
///
/// - An episode **starts** when the swap rate over the last interval reaches
///   `swapPagesPerSec`, or when the PSI trigger woke the watch and any page moved.
/// - It **ends** once `quiet` has passed since the last sample that saw any page move
///   (hysteresis: starting needs the threshold, staying needs only some traffic).
/// - **Sampling**: every `sampleInterval` while quiet; every second during an episode;
///   once a second later after the first sample or a counter reset (to get a rate soon);
///   and every second for `sampleInterval` after each trigger wake-up (pressure often
///   precedes the first swap-out, and a trigger fires at most once per window, so the
///   pages that go out between two firings are seen within a second, not ten).
/// - A counter that goes down is a **wrap** when the wrapped difference (at 64 or 32
///   bits) is plausible for the time elapsed; otherwise it is a **reset**: the new values
///   become the baseline and no rate is computed. Rates are never negative.
public struct SwapEpisodeTracker: Sendable {
    public struct Settings: Sendable, Equatable {
        public var sampleInterval: Duration
        public var episodeInterval: Duration
        public var swapPagesPerSec: Int
        public var quiet: Duration
        /// How many ended episodes are kept for the control socket.
        public var keptEpisodes: Int

        public init(
            sampleInterval: Duration = .seconds(10), episodeInterval: Duration = .seconds(1),
            swapPagesPerSec: Int = 1, quiet: Duration = .seconds(30), keptEpisodes: Int = 16
        ) {
            self.sampleInterval = sampleInterval
            self.episodeInterval = episodeInterval
            self.swapPagesPerSec = swapPagesPerSec
            self.quiet = quiet
            self.keptEpisodes = keptEpisodes
        }

        public init(_ memory: MemorySettings, keptEpisodes: Int = 16) {
            self.init(
                sampleInterval: memory.sampleInterval, swapPagesPerSec: memory.swapPagesPerSec,
                quiet: memory.quiet, keptEpisodes: keptEpisodes)
        }
    }

    /// The answer to one sample.
    public struct Step: Sendable, Equatable {
        /// What happened, in order (at most a reset and a start, or an end).
        public var events: [MemoryEvent]
        /// The traffic since the previous sample, `nil` for a first sample or after a reset.
        public var rate: SwapRate?
        /// The episode going on after this sample (peaks so far), `nil` when quiet.
        public var ongoing: SwapEpisode?
        /// When to sample next, unless the trigger fires first.
        public var nextDelay: Duration
    }

    /// Swap can't move more than this many pages per second (64 GiB/s of 4 KiB pages);
    /// a larger difference is a reset, not traffic.
    static let plausiblePagesPerSecond: UInt64 = 1 << 24

    public var settings: Settings
    /// The episode going on, `nil` when quiet.
    public private(set) var current: SwapEpisode?
    /// Ended episodes, oldest first, at most `settings.keptEpisodes`.
    public private(set) var recent: [SwapEpisode] = []
    /// The last sample taken, `nil` before the first.
    public private(set) var lastSample: MemorySample?
    /// The rate of the last sample, when it had one.
    public private(set) var lastRate: SwapRate?
    public private(set) var totals = MemoryTotals()

    private var baseline: MemorySample?
    /// When the PSI trigger last woke the watch.
    private var lastTriggerAt: Duration?

    public init(settings: Settings) {
        self.settings = settings
    }

    public var isSwapping: Bool { current != nil }

    /// Takes one sample in and says what it means.
    public mutating func observe(_ sample: MemorySample) -> Step {
        totals.samples += 1
        if sample.wokenByTrigger {
            totals.triggerWakeups += 1
            lastTriggerAt = sample.time
        }
        defer { lastSample = sample }
        var events: [MemoryEvent] = []

        guard let previous = baseline else {
            baseline = sample
            lastRate = nil
            current?.fold(memInfo: sample.memInfo, pressure: sample.pressure)
            return Step(events: [], rate: nil, ongoing: current, nextDelay: settings.episodeInterval)
        }

        let elapsed = sample.time - previous.time
        if elapsed <= .zero {
            if elapsed < .zero {
                events.append(.countersReset(reset(.timeWentBackwards, previous, sample)))
                baseline = sample
            }
            // Same instant (a trigger and a timer together): nothing to measure yet.
            lastRate = nil
            current?.fold(memInfo: sample.memInfo, pressure: sample.pressure)
            return Step(events: events, rate: nil, ongoing: current, nextDelay: nextDelay(afterReset: !events.isEmpty, at: sample.time))
        }

        let limit = Self.plausibleLimit(elapsed)
        let deltaIn = Self.delta(old: previous.pagesSwappedIn, new: sample.pagesSwappedIn, limit: limit)
        let deltaOut = Self.delta(old: previous.pagesSwappedOut, new: sample.pagesSwappedOut, limit: limit)
        baseline = sample
        guard case .traffic(let pagesIn) = deltaIn, case .traffic(let pagesOut) = deltaOut else {
            let cause: CounterReset.Cause =
                deltaIn == .implausibleJump || deltaOut == .implausibleJump ? .implausibleJump : .wentBackwards
            events.append(.countersReset(reset(cause, previous, sample)))
            totals.counterResets += 1
            lastRate = nil
            current?.fold(memInfo: sample.memInfo, pressure: sample.pressure)
            return Step(events: events, rate: nil, ongoing: current, nextDelay: nextDelay(afterReset: true, at: sample.time))
        }

        let rate = SwapRate(pagesIn: pagesIn, pagesOut: pagesOut, interval: elapsed)
        lastRate = rate
        totals.pagesIn &+= pagesIn
        totals.pagesOut &+= pagesOut

        if var episode = current {
            episode.record(rate, at: sample.time, memInfo: sample.memInfo, pressure: sample.pressure)
            if sample.time - episode.lastTrafficAt >= settings.quiet {
                episode.endWallClock = sample.wallClock
                current = nil
                recent.append(episode)
                if recent.count > max(settings.keptEpisodes, 0) { recent.removeFirst(recent.count - max(settings.keptEpisodes, 0)) }
                totals.episodesEnded += 1
                events.append(.episodeEnded(episode))
                return Step(events: events, rate: rate, ongoing: nil, nextDelay: settings.sampleInterval)
            }
            current = episode
            return Step(events: events, rate: rate, ongoing: episode, nextDelay: settings.episodeInterval)
        }

        let threshold = Double(max(settings.swapPagesPerSec, 1))
        guard rate.pagesPerSecond >= threshold || (sample.wokenByTrigger && rate.pages > 0) else {
            // Pressure often comes just before the first pages go out to swap: look
            // again in a second rather than after the quiet interval.
            return Step(events: events, rate: rate, ongoing: nil, nextDelay: quietDelay(at: sample.time))
        }
        totals.episodesStarted += 1
        let start = SwapEpisodeStart(
            number: totals.episodesStarted, detectedAt: sample.time, wallClock: sample.wallClock, rate: rate,
            byTrigger: sample.wokenByTrigger, memAvailableKiB: sample.memInfo?.memAvailableKiB,
            swapUsedKiB: sample.memInfo?.swapUsedKiB, pressureSomeAvg10: sample.pressure?.some.avg10)
        var episode = SwapEpisode(start: start)
        episode.fold(memInfo: sample.memInfo, pressure: sample.pressure)
        current = episode
        events.append(.episodeStarted(start))
        return Step(events: events, rate: rate, ongoing: episode, nextDelay: settings.episodeInterval)
    }

    private func nextDelay(afterReset: Bool, at time: Duration) -> Duration {
        current != nil || afterReset ? settings.episodeInterval : quietDelay(at: time)
    }

    /// No episode: every second while a trigger woke the watch in the last
    /// `sampleInterval`, else the quiet interval.
    private func quietDelay(at time: Duration) -> Duration {
        if let lastTriggerAt, time - lastTriggerAt < settings.sampleInterval { return settings.episodeInterval }
        return settings.sampleInterval
    }

    private func reset(_ cause: CounterReset.Cause, _ previous: MemorySample, _ sample: MemorySample) -> CounterReset {
        CounterReset(
            cause: cause, previousPagesIn: previous.pagesSwappedIn, previousPagesOut: previous.pagesSwappedOut,
            pagesIn: sample.pagesSwappedIn, pagesOut: sample.pagesSwappedOut, wallClock: sample.wallClock)
    }

    enum Delta: Equatable {
        case traffic(UInt64)
        case wentBackwards
        case implausibleJump
    }

    static func plausibleLimit(_ elapsed: Duration) -> UInt64 {
        let seconds = UInt64(max(elapsed.components.seconds, 0)) + 1
        let (limit, overflow) = seconds.multipliedReportingOverflow(by: plausiblePagesPerSecond)
        return overflow ? .max : limit
    }

    /// The growth of a counter from `old` to `new`, allowing a wrap at 64 bits (or at
    /// 32 bits for a counter that fit 32 bits, as on 32-bit kernels).
    static func delta(old: UInt64, new: UInt64, limit: UInt64) -> Delta {
        if new >= old { return new - old <= limit ? .traffic(new - old) : .implausibleJump }
        let wrapped64 = new &- old
        if wrapped64 <= limit { return .traffic(wrapped64) }
        if old <= UInt64(UInt32.max), new <= UInt64(UInt32.max) {
            let wrapped32 = (UInt64(UInt32.max) - old) + new + 1
            if wrapped32 <= limit { return .traffic(wrapped32) }
        }
        return .wentBackwards
    }
}

/// Counts since the memory watch started.
public struct MemoryTotals: Sendable, Equatable {
    public var samples = 0
    public var triggerWakeups = 0
    public var episodesStarted = 0
    public var episodesEnded = 0
    public var counterResets = 0
    /// Pages swapped in and out across all measured intervals.
    public var pagesIn: UInt64 = 0
    public var pagesOut: UInt64 = 0

    public init() {}
}
