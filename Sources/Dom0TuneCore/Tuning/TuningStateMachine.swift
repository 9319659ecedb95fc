/// Decides, step by step, which `xl` command to run to find dom0's scheduler, apply
/// the target weight, read it back, and restore it on drift. Pure: the host layer
/// runs each ``Action/run(_:arguments:)`` and feeds the outcome to ``handle(_:)``.
///
/// One cycle at a time: ``begin(_:)`` starts one, each ``handle(_:)`` answers with
/// the next command or ``Action/finished(_:)``.
///
/// Call budget: a periodic check on a known weight scheduler is one `xl` call; the
/// pool's scheduler is only looked up again when xl reports another one.
public struct TuningStateMachine: Sendable {
    public enum Trigger: String, Sendable, Equatable {
        case startup, reapply, reload, periodic
    }

    public enum Step: String, Sendable, Equatable {
        /// `xl list -l 0`: dom0's scheduler and parameters in one call.
        case detect
        /// `xl cpupool-list`: fallback when `xl list -l` gives nothing usable.
        case detectPools
        /// `xl sched-<s> -d Domain-0`.
        case read
        /// `xl sched-<s> -d Domain-0 -w N [-c C]`.
        case set
        /// `xl sched-<s> -d Domain-0` after a set.
        case verify
    }

    public enum Action: Sendable, Equatable {
        /// Run `xl` with these arguments (the binary is the host's business).
        case run(Step, arguments: [String])
        case finished(Report)
    }

    public enum Report: Sendable, Equatable {
        /// The target is in place. `changed`: this cycle set it (otherwise it already was).
        case applied(scheduler: XenScheduler, weight: Int, cap: Int?, changed: Bool)
        /// A periodic check found the target still in place.
        case held(scheduler: XenScheduler, weight: Int)
        /// A periodic check found another weight and restored the target.
        case driftRestored(scheduler: XenScheduler, from: Int, to: Int, driftCount: Int)
        /// dom0's pool scheduler has no weight (rtds, null, arinc653).
        case noWeight(scheduler: XenScheduler)
        /// A step failed. `toolstackUnavailable`: xl did not answer at all (missing,
        /// hung, Xen not up), as opposed to answering with an error.
        case failed(step: Step, command: [String], reason: String, toolstackUnavailable: Bool)
    }

    public private(set) var target: WeightTarget
    /// The scheduler of dom0's cpupool, once known.
    public private(set) var scheduler: XenScheduler?
    public private(set) var observedWeight: Int?
    public private(set) var observedCap: Int?
    /// How many times a periodic check found the weight changed behind our back.
    public private(set) var driftCount = 0

    private var trigger: Trigger = .startup
    private var step: Step?
    private var lastArguments: [String] = []
    private var driftedFrom: Int?
    /// Whether this cycle has set the parameters (so a later read that finds the target
    /// reports the change, even after a re-detection).
    private var changedThisCycle = false
    /// Whether the target was last seen in place. Only then is a periodic check that finds
    /// another weight drift; otherwise it is a retry of an apply that has not succeeded yet
    /// (after a failure, before the first detection, or after a new target).
    private var targetInPlace = false
    /// Scheduler changes seen within one cycle; bounded so a confused xl cannot loop us.
    private var redetections = 0

    public static let domain = "Domain-0"

    public init(target: WeightTarget) {
        self.target = target
    }

    /// Whether a cycle is in progress.
    public var isBusy: Bool { step != nil }

    /// Changes the target; the next cycle applies it.
    public mutating func updateTarget(_ newTarget: WeightTarget) {
        if newTarget != target { targetInPlace = false }
        target = newTarget
    }

    /// Starts a cycle. A periodic cycle on a scheduler without weight runs nothing.
    public mutating func begin(_ trigger: Trigger) -> Action {
        precondition(step == nil, "a tuning cycle is already running")
        self.trigger = trigger
        driftedFrom = nil
        changedThisCycle = false
        redetections = 0
        guard let scheduler else { return run(.detect, ["list", "-l", "0"]) }
        guard scheduler.hasWeight else { return .finished(.noWeight(scheduler: scheduler)) }
        return run(.read, readArguments(scheduler))
    }

    /// Feeds the outcome of the command the last action asked for.
    public mutating func handle(_ outcome: ToolstackOutcome) -> Action {
        guard let current = step else { preconditionFailure("no tuning step is waiting for a result") }
        switch outcome {
        case .timedOut:
            return fail("xl did not answer within its deadline", unavailable: true)
        case .failedToRun(let reason):
            return fail(reason, unavailable: true)
        case .exited(let status, let stdout, let stderr):
            if status != 0 {
                return handleFailure(current, status: status, stdout: stdout, stderr: stderr)
            }
            return handleSuccess(current, stdout: stdout)
        }
    }

    // MARK: - Steps

