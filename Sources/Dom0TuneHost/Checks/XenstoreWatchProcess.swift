public import Dispatch
import Dom0TuneCore
import Glibc

/// A supervised `xenstore-watch PATH…` (one process watches every path: xenstore-watch
/// registers each argument and prints the path that fired): its output lines are delivered as they come
/// (a thread blocked in `poll` on its pipes, no polling loop); when it dies it is
/// restarted with ``RestartBackoff``. Owned by one serial queue: create, start and stop
/// it there; the callbacks run there too.
///
/// The pipes are read with blocking `poll`/`read` on a private queue rather than with
/// `DispatchSource` read sources: restarting a child reuses descriptor numbers at once,
/// which libdispatch's epoll backend on Linux does not always survive.
public final class XenstoreWatchProcess: @unchecked Sendable {
    public let command: String
    public let paths: [String]
    private let queue: DispatchQueue
    private let onLine: (String) -> Void
    private let onExit: (_ reason: String, _ restartIn: Duration) -> Void
    private let reader: DispatchQueue

    private var child: SpawnedChild?
    private var startedAt: Duration = .zero
    private var backoff = RestartBackoff()
    private var restartTimer: (any DispatchSourceTimer)?
    private var stopped = false
    /// Bytes kept of an unterminated line (xenstore paths are short).
    static let maximumLine = 4096

    /// - Parameters:
    ///   - onLine: each output line (including the one printed when the watch registers).
    ///   - onExit: the process ended or could not start; it is restarted after the delay.
    public init(
        command: String, paths: [String], queue: DispatchQueue, onLine: @escaping (String) -> Void,
        onExit: @escaping (_ reason: String, _ restartIn: Duration) -> Void
    ) {
        self.command = command
        self.paths = paths
        self.queue = queue
        self.onLine = onLine
        self.onExit = onExit
        reader = DispatchQueue(label: "dom0tuned.xenstore-watch")
    }

    public var isRunning: Bool { child != nil }
    public var pid: Int32? { child?.pid }

    public func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        stopped = false
        launch()
    }

    /// Kills the watch's process group and stops restarting it; the reader reaps it.
    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        stopped = true
        restartTimer?.cancel()
        restartTimer = nil
        if let child {
            self.child = nil
            kill(-child.pid, SIGTERM)
        }
    }

    private func launch() {
        guard !stopped else { return }
        startedAt = MonotonicClock.now()
        let spawned: SpawnedChild
        do {
            spawned = try SpawnedChild.spawn([command] + paths)
        } catch {
            scheduleRestart(reason: "cannot run \(command): \(Errno.describe(error.errno))")
            return
        }
        child = spawned
        reader.async { [weak self] in
            let (lastError, reason) = Self.follow(spawned) { line in
                self?.queue.async { [weak self] in
                    guard let self, !self.stopped else { return }
                    self.onLine(line)
                }
            }
            self?.queue.async { [weak self] in
                guard let self else { return }
                if self.child?.pid == spawned.pid { self.child = nil }
                guard !self.stopped else { return }
                self.scheduleRestart(reason: reason + (lastError.isEmpty ? "" : ": \(lastError)"))
            }
        }
    }

    /// Reads the child's stdout lines and stderr until stdout closes, then reaps it.
    /// Blocking; runs on the reader queue. Returns the last stderr line and how the child ended.
    private static func follow(_ child: SpawnedChild, line deliver: (String) -> Void) -> (String, String) {
        var partial: [UInt8] = []
        var lastError = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        var fds = [pollfd(fd: child.stdoutFD, events: Int16(POLLIN), revents: 0), pollfd(fd: child.stderrFD, events: Int16(POLLIN), revents: 0)]
        var stdoutOpen = true
        while stdoutOpen {
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    if index == 0 { stdoutOpen = false }
                    fds[index].fd = -1  // poll ignores negative descriptors
                    continue
                }
                if index == 0 {
                    partial += buffer[0..<count]
                    while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                        deliver(String(decoding: partial[..<newline], as: UTF8.self))
                        partial.removeSubrange(...newline)
                    }
                    if partial.count > maximumLine { partial.removeAll() }
                } else if let last = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n").last {
                    lastError = String(last.prefix(200))
                }
            }
        }
        close(child.stdoutFD)
        close(child.stderrFD)
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(child.pid, &status, 0) } while result < 0 && errno == EINTR
        let reason: String
        if result < 0 {
            reason = "ended"
        } else if status & 0x7f == 0 {
            reason = "exited with status \((status >> 8) & 0xff)"
        } else {
            reason = "killed by signal \(status & 0x7f)"
        }
        return (lastError, reason)
    }

    private func scheduleRestart(reason: String) {
        guard !stopped else { return }
        let delay = backoff.delay(afterRunOf: MonotonicClock.now() - startedAt)
        onExit(reason, delay)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .nanoseconds(Int(delay.nanosecondsClamped)))
        timer.setEventHandler { [weak self] in
            self?.restartTimer = nil
            self?.launch()
        }
        restartTimer?.cancel()
        restartTimer = timer
        timer.resume()
    }
}
