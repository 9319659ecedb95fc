/// How the memory watch learns of trouble: a PSI trigger waking it, or sampling alone.
public enum MemoryWatchMode: Sendable, Equatable {
    /// A PSI trigger is armed; `unprivileged` when it uses the 2 s-multiple window
    /// because the kernel refused the configured one.
    case trigger(PressureTriggerSpec, unprivileged: Bool)
    /// No trigger: samples only, and why (`/proc/pressure/memory: …`).
    case sampling(reason: String)
    /// `[Memory] Watch=no`.
    case off

    /// e.g. `PSI trigger some 50ms per 1s` or `sampling only (no PSI trigger: …)`.
    public var description: String {
        switch self {
        case .trigger(let spec, let unprivileged):
            "PSI trigger \(spec)" + (unprivileged ? " (unprivileged window)" : "")
        case .sampling(let reason): "sampling only (no PSI trigger: \(reason))"
        case .off: "off"
        }
    }
}
