import Dom0TuneCore
import Dom0TuneHost

/// Plugs the daemon's components in (checks, memory watch, control socket).
func wireComponents(_ daemon: Daemon) {
    // MARK: components
    let memory = MemoryWatch(
        settings: daemon.config.memory, root: daemon.options.root, queue: daemon.queue, logger: daemon.logger,
        onEvent: { [weak daemon] event in
            daemon?.onEvent?(event.kind, event.message, Dictionary(event.fields, uniquingKeysWith: { _, last in last }))
        })
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
}
