import Dom0TuneCore
import Dom0TuneHost

/// Plugs the daemon's components in (checks, memory watch, control socket).
func wireComponents(_ daemon: Daemon) {
    // MARK: components
    // The control socket opens at once, so dom0ctl answers during start-up too.
    let control = ControlComponent(daemon: daemon)
    daemon.components.append(control)
    control.startServing()

    let memory = MemoryWatch(
        settings: daemon.config.memory, root: daemon.options.root, queue: daemon.queue, logger: daemon.logger,
        onEvent: { [weak daemon] event in
            daemon?.onEvent?(event.kind, event.message, Dictionary(event.fields, uniquingKeysWith: { _, last in last }))
        })
    // Quiet-interval samples ride on the daemon's idle ticker, beside the periodic check.
    memory.useTicker(daemon.ticker)
    daemon.components.append(memory)
    // The audit: every check before READY=1, then re-evaluated on file and domain changes;
    // mem.swap follows the memory watch.
    let checks = CheckService.attach(to: daemon)
    checks.swapCheckProvider = { [weak memory] in
        memory?.swapCheck ?? CheckResult(id: CheckID.memSwap.rawValue, severity: .unknown, summary: "memory watch gone")
    }
    memory.onStatusChange = { [weak daemon, weak checks] summary in
        daemon?.statusExtras["memory"] = summary
        checks?.memoryChanged()
    }
    control.memory = { [unowned memory] in
        memory.refreshFigures()
        return MemoryFigures(memory.snapshot)
    }

    // The control socket answers `check` from the audit, and keeps severity changes.
    var lastCheck: Duration?
    control.checks = { [unowned checks] in checks.results }
    control.lastCheck = { lastCheck.map(WallClockFormat.rfc3339) }
    control.refreshChecks = { [unowned checks] completion in
        checks.runAll { results in
            lastCheck = WallClock.now()
            completion(.success(CheckReport.json(results)))
        }
    }
    checks.onChange = { [weak control] change in
        lastCheck = WallClock.now()
        let result = change.result
        let before = change.previous.map { "\($0.name) → " } ?? ""
        var fields = JSONObject()
        fields["check"] = .string(result.id)
        fields["severity"] = .string(result.severity.name)
        control?.record(.severity, "\(result.id): \(before)\(result.severity.name): \(result.summary)", fields: fields)
    }
}
