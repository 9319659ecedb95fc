/// The outcome of one toolstack command as the core sees it: what the host layer
/// observed, without any process machinery.
public enum ToolstackOutcome: Sendable, Equatable {
    /// The command ran and exited (zero or not).
    case exited(status: Int32, stdout: String, stderr: String)
    /// The deadline passed and the command was killed.
    case timedOut
    /// The command could not be run, or died of a signal; the reason is for humans.
    case failedToRun(String)
}
