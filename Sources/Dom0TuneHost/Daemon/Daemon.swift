public import Dispatch
public import Dom0TuneCore
import Glibc
public import Logging
import Synchronization

/// The running daemon: owns the state queue, the configuration, the tuning state
/// machine and the components, and drives the life cycle (start-up, periodic
/// checks, reload, stop). Every stored property is touched only on ``queue``.
public final class Daemon: @unchecked Sendable {
    public struct Options: Sendable {
        public var configPath: String
        /// Whether a missing config file is an error (it is when given with `--config`).
        public var configRequired: Bool
        /// `/` in production; a captured tree in tests (`--root`).
        public var root: String

        public init(configPath: String, configRequired: Bool, root: String) {
            self.configPath = configPath
            self.configRequired = configRequired
            self.root = root
        }
    }

    /// How long start-up waits for the toolstack before giving up (systemd's default
    /// TimeoutStartSec= is 90 s).
    public static let toolstackWaitLimit: Duration = .seconds(60)

    public let queue: DispatchQueue
    public let options: Options
    public private(set) var config: Config
    public let logger: Logger
    public let runner = ProcessRunner()
    public let files: RootedFileSystem
    public let startedAt = MonotonicClock.now()

    private let notifier = SystemdNotifier()
    private let logSink: LogSink
    private var tuning: TuningStateMachine
    public private(set) var phase: DaemonPhase = .starting
    private var backoff = StartupBackoff(limit: Daemon.toolstackWaitLimit)
    private var attemptStartedAt: Duration = .zero
    /// The last tuning failure, while tuning is failing (nil when fine).
    public private(set) var tuningProblem: String?
    private var lastResult: ProcessResult?
    /// The last report logged, so a repeated finding (no weight) is not logged again.
    private var previousReportForLogging: TuningStateMachine.Report?
    private var cycleCompletion: ((TuningStateMachine.Report) -> Void)?
    private var deferredWork: [() -> Void] = []
    private var readySent = false
    private var lastStatus = ""

    /// The idle ticker: the periodic check (and the memory watch's quiet sampling) runs
    /// its cheap part on the ticker's thread and comes to this queue only when something
    /// is off (see ``QuietTicker``).
    public let ticker: QuietTicker
    private var checkProbe: QuietTicker.Handle?
    /// What the ticker's periodic check may do, published from the queue; `nil`: skip.
    private let periodicPlan = Mutex<PeriodicPlan?>(nil)
    /// Tuning cycles begun so far: a read the ticker took before a cycle ran is stale.
    private var cyclesBegun = 0
    private var watchdogTimer: (any DispatchSourceTimer)?
    private var retryTimer: (any DispatchSourceTimer)?

    /// Components started before READY=1 (checks, memory watch, control socket).
    public var components: [any DaemonComponent] = []
    /// Runs before READY=1 and after every successful tuning cycle that changed
    /// something; completes on the queue. The checks component sets it.
    public var beforeReady: ((@escaping () -> Void) -> Void)?
    /// Extra text for STATUS= (checks summary, memory summary), set by components.
    public var statusExtras: [String: String] = [:] {
        didSet { publishStatus() }
    }
    /// Called on the queue after each tuning report was recorded (the checks follow the
    /// observed weight through it).
    public var onTuningReport: (() -> Void)?
    /// Called on the queue for each notable event (applies, drifts, failures): the
    /// control socket keeps a ring of them.
    public var onEvent: ((_ kind: String, _ message: String, _ fields: [String: String]) -> Void)?

    public init(queue: DispatchQueue, options: Options, config: Config, logger: Logger, logSink: LogSink) {
        self.queue = queue
        self.options = options
        self.config = config
        self.logger = logger
        self.logSink = logSink
        self.files = RootedFileSystem(root: options.root)
        self.tuning = TuningStateMachine(target: WeightTarget(config.scheduler))
        self.ticker = QuietTicker(target: queue)
    }

