/// Where the daemon is in its life, as `STATUS=` and `dom0ctl status` report it.
public enum DaemonPhase: Sendable, Equatable {
    case starting
    case waitingForToolstack(attempt: Int, reason: String)
    case applying
    case running
    case reloading
    case stopping

    public var name: String {
        switch self {
        case .starting: "starting"
        case .waitingForToolstack: "waiting-for-toolstack"
        case .applying: "applying"
        case .running: "running"
        case .reloading: "reloading"
        case .stopping: "stopping"
        }
    }
}
