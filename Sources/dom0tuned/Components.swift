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
    memory.onStatusChange = { [weak daemon] summary in daemon?.statusExtras["memory"] = summary }
    daemon.components.append(memory)
    control.memory = { [unowned memory] in MemoryFigures(memory.snapshot) }
}