    // MARK: - Read-only view for components

    public var tuningState: TuningStateMachine { tuning }

    public var uptime: Duration { MonotonicClock.now() - startedAt }

    // MARK: - Start-up

    /// Installs signal handling, confirms this is dom0 and begins start-up.
    public func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        publishStatus()
        guard confirmDom0() else { return }
        attemptStartedAt = MonotonicClock.now()
        phase = .applying
        publishStatus()
        runCycle(.startup) { [self] report in handleStartupReport(report) }
    }

    private func confirmDom0() -> Bool {
        let path = "/proc/xen/capabilities"
        let reason: String
        do {
            let capabilities = XenCapabilities.parse(try files.read(path))
            if capabilities.isControlDomain { return true }
            reason = "\(files.path(path)) lacks control_d: this is not a Xen dom0"
        } catch {
            reason = "\(files.path(path)) is missing (\(Errno.describe(error.errno))): not running under Xen, or xenfs is not mounted"
        }
        logger.critical(
            "Refusing to start: \(reason)",
            metadata: ["message_id": "\(MessageID.notDom0)", "exit_status": "\(DaemonExitStatus.notDom0.rawValue)"])
        exitNow(.notDom0, status: "Not a Xen dom0: \(reason)")
    }

    private func handleStartupReport(_ report: TuningStateMachine.Report) {
        switch report {
        case .failed(_, _, let reason, let unavailable) where unavailable:
            let attemptTook = MonotonicClock.now() - attemptStartedAt
            guard let delay = backoff.nextDelay(afterAttemptTaking: attemptTook) else {
                logger.error(
                    "Giving up: the Xen toolstack did not answer within \(Int(Self.toolstackWaitLimit.seconds))s: \(reason)",
                    metadata: failureMetadata(MessageID.toolstackUnavailable))
                exitNow(.runtimeFailure, status: "Gave up waiting for the Xen toolstack: \(reason)")
            }
            if backoff.attempts == 1 {
                logger.warning(
                    "Waiting for the Xen toolstack: \(reason)", metadata: failureMetadata(MessageID.toolstackUnavailable))
            }
            phase = .waitingForToolstack(attempt: backoff.attempts, reason: reason)
            publishStatus()
            retryTimer = makeTimer(after: delay) { [self] in
                retryTimer = nil
                attemptStartedAt = MonotonicClock.now()
                runCycle(.startup) { [self] report in handleStartupReport(report) }
            }
        default:
            record(report)
            finishStartup()
        }
    }

    private func finishStartup() {
        for component in components { component.start(config: config) }
        let sendReady = { [self] in
            phase = .running
            startPeriodicChecks()
            startWatchdog()
            readySent = true
            let status = StatusLine.render(statusInputs)
            lastStatus = status
            notifier.ready(status: status)
            logger.info("Ready: \(status)")
            // Start-up code will not run again: let the kernel take its pages back.
            queue.asyncAfter(deadline: .now() + .seconds(2)) { StartupMemoryTrim.trimExecutableMappings() }
        }
        if let beforeReady { beforeReady(sendReady) } else { sendReady() }
    }

    // MARK: - Tuning cycles

    /// Runs one tuning cycle, or defers it until the running one has finished.
    /// `prefetched`: the result of the cycle's first command when it was already run
    /// (the ticker's periodic read); used only when the cycle starts with that very argv.
    public func runCycle(
        _ trigger: TuningStateMachine.Trigger, prefetched: ProcessResult? = nil,
        completion: @escaping (TuningStateMachine.Report) -> Void
    ) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !tuning.isBusy else {
            deferredWork.append { [self] in runCycle(trigger, completion: completion) }
            return
        }
        cycleCompletion = completion
        cyclesBegun += 1
        drive(tuning.begin(trigger), prefetched: prefetched)
        publishPeriodicPlan()
    }

    private func drive(_ action: TuningStateMachine.Action, prefetched: ProcessResult? = nil) {
        switch action {
        case .run(_, let arguments):
            let argv = [config.toolstack.xl] + arguments
            if let prefetched, prefetched.argv == argv {
                lastResult = prefetched
                drive(tuning.handle(prefetched.outcome))
                return
            }
            runner.run(argv, timeout: config.toolstack.timeout, on: queue) { [self] result in
                lastResult = result
                drive(tuning.handle(result.outcome))
            }
        case .finished(let report):
            let completion = cycleCompletion
            cycleCompletion = nil
            completion?(report)
            if !tuning.isBusy, !deferredWork.isEmpty {
                let next = deferredWork.removeFirst()
                next()
            }
            publishPeriodicPlan()
        }
    }

    /// Logs a tuning report the way an admin wants to read it: changes and problems,
    /// never the same finding again and again.
    private func record(_ report: TuningStateMachine.Report) {
        switch report {
        case .applied(let scheduler, let weight, let cap, let changed):
            let wasFailing = tuningProblem != nil
            tuningProblem = nil
            var metadata: Logger.Metadata = ["weight": "\(weight)", "scheduler": "\(scheduler.name)"]
            if let cap { metadata["cap"] = "\(cap)" }
            if changed {
                metadata["message_id"] = "\(MessageID.weightApplied)"
                logger.notice("Applied dom0 weight \(weight) with xl \(scheduler.xlCommand ?? scheduler.name)", metadata: metadata)
                onEvent?("apply", "applied dom0 weight \(weight) (\(scheduler.name))", ["weight": "\(weight)", "scheduler": scheduler.name])
            } else if phase != .running || wasFailing {
                logger.info("dom0 weight already \(weight) (\(scheduler.name))", metadata: metadata)
            }
        case .held:
            if tuningProblem != nil {
                logger.notice("dom0 weight is in place again")
                tuningProblem = nil
            }
        case .driftRestored(let scheduler, let from, let to, let count):
            tuningProblem = nil
            logger.warning(
                "dom0 weight had drifted to \(from); restored \(to) (drift \(count) since start)",
                metadata: [
                    "message_id": "\(MessageID.driftRestored)", "old_weight": "\(from)", "weight": "\(to)",
                    "drift_count": "\(count)", "scheduler": "\(scheduler.name)",
                ])
            onEvent?("drift", "weight drifted to \(from), restored \(to)", ["old_weight": "\(from)", "weight": "\(to)", "drift_count": "\(count)"])
        case .noWeight(let scheduler):
            if case .noWeight(let before)? = previousReportForLogging, before == scheduler { break }
            logger.warning(
                "dom0's cpupool scheduler \(scheduler.name) has no weight: nothing to apply",
                metadata: ["message_id": "\(MessageID.schedulerWithoutWeight)", "scheduler": "\(scheduler.name)"])
            onEvent?("no-weight", "scheduler \(scheduler.name) has no weight", ["scheduler": scheduler.name])
        case .failed(let step, let command, let reason, _):
            if tuningProblem != reason {
                var metadata = failureMetadata(MessageID.applyFailed)
                metadata["step"] = "\(step.rawValue)"
                metadata["command"] = "\(([config.toolstack.xl] + command).map(ShellQuote.quote).joined(separator: " "))"
                logger.error("Could not apply dom0 weight: \(reason)", metadata: metadata)
                onEvent?("apply-failed", reason, ["step": step.rawValue])
            }
            tuningProblem = reason
        }
        previousReportForLogging = report
        publishStatus()
        onTuningReport?()
    }

    private func failureMetadata(_ messageID: String) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["message_id": "\(messageID)"]
        if let result = lastResult {
            metadata["command"] = "\(result.commandLine)"
            let stderr = result.stderr.split(separator: "\n").prefix(3).joined(separator: " | ")
            if !stderr.isEmpty { metadata["stderr"] = "\(stderr)" }
        }
        return metadata
    }

    /// Every CheckIntervalSec, on the ticker: read dom0's weight there and come to the
    /// queue only when the read is not quiet (drift, failure, another scheduler, a
    /// problem to clear); the queue then runs the normal periodic cycle on that read.
    private func startPeriodicChecks() {
        let interval = config.scheduler.checkInterval
        if let checkProbe {
            ticker.setPeriod(checkProbe, interval)
        } else {
            checkProbe = ticker.add(every: interval) { [weak self] in self?.periodicProbe() }
        }
        publishPeriodicPlan()
    }

    /// What the ticker's periodic probe needs, copied from the queue's state.
    private struct PeriodicPlan: Sendable {
        /// The read to run on the ticker (`nil`: run the whole cycle on the queue).
        var argv: [String]?
        var timeout: Duration
        /// The tuning state as of now, to judge a read without touching the real one.
        var machine: TuningStateMachine
        /// A quiet read may be dropped: no problem is waiting to be cleared.
        var quietAllowed: Bool
        var cyclesBegun: Int
    }

    /// Publishes the plan for the next tick: only while running, between cycles, on a
    /// scheduler that has a weight or is still unknown (a periodic check on a pool
    /// without weight does nothing).
    private func publishPeriodicPlan() {
        dispatchPrecondition(condition: .onQueue(queue))
        var plan: PeriodicPlan?
        if phase == .running, !tuning.isBusy, tuning.scheduler?.hasWeight != false {
            plan = PeriodicPlan(
                argv: tuning.periodicReadArguments.map { [config.toolstack.xl] + $0 }, timeout: config.toolstack.timeout,
                machine: tuning, quietAllowed: tuningProblem == nil, cyclesBegun: cyclesBegun)
        }
        periodicPlan.withLock { $0 = plan }
    }

    /// On the ticker's thread.
    private func periodicProbe() -> (@Sendable () -> Void)? {
        guard let plan = periodicPlan.withLock({ $0 }) else { return nil }
        guard let argv = plan.argv else {
            return { [self] in periodicCheck(prefetched: nil, planned: plan.cyclesBegun) }
        }
        let result = runner.runSync(argv, timeout: plan.timeout)
        if plan.quietAllowed, plan.machine.periodicReadIsQuiet(result.outcome) { return nil }
        return { [self] in periodicCheck(prefetched: result, planned: plan.cyclesBegun) }
    }

    private func periodicCheck(prefetched: ProcessResult?, planned: Int) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !tuning.isBusy, phase == .running else { return }
        // A cycle ran since the read was planned: the read may predate its changes.
        let fresh = planned == cyclesBegun ? prefetched : nil
        runCycle(.periodic, prefetched: fresh) { [self] report in record(report) }
    }

    private func startWatchdog() {
        watchdogTimer?.cancel()
        watchdogTimer = nil
        guard let interval = notifier.watchdogInterval() else { return }
        notifier.watchdog()
        // Ping at half the period, from the state queue: a stuck queue stops the pings.
        watchdogTimer = makeRepeatingTimer(every: interval / 2) { [self] in notifier.watchdog() }
    }

    /// Re-applies now (control socket `reapply`); completes with the report.
    public func reapply(completion: @escaping (TuningStateMachine.Report) -> Void) {
        runCycle(.reapply) { [self] report in
            record(report)
            completion(report)
        }
    }

    // MARK: - Signals

    /// SIGHUP: re-read the configuration; keep the old one if the new one is invalid.
    public func reload(completion: ((Result<Void, ConfigError>) -> Void)? = nil) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard readySent else {
            // Still starting: pick up the new file now, the running start-up applies it.
            if case .success(let newConfig) = loadConfig() { adopt(newConfig) }
            completion?(.success(()))
            return
        }
        phase = .reloading
        publishPeriodicPlan()
        notifier.reloading(status: StatusLine.render(statusInputs))
        logger.info("Reloading configuration from \(options.configPath)")
        let outcome = loadConfig()
        switch outcome {
        case .success(let newConfig):
            adopt(newConfig)
            for component in components { component.reconfigure(newConfig) }
            startPeriodicChecks()
        case .failure(let error):
            for diagnostic in error.errors {
                logger.error(
                    "Configuration rejected, keeping the running one: \(diagnostic)",
                    metadata: [
                        "message_id": "\(MessageID.configRejected)", "config_file": "\(diagnostic.file)",
                        "config_line": "\(diagnostic.line)",
                    ])
            }
            onEvent?("config-rejected", error.errors.first?.description ?? "invalid configuration", [:])
        }
        runCycle(.reload) { [self] report in
            record(report)
            phase = .running
            let status = StatusLine.render(statusInputs)
            lastStatus = status
            notifier.ready(status: status)
            completion?(outcome.map { _ in () })
        }
    }

    private func loadConfig() -> Result<Config, ConfigError> {
        do {
            let (newConfig, warnings) = try ConfigFiles.load(mainPath: options.configPath, requireMain: options.configRequired)
            for warning in warnings { logger.warning("\(warning)") }
            return .success(newConfig)
        } catch {
            return .failure(error)
        }
    }

    private func adopt(_ newConfig: Config) {
        config = newConfig
        tuning.updateTarget(WeightTarget(newConfig.scheduler))
    }

    /// SIGTERM/SIGINT: say STOPPING=1, stop everything, exit 0 at once, even in the
    /// middle of an apply (xl's process group is killed).
    public func stop(signal: String) -> Never {
        dispatchPrecondition(condition: .onQueue(queue))
        phase = .stopping
        publishPeriodicPlan()
        notifier.stopping(status: "Stopping (\(signal))")
        logger.info("Stopping on \(signal)")
        for component in components.reversed() { component.stop() }
        exitNow(.success, status: nil)
    }

    private func exitNow(_ status: DaemonExitStatus, status text: String?) -> Never {
        if let text { notifier.status(text) }
        // Kill xl, also one the ticker is just starting, then let the ticker end.
        runner.shutDown()
        ticker.stop()
        // Never wait long on a stalled journal.
        logSink.flush(timeout: .milliseconds(500))
        exit(status.rawValue)
    }

    // MARK: - Status

    public var statusInputs: StatusLine.Inputs {
        StatusLine.Inputs(
            phase: phase, target: tuning.target, scheduler: tuning.scheduler, observedWeight: tuning.observedWeight,
            driftCount: tuning.driftCount, tuningProblem: tuningProblem,
            checksSummary: statusExtras["checks"], memorySummary: statusExtras["memory"])
    }

    /// Sends STATUS= when the line changed.
    public func publishStatus() {
        let status = StatusLine.render(statusInputs)
        guard status != lastStatus else { return }
        lastStatus = status
        notifier.status(status)
    }

    // MARK: - Timers

    private func makeTimer(after delay: Duration, _ handler: @escaping () -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .nanoseconds(Int(delay.nanosecondsClamped)))
        timer.setEventHandler(handler: handler)
        timer.resume()
        return timer
    }

    private func makeRepeatingTimer(every interval: Duration, _ handler: @escaping () -> Void) -> any DispatchSourceTimer {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = Int(interval.nanosecondsClamped)
        // A generous leeway lets the kernel batch our wakeups with others'.
        timer.schedule(
            deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
            leeway: .milliseconds(max(10, nanoseconds / 1_000_000 / 20)))
        timer.setEventHandler(handler: handler)
        timer.resume()
        return timer
    }
}

extension Duration {
    var nanosecondsClamped: Int64 {
        let c = components
        let (product, overflow) = c.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? Int64.max : product + c.attoseconds / 1_000_000_000
    }
}
