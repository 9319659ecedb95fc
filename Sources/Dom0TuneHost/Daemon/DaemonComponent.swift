public import Dom0TuneCore

/// A part of the daemon with a life of its own (checks, memory watch, control socket).
/// Every method is called on the daemon's state queue.
public protocol DaemonComponent: AnyObject {
    /// Starts watching/serving. Called once, before `READY=1`.
    func start(config: Config)
    /// The configuration was reloaded successfully.
    func reconfigure(_ config: Config)
    /// The daemon is stopping: release descriptors, remove files, stop children.
    func stop()
}
