/// How the daemon's process ends.
///
/// The values are documented in `dom0tuned(8)` (rendered from ``summary``) and used by
/// the unit: `RestartPreventExitStatus=` lists the statuses a restart cannot fix.
/// `dom0tuned check` is different: it exits with the monitoring-plugin status of the
/// worst check (``CheckSeverity``), like `dom0ctl check`.
public enum DaemonExitStatus: Int32, Sendable, CaseIterable {
    /// Stopped on request (SIGTERM or SIGINT), or `--version`/`--help` printed.
    case success = 0
    /// The configuration has an error; the message names `file:line`.
    case configError = 1
    /// The command line is wrong.
    case usageError = 2
    /// Something failed while running that a restart may fix.
    case runtimeFailure = 3
    /// Not running in a Xen dom0 (`control_d` missing from `/proc/xen/capabilities`).
    case notDom0 = 4

    /// One line for the man page's EXIT STATUS section.
    public var summary: String {
        switch self {
        case .success:
            "Stopped on request (SIGTERM or SIGINT), or --version or --help printed."
        case .configError:
            "The configuration has an error; the message names the file and line. The unit does not restart."
        case .usageError:
            "The command line is wrong. The unit does not restart."
        case .runtimeFailure:
            "A failure while running that a restart may cure; the unit restarts the daemon (Restart=on-failure)."
        case .notDom0:
            "Not running in a Xen dom0: /proc/xen/capabilities lacks control_d. The unit does not restart."
        }
    }
}