    private mutating func handleSuccess(_ current: Step, stdout: String) -> Action {
        switch current {
        case .detect:
            guard let found = TuningParsing.dom0FromListLong(stdout) else {
                return run(.detectPools, ["cpupool-list"])
            }
            scheduler = found.scheduler
            guard found.scheduler.hasWeight else { return finish(.noWeight(scheduler: found.scheduler)) }
            guard let weight = found.weight else { return run(.read, readArguments(found.scheduler)) }
            observedWeight = weight
            observedCap = found.cap
            return compareAndAct(weight: weight, cap: found.cap, scheduler: found.scheduler)

        case .detectPools:
            guard let found = TuningParsing.dom0PoolScheduler(fromCpupoolList: stdout) else {
                return fail("could not find dom0's cpupool in `xl cpupool-list` output", unavailable: false)
            }
            scheduler = found
            guard found.hasWeight else { return finish(.noWeight(scheduler: found)) }
            return run(.read, readArguments(found))

        case .read:
            guard let scheduler, let params = TuningParsing.dom0Params(fromSchedTable: stdout) else {
                return fail("no Domain-0 row in the output of xl \(lastArguments.joined(separator: " "))", unavailable: false)
            }
            observedWeight = params.weight
            observedCap = params.cap
            return compareAndAct(weight: params.weight, cap: params.cap, scheduler: scheduler)

        case .set:
            guard let scheduler else { return fail("scheduler unknown", unavailable: false) }
            changedThisCycle = true
            return run(.verify, readArguments(scheduler))

        case .verify:
            guard let scheduler, let params = TuningParsing.dom0Params(fromSchedTable: stdout) else {
                return fail("no Domain-0 row when reading the weight back", unavailable: false)
            }
            observedWeight = params.weight
            observedCap = params.cap
            guard target.isMet(weight: params.weight, cap: params.cap) else {
                return fail(
                    "read back weight \(params.weight) after setting \(target.weight)", unavailable: false)
            }
            return finishInPlace(scheduler: scheduler, weight: params.weight, cap: params.cap)
        }
    }

    private mutating func compareAndAct(weight: Int, cap: Int?, scheduler: XenScheduler) -> Action {
        if target.isMet(weight: weight, cap: cap) {
            return finishInPlace(scheduler: scheduler, weight: weight, cap: cap)
        }
        if trigger == .periodic && targetInPlace && driftedFrom == nil {
            driftCount += 1
            driftedFrom = weight
        }
        targetInPlace = false
        return run(.set, setArguments(scheduler))
    }

    /// The target was read back in place: the report says whether this cycle changed it.
    private mutating func finishInPlace(scheduler: XenScheduler, weight: Int, cap: Int?) -> Action {
        targetInPlace = true
        if let from = driftedFrom {
            return finish(.driftRestored(scheduler: scheduler, from: from, to: weight, driftCount: driftCount))
        }
        if changedThisCycle { return finish(.applied(scheduler: scheduler, weight: weight, cap: cap, changed: true)) }
        if trigger == .periodic { return finish(.held(scheduler: scheduler, weight: weight)) }
        return finish(.applied(scheduler: scheduler, weight: weight, cap: cap, changed: false))
    }

    private mutating func handleFailure(_ current: Step, status: Int32, stdout: String, stderr: String) -> Action {
        let error = XlErrorClassifier.classify(exitStatus: status, stderr: stderr)
        if case .schedulerMismatch(let running, _) = error, current != .detect, current != .detectPools {
            // The pool's scheduler is not what we thought: look again, once or twice.
            redetections += 1
            guard redetections <= 2 else {
                return fail("xl keeps reporting another scheduler (\(running.name))", unavailable: false)
            }
            scheduler = running
            guard running.hasWeight else { return finish(.noWeight(scheduler: running)) }
            return current == .set ? run(.set, setArguments(running)) : run(.read, readArguments(running))
        }
        if current == .detect {
            // `xl list -l` may be unsupported or print nothing useful: fall back to the pool list,
            // unless xl plainly cannot reach Xen.
            if error.meansToolstackUnavailable {
                return fail(error.description, unavailable: true)
            }
            return run(.detectPools, ["cpupool-list"])
        }
        return fail(error.description, unavailable: error.meansToolstackUnavailable)
    }

    // MARK: - Helpers

    private func readArguments(_ scheduler: XenScheduler) -> [String] {
        [scheduler.xlCommand ?? "sched-\(scheduler.name)", "-d", Self.domain]
    }

    private func setArguments(_ scheduler: XenScheduler) -> [String] {
        var arguments = readArguments(scheduler) + ["-w", String(target.weight)]
        if let cap = target.cap { arguments += ["-c", String(cap)] }
        return arguments
    }

    private mutating func run(_ next: Step, _ arguments: [String]) -> Action {
        step = next
        lastArguments = arguments
        return .run(next, arguments: arguments)
    }

    private mutating func finish(_ report: Report) -> Action {
        step = nil
        return .finished(report)
    }

    private mutating func fail(_ reason: String, unavailable: Bool) -> Action {
        let failedStep = step ?? .detect
        return finish(.failed(step: failedStep, command: lastArguments, reason: reason, toolstackUnavailable: unavailable))
    }
}

// MARK: - Quiet periodic reads

extension TuningStateMachine {
    /// The arguments a periodic check starts with when it starts with a read of dom0's
    /// parameters (the scheduler is known and has a weight); `nil` when it would run
    /// something else first, or nothing.
    public var periodicReadArguments: [String]? {
        guard !isBusy, let scheduler, scheduler.hasWeight else { return nil }
        return readArguments(scheduler)
    }

    /// Whether a periodic check whose read gave `outcome` would change nothing at all:
    /// the machine, fed that read, would report ``Report/held(scheduler:weight:)`` with
    /// the same observed weight, cap and drift count as now. Such a read can be dropped
    /// where it was taken (the daemon's idle ticker) instead of replayed on the state
    /// queue. Anything else (drift, a failure, another scheduler, a target not yet in
    /// place) is not quiet.
    public func periodicReadIsQuiet(_ outcome: ToolstackOutcome) -> Bool {
        guard targetInPlace, let arguments = periodicReadArguments else { return false }
        var copy = self
        guard copy.begin(.periodic) == .run(.read, arguments: arguments) else { return false }
        guard case .finished(.held) = copy.handle(outcome) else { return false }
        return copy.observedWeight == observedWeight && copy.observedCap == observedCap
            && copy.driftCount == driftCount && copy.scheduler == scheduler
    }
}
