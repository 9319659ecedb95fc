import Dom0TuneCore
import Dom0TuneHost

/// Plugs the daemon's components in (checks, memory watch, control socket).
func wireComponents(_ daemon: Daemon) {
    // MARK: components
    // The audit: every check before READY=1, then re-evaluated on file and domain changes.
    let checks = CheckService.attach(to: daemon)
    _ = checks
}
