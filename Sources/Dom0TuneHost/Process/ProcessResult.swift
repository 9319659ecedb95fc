public import Dom0TuneCore

/// What happened to one child process. A non-zero exit status is a normal result,
/// not an error: the caller decides what it means.
public struct ProcessResult: Sendable, Equatable {
    public enum Termination: Sendable, Equatable {
        /// The process exited with this status.
        case exited(Int32)
        /// The process was killed by this signal (not by us).
        case signalled(Int32)
        /// The deadline passed; the whole process group was killed.
        case timedOut
        /// The process could not be started (`posix_spawnp` failed with this errno,
        /// e.g. ENOENT when the command is not on PATH).
        case spawnFailed(Int32)
    }

    public var argv: [String]
    public var termination: Termination
    public var stdout: String
    public var stderr: String
    /// Wall time from spawn to reap.
    public var duration: Duration

    public init(argv: [String], termination: Termination, stdout: String, stderr: String, duration: Duration) {
        self.argv = argv
        self.termination = termination
        self.stdout = stdout
        self.stderr = stderr
        self.duration = duration
    }

    public var succeeded: Bool { termination == .exited(0) }

    /// The command as an admin would type it (for logs and remedies).
    public var commandLine: String { argv.map(ShellQuote.quote).joined(separator: " ") }

    /// The core's view of an xl call's outcome.
    public var outcome: ToolstackOutcome {
        switch termination {
        case .exited(let status): .exited(status: status, stdout: stdout, stderr: stderr)
        case .signalled(let signal): .failedToRun("killed by signal \(signal)")
        case .timedOut: .timedOut
        case .spawnFailed(let errno): .failedToRun("cannot run \(argv.first ?? ""): \(Errno.describe(errno))")
        }
    }
}
