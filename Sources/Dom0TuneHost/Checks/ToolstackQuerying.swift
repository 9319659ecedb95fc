public import Dom0TuneCore

/// Runs one xl command and reports its outcome; blocking. The real one runs the
/// configured `xl` through ``ProcessRunner``; tests pass a fake.
public protocol ToolstackQuerying: Sendable {
    /// - Parameter arguments: xl's arguments, e.g. `["vcpu-list"]`.
    func run(_ arguments: [String]) -> ToolstackOutcome
}

/// ``ToolstackQuerying`` through a ``ProcessRunner``: `xl ARGS` with a deadline.
public struct ProcessToolstack: ToolstackQuerying {
    public let runner: ProcessRunner
    public let xl: String
    public let timeout: Duration

    public init(runner: ProcessRunner, xl: String, timeout: Duration) {
        self.runner = runner
        self.xl = xl
        self.timeout = timeout
    }

    public func run(_ arguments: [String]) -> ToolstackOutcome {
        runner.runSync([xl] + arguments, timeout: timeout).outcome
    }
}
