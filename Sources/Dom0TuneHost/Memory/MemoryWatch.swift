public import Dispatch
public import Dom0TuneCore
import Glibc
public import Logging
import Synchronization

/// The memory watch: samples `/proc/vmstat`, `/proc/meminfo` and
/// `/proc/pressure/memory`, wakes at once when the PSI trigger fires, and reports swap
/// episodes to the journal and to `onEvent`.
///
/// It owns a ``SwapEpisodeTracker`` and one timer, both on the daemon's state queue:
/// the timer fires every `[Memory] SampleIntervalSec=` while memory is quiet (never
/// more often) and every second during an episode. Every method must be called on
/// that queue, and ``stop()`` before the watch is released (it closes the trigger's
/// descriptors).
///
/// With a ``QuietTicker`` (``useTicker(_:)``), the quiet-interval samples are driven by
/// the ticker instead: at each tick its thread reads `/proc/vmstat` and comes to the
/// queue for a full sample only when `pswpin`/`pswpout` moved since the last sample (or
/// the read failed). During an episode, and for the one-second follow-ups after a first
/// sample, a reset or a trigger wake-up, the timer runs as without a ticker.
public final class MemoryWatch: @unchecked Sendable {
    private let queue: DispatchQueue
    private let logger: Logger
    private let files: MemoryFiles
    private let onEvent: (MemoryEvent) -> Void
    /// Called on the queue when ``statusSummary`` changes (for the daemon's `STATUS=`).
    public var onStatusChange: ((String) -> Void)?

    public private(set) var settings: MemorySettings
    private var tracker: SwapEpisodeTracker
    private var mode: MemoryWatchMode = .off
    private var trigger: PSITrigger?
    private var timer: (any DispatchSourceTimer)?
    private var running = false
    private var lastError: String?
    private var lastLoggedProblem: String?
    private var lastStatus: String?
    private var ticker: QuietTicker?
    private var tickerProbe: QuietTicker.Handle?
    /// The swap counters of the last sample while the ticker drives quiet sampling;
    /// `nil` while the timer does (episode, follow-ups, errors, stopped).
    private let quietBaseline = Mutex<QuietBaseline?>(nil)

    private struct QuietBaseline: Sendable {
        var pagesSwappedIn: UInt64
        var pagesSwappedOut: UInt64
    }

    /// The pressure file the trigger is armed on (rooted).
    private var pressurePath: String { files.files.path(MemoryPressure.path) }

    public init(
        settings: MemorySettings, root: String = "/", queue: DispatchQueue, logger: Logger,
        onEvent: @escaping (MemoryEvent) -> Void
    ) {
        self.settings = settings
        self.queue = queue
        self.logger = logger
        self.files = MemoryFiles(root: root)
        self.onEvent = onEvent
        self.tracker = SwapEpisodeTracker(settings: .init(settings))
    }

    /// What `dom0ctl memory` shows.
    public var snapshot: MemorySnapshot {
        dispatchPrecondition(condition: .onQueue(queue))
        return MemorySnapshot(tracker: tracker, mode: mode, lastError: lastError)
    }

    /// The memory part of `STATUS=`.
    public var statusSummary: String { snapshot.statusSummary }

    /// Whether a PSI trigger is armed (for tests and diagnostics).
    public var armedTrigger: PSITrigger? {
        dispatchPrecondition(condition: .onQueue(queue))
        return trigger
    }

    /// Lets `ticker` drive the quiet-interval samples (call before ``start()``).
    public func useTicker(_ ticker: QuietTicker) {
        dispatchPrecondition(condition: .onQueue(queue))
        self.ticker = ticker
    }

    /// Whether the ticker drives the sampling now (quiet, between episodes).
    public var sampledByTicker: Bool { quietBaseline.withLock { $0 != nil } }

