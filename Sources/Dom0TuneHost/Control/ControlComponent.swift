import Dispatch
public import Dom0TuneCore
import Glibc
import Logging

/// The control socket as a daemon component: serves ``DaemonView``s built from the
/// daemon's state, keeps the ring of recent events, runs `reapply` and `reload`, and
/// writes the metrics textfile when `[Metrics] TextfilePath=` is set.
///
/// Other components plug in through the provider closures (checks, memory) and
/// ``record(_:_:fields:)`` (severity changes, swap episodes). Everything runs on the
/// daemon's state queue.
public final class ControlComponent: DaemonComponent, @unchecked Sendable {
    private unowned let daemon: Daemon
    private var server: ControlServer?
    private var serving: (path: String, group: String)?
    /// Whether the socket was tried with the current settings (a failure is logged once).
    private var attempted = false
    private var events = EventRing(capacity: 256)
    private var textfileTimer: (any DispatchSourceTimer)?
    private let textfileQueue = DispatchQueue(label: "dom0tuned.metrics-textfile")
    private var textfileProblem: String?

    /// The latest check results (set by the checks component).
    public var checks: () -> [CheckResult] = { [] }
    /// When the checks last ran, as `WallClockFormat.rfc3339` formats it.
    public var lastCheck: () -> String? = { nil }
    /// The memory watch's figures (set by the memory component).
    public var memory: () -> MemoryFigures = { MemoryFigures() }
    /// Re-runs every check for `check` with `refresh: true`; completes with ``CheckReport/json(_:)``.
    public var refreshChecks: DaemonViewControlHandler.Action?

    /// Registers for the daemon's events. Call on the state queue, before `daemon.start()`.
    public init(daemon: Daemon) {
        self.daemon = daemon
        daemon.onEvent = { [weak self] kind, message, fields in
            var object = JSONObject()
            for key in fields.keys.sorted() {
                let value = fields[key] ?? ""
                object[key] = Int64(value).map { .int($0) } ?? .string(value)
            }
            self?.record(DaemonEvent.Kind(rawValue: kind), message, fields: object)
        }
    }

    /// Adds an event to the ring `dom0ctl events` shows.
    public func record(_ kind: DaemonEvent.Kind, _ message: String, fields: JSONObject = JSONObject()) {
        dispatchPrecondition(condition: .onQueue(daemon.queue))
        events.append(
            DaemonEvent(time: WallClockFormat.rfc3339(WallClock.now()), uptime: Self.seconds(daemon.uptime), kind: kind, message: message, fields: fields))
    }

    /// What the daemon knows now.
    public var view: DaemonView {
        dispatchPrecondition(condition: .onQueue(daemon.queue))
        let tuning = daemon.tuningState
        return DaemonView(
            weight: tuning.observedWeight, weightTarget: tuning.target.weight, scheduler: tuning.scheduler?.name,
            driftCount: tuning.driftCount, lastCheck: lastCheck(), checks: checks(), memory: memory(),
            events: events.events, eventsTotal: events.total, uptime: Self.seconds(daemon.uptime), phase: daemon.phase.name)
    }

    // MARK: DaemonComponent

    /// Opens the socket now, so `dom0ctl status` answers while start-up still waits for the
    /// toolstack. ``start(config:)`` calls it too; a second call does nothing.
    public func startServing() {
        dispatchPrecondition(condition: .onQueue(daemon.queue))
        let settings = daemon.config.control
        guard server == nil, !attempted else { return }
        attempted = true
        let handler = DaemonViewControlHandler(
            view: { [unowned self] in view },
            refreshChecks: { [unowned self] complete in
                guard let refreshChecks else { return complete(.success(view.checkJSON)) }
                refreshChecks(complete)
            },
            reapply: { [unowned self] complete in reapply(complete) },
            reload: { [unowned self] complete in reload(complete) })
        let logger = daemon.logger
        let server = ControlServer(
            configuration: ControlServerConfiguration(settings), queue: daemon.queue, handler: handler,
            errorHandler: { error in logger.warning("Control socket: \(error)") })
        let activated = SocketActivation.controlSocket()
        do {
            if let activated { try server.start(listeningOn: activated) } else { try server.start() }
        } catch {
            logger.error(
                "Control socket unavailable, dom0ctl cannot connect: \(error)",
                metadata: ["message_id": "\(MessageID.controlSocketUnavailable)", "socket": "\(settings.socket)"])
            return
        }
        if activated != nil {
            logger.info("Control socket handed over by systemd")
        } else {
            logger.debug("Control socket listening on \(settings.socket)")
        }
        self.server = server
        serving = (settings.socket, settings.group)
    }

