public import Dispatch
import Dom0TuneCore
import Glibc
import Synchronization

/// Runs commands as child processes: an argv (never a shell), in a process group of
/// their own, stdin from /dev/null, stdout and stderr captured, with a deadline after
/// which the whole group is killed and reaped.
///
/// The blocking work happens on a private queue per command, so the caller's queue
/// (the daemon's state queue) is never blocked; the completion runs on the queue the
/// caller names.
public final class ProcessRunner: Sendable {
    /// Output beyond this many bytes per stream is read and discarded.
    public static let maxCapturedBytes = 4 << 20

    private struct Running {
        var groups: Set<pid_t> = []
        /// After ``shutDown()``: every child started later is killed at once.
        var closed = false
    }

    /// Process groups currently running, so they can all be killed on shutdown.
    private let running = Mutex(Running())

    public init() {}

    /// Starts `argv` and calls `completion` on `queue` when it has ended.
    public func run(
        _ argv: [String], timeout: Duration, on queue: DispatchQueue,
        completion: @escaping @Sendable (ProcessResult) -> Void
    ) {
        // A serial queue per run, not a concurrent one: libdispatch on Linux starts a
        // 1 Hz monitor of its worker pool as soon as a concurrent queue is used, which
        // alone would be two wakeups a second more than the daemon's whole budget.
        DispatchQueue(label: "dom0tuned.process").async {
            let result = self.runSync(argv, timeout: timeout)
            queue.async { completion(result) }
        }
    }

    /// Runs `argv` and blocks the calling thread until it has ended or its deadline passed.
    /// For one-shot tools (`dom0tuned check`) and the daemon's quiet ticker; the state
    /// queue uses ``run(_:timeout:on:completion:)``.
    public func runSync(_ argv: [String], timeout: Duration) -> ProcessResult {
        precondition(!argv.isEmpty, "argv must name a command")
        let start = MonotonicClock.now()
        let spawned: SpawnedChild
        do {
            spawned = try SpawnedChild.spawn(argv)
        } catch {
            return ProcessResult(
                argv: argv, termination: .spawnFailed(error.errno), stdout: "", stderr: "",
                duration: MonotonicClock.now() - start)
        }
        let closed = running.withLock { running -> Bool in
            if running.closed { return true }
            running.groups.insert(spawned.pid)
            return false
        }
        // Spawned on another thread just as the daemon stops: do not let it run on.
        if closed { kill(-spawned.pid, SIGKILL) }
        defer { _ = running.withLock { $0.groups.remove(spawned.pid) } }

        let outcome = spawned.collect(until: start + timeout, maxBytes: Self.maxCapturedBytes)
        return ProcessResult(
            argv: argv, termination: outcome.termination,
            stdout: String(decoding: outcome.stdout, as: UTF8.self),
            stderr: String(decoding: outcome.stderr, as: UTF8.self),
            duration: MonotonicClock.now() - start)
    }

    /// Kills every process group still running (SIGKILL). Used when the daemon stops.
    public func killAll() {
        let groups = running.withLock { $0.groups }
        for pgid in groups { kill(-pgid, SIGKILL) }
    }

    /// Kills every process group still running and every one started from now on
    /// (a run on another thread may be just spawning). Used when the daemon exits.
    public func shutDown() {
        let groups = running.withLock { running in
            running.closed = true
            return running.groups
        }
        for pgid in groups { kill(-pgid, SIGKILL) }
    }
}