    /// Arms the trigger (or falls back to sampling), takes the first sample and starts
    /// the timer. Does nothing when `[Memory] Watch=no` or already running.
    public func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard settings.watch, !running else {
            publishStatus()
            return
        }
        running = true
        armTrigger()
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.setEventHandler { [weak self] in self?.sample(byTrigger: false) }
        timer.schedule(deadline: .distantFuture)
        timer.resume()
        self.timer = timer
        if let ticker {
            tickerProbe = ticker.add(every: settings.sampleInterval) { [weak self] in self?.quietProbe() }
        }
        sample(byTrigger: false)
    }

    /// Cancels the timer and the trigger (its descriptors close on the queue).
    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        timer?.cancel()
        timer = nil
        if let tickerProbe { ticker?.remove(tickerProbe) }
        tickerProbe = nil
        quietBaseline.withLock { $0 = nil }
        trigger?.cancel()
        trigger = nil
        running = false
        mode = .off
        publishStatus()
    }

    /// New settings after a reload: thresholds apply at once (also to an episode going
    /// on); the trigger is re-armed when its spec changed, and arming is retried when
    /// it had failed; `Watch=` starts or stops.
    public func reconfigure(_ newSettings: MemorySettings) {
        dispatchPrecondition(condition: .onQueue(queue))
        let old = settings
        settings = newSettings
        tracker.settings = .init(newSettings, keptEpisodes: tracker.settings.keptEpisodes)
        guard newSettings.watch else {
            if running { stop() }
            return
        }
        guard running else {
            start()
            return
        }
        // A changed spec re-arms; a reload also retries a trigger that was refused.
        if PressureTriggerSpec(old) != PressureTriggerSpec(newSettings) || trigger == nil {
            trigger?.cancel()
            trigger = nil
            armTrigger()
        }
        if old.sampleInterval != newSettings.sampleInterval {
            if let tickerProbe { ticker?.setPeriod(tickerProbe, newSettings.sampleInterval) }
            if !tracker.isSwapping && !sampledByTicker { schedule(after: newSettings.sampleInterval) }
        }
        publishStatus()
    }

    /// Takes a sample now (e.g. before answering `dom0ctl memory`); the timer restarts
    /// from here.
    public func sampleNow() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard running else { return }
        sample(byTrigger: false)
    }

    /// Samples now when the ticker has kept the figures as they were for longer than the
    /// sample interval (quiet counters are not sampled), so that a report (`dom0ctl
    /// memory`, `status`) shows current MemAvailable and pressure.
    public func refreshFigures() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard running, sampledByTicker, let last = tracker.lastSample,
            MonotonicClock.now() - last.time >= settings.sampleInterval
        else { return }
        sample(byTrigger: false)
    }

    // MARK: - Internals

    private func armTrigger() {
        let spec = PressureTriggerSpec(settings)
        do {
            let armed = try PSITrigger(
                path: pressurePath, spec: spec, queue: queue,
                onFire: { [weak self] in self?.sample(byTrigger: true) },
                onLost: { [weak self] reason in self?.triggerLost(reason) })
            trigger = armed
            mode = .trigger(armed.spec, unprivileged: armed.unprivileged)
            if armed.unprivileged {
                logger.notice(
                    "memory pressure trigger armed with an unprivileged window: \(armed.spec) (\(spec) was refused)",
                    metadata: ["trigger": "\(armed.spec.text)"])
            } else {
                logger.info("memory pressure trigger armed: \(armed.spec)", metadata: ["trigger": "\(armed.spec.text)"])
            }
        } catch {
            trigger = nil
            mode = .sampling(reason: error.reason)
            logger.notice(
                "no memory pressure trigger (\(error.reason)); \(snapshot.source)", metadata: ["error": "\(error)"])
        }
    }

    private func triggerLost(_ reason: String) {
        dispatchPrecondition(condition: .onQueue(queue))
        trigger = nil
        mode = .sampling(reason: reason)
        logger.warning("memory pressure trigger lost (\(reason)); sampling only", metadata: ["error": "\(reason)"])
        publishStatus()
    }

    private func sample(byTrigger: Bool) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard running else { return }
        let taken: (sample: MemorySample, problems: [MemoryReadError])
        do {
            taken = try files.sample(time: MonotonicClock.now(), wallClock: WallClock.now(), wokenByTrigger: byTrigger)
        } catch {
            report(problem: error.description)
            quietBaseline.withLock { $0 = nil }
            schedule(after: tracker.isSwapping ? tracker.settings.episodeInterval : settings.sampleInterval)
            publishStatus()
            return
        }
        report(problem: taken.problems.isEmpty ? nil : taken.problems.map(\.description).joined(separator: "; "))
        let step = tracker.observe(taken.sample)
        for event in step.events { log(event) }
        for event in step.events { onEvent(event) }
        if tickerProbe != nil, !tracker.isSwapping, step.nextDelay == settings.sampleInterval {
            // Quiet: the ticker looks at the counters from now on; the timer rests.
            let baseline = QuietBaseline(
                pagesSwappedIn: taken.sample.pagesSwappedIn, pagesSwappedOut: taken.sample.pagesSwappedOut)
            quietBaseline.withLock { $0 = baseline }
            timer?.schedule(deadline: .distantFuture)
        } else {
            quietBaseline.withLock { $0 = nil }
            schedule(after: step.nextDelay)
        }
        publishStatus()
    }

    /// On the ticker's thread: `nil` while the swap counters are where the last sample
    /// left them; otherwise (or when they cannot be read) a full sample on the queue.
    private func quietProbe() -> (@Sendable () -> Void)? {
        guard let baseline = quietBaseline.withLock({ $0 }) else { return nil }
        if let stat = try? files.vmstat(), stat.pagesSwappedIn == baseline.pagesSwappedIn,
            stat.pagesSwappedOut == baseline.pagesSwappedOut
        {
            return nil
        }
        return { [weak self] in
            guard let self, self.sampledByTicker else { return }
            self.sample(byTrigger: false)
        }
    }

    /// Logs a reading problem when it first appears or changes, not at every sample.
    private func report(problem: String?) {
        lastError = problem
        guard problem != lastLoggedProblem else { return }
        lastLoggedProblem = problem
        if let problem {
            logger.warning("memory watch cannot read: \(problem)", metadata: ["error": "\(problem)"])
        }
    }

    private func log(_ event: MemoryEvent) {
        var metadata: Logger.Metadata = [:]
        for (key, value) in event.fields { metadata[key] = "\(value)" }
        switch event {
        case .episodeStarted: logger.warning("\(event.message)", metadata: metadata)
        case .episodeEnded: logger.info("\(event.message)", metadata: metadata)
        case .countersReset: logger.notice("\(event.message)", metadata: metadata)
        }
    }

    private func schedule(after delay: Duration) {
        guard let timer else { return }
        let nanoseconds = Int(min(delay.components.seconds, 86_400) * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
        // Leeway lets the kernel batch this wakeup with others; it only ever delays.
        let leeway = delay >= .seconds(5) ? DispatchTimeInterval.milliseconds(500) : .milliseconds(50)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .never, leeway: leeway)
    }

    private func publishStatus() {
        let status = snapshot.statusSummary
        guard status != lastStatus else { return }
        lastStatus = status
        onStatusChange?(status)
    }
}