    public func start(config: Config) {
        startServing()
        startTextfile(config)
    }

    public func reconfigure(_ config: Config) {
        let changed = serving.map { $0.path != config.control.socket || $0.group != config.control.group } ?? true
        if changed {
            // A new path or group: serve there instead (or try again after a failure).
            server?.stop()
            server = nil
            serving = nil
            attempted = false
            startServing()
        }
        startTextfile(config)
    }

    public func stop() {
        server?.stop()
        server = nil
        textfileTimer?.cancel()
        textfileTimer = nil
    }

    // MARK: actions

    private func reapply(_ complete: @escaping DaemonViewControlHandler.Completion) {
        daemon.reapply { report in
            switch report {
            case .applied(let scheduler, let weight, _, let changed):
                let text = changed ? "applied dom0 weight \(weight)" : "dom0 weight already \(weight)"
                complete(.success(Self.result(text, scheduler: scheduler, weight: weight, changed: changed)))
            case .held(let scheduler, let weight):
                complete(.success(Self.result("dom0 weight already \(weight)", scheduler: scheduler, weight: weight, changed: false)))
            case .driftRestored(let scheduler, let from, let to, _):
                let text = "dom0 weight had drifted to \(from); restored \(to)"
                complete(.success(Self.result(text, scheduler: scheduler, weight: to, changed: true)))
            case .noWeight(let scheduler):
                let text = "dom0's cpupool scheduler \(scheduler.name) has no weight: nothing to apply"
                complete(.success(Self.result(text, scheduler: scheduler, weight: nil, changed: false)))
            case .failed(_, _, let reason, _):
                complete(.failure(ControlError(.failed, "could not apply dom0's weight: \(reason)")))
            }
        }
    }

    private static func result(_ text: String, scheduler: XenScheduler, weight: Int?, changed: Bool) -> JSONValue {
        [
            "message": .string(weight == nil ? text : "\(text) (\(scheduler.name))"), "scheduler": .string(scheduler.name),
            "weight": weight.map { .int(Int64($0)) } ?? .null, "changed": .bool(changed),
        ]
    }

    private func reload(_ complete: @escaping DaemonViewControlHandler.Completion) {
        daemon.reload { [weak self] result in
            switch result {
            case .success:
                self?.record(.reload, "configuration reloaded")
                let path = self?.daemon.options.configPath ?? "the configuration file"
                complete(.success(["message": .string("configuration reloaded from \(path)")]))
            case .failure(let error):
                let first = error.errors.first.map { "\($0)" } ?? "invalid configuration"
                complete(.failure(ControlError(.failed, "configuration rejected, the running one is kept: \(first)")))
            }
        }
    }

    // MARK: metrics textfile

    private func startTextfile(_ config: Config) {
        textfileTimer?.cancel()
        textfileTimer = nil
        guard let path = config.metrics.textfilePath, !path.isEmpty else { return }
        let writer = TextfileWriter(path: path)
        let timer = DispatchSource.makeTimerSource(queue: daemon.queue)
        let interval = config.scheduler.checkInterval
        let nanoseconds = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now(), repeating: .nanoseconds(nanoseconds), leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            let text = view.metricsText
            let queue = daemon.queue
            // File I/O never runs on the state queue.
            textfileQueue.async {
                let outcome: String?
                do { try writer.write(text); outcome = nil } catch { outcome = "\(error)" }
                queue.async { [weak self] in self?.textfileWritten(outcome, path: path) }
            }
        }
        textfileTimer = timer
        timer.resume()
    }

    /// Logs a textfile problem once, and once when it clears.
    private func textfileWritten(_ problem: String?, path: String) {
        guard problem != textfileProblem else { return }
        if let problem {
            daemon.logger.warning("Cannot write the metrics textfile \(path): \(problem)")
        } else {
            daemon.logger.info("Metrics textfile \(path) written again")
        }
        textfileProblem = problem
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
