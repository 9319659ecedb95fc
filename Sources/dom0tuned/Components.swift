import Dom0TuneCore
import Dom0TuneHost

/// Plugs the daemon's components in (checks, memory watch, control socket).
func wireComponents(_ daemon: Daemon) {
    // MARK: components
    // The control socket opens at once, so dom0ctl answers during start-up too.
    let control = ControlComponent(daemon: daemon)
    daemon.components.append(control)
    control.startServing()
}