extension MemoryWatch: DaemonComponent {
    public func start(config: Config) {
        if config.memory != settings { settings = config.memory; tracker.settings = .init(config.memory) }
        start()
    }

    public func reconfigure(_ config: Config) { reconfigure(config.memory) }
}

extension MemoryWatch {
    /// The `mem.swap` check from the watch's current state, with `/proc/swaps` as
    /// extra evidence (read now; a tiny procfs file).
    public var swapCheck: CheckResult {
        dispatchPrecondition(condition: .onQueue(queue))
        return MemorySwapCheck.evaluate(snapshot, swaps: (try? files.swaps()) ?? [])
    }

    /// `mem.swap` without a running watch (for `dom0tuned check`): two samples
    /// `interval` apart, judged as the watch would. Blocks the caller for `interval`.
    public static func checkOnce(
        settings: MemorySettings = MemorySettings(), root: String = "/", interval: Duration = .seconds(1)
    ) -> CheckResult {
        let files = MemoryFiles(root: root)
        var tracker = SwapEpisodeTracker(settings: .init(settings))
        var lastError: String?
        for index in 0..<2 {
            if index > 0 {
                var delay = timespec(
                    tv_sec: Int(interval.components.seconds), tv_nsec: Int(interval.components.attoseconds / 1_000_000_000))
                var remaining = timespec()
                while nanosleep(&delay, &remaining) != 0 && errno == EINTR { delay = remaining }
            }
            do {
                let taken = try files.sample(time: MonotonicClock.now(), wallClock: WallClock.now(), wokenByTrigger: false)
                _ = tracker.observe(taken.sample)
                lastError = taken.problems.isEmpty ? nil : taken.problems.map(\.description).joined(separator: "; ")
            } catch {
                lastError = error.description
            }
        }
        let mode = MemoryWatchMode.sampling(reason: "one-shot check")
        return MemorySwapCheck.evaluate(
            MemorySnapshot(tracker: tracker, mode: mode, lastError: lastError), swaps: (try? files.swaps()) ?? [])
    }
}
