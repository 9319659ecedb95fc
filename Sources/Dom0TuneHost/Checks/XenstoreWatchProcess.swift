public import Dispatch
import Dom0TuneCore
import Glibc

/// A supervised `xenstore-watch PATH`: its output lines are delivered as they come
/// (a `DispatchSource` on the pipe, no polling); when it dies it is restarted with
/// ``RestartBackoff``. Owned by one serial queue: create, start and stop it there.
public final class XenstoreWatchProcess: @unchecked Sendable {
    public let command: String
    public let path: String
    private let queue: DispatchQueue
    private let onLine: (String) -> Void
    private let onExit: (_ reason: String, _ restartIn: Duration) -> Void
    private let reaper = DispatchQueue(label: "dom0tuned.xenstore-watch.reaper")

    private var child: SpawnedChild?
    private var outSource: (any DispatchSourceRead)?
    private var errSource: (any DispatchSourceRead)?
    private var partial: [UInt8] = []
    private var lastError = ""
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
        command: String, path: String, queue: DispatchQueue, onLine: @escaping (String) -> Void,
        onExit: @escaping (_ reason: String, _ restartIn: Duration) -> Void
    ) {
        self.command = command
        self.path = path
        self.queue = queue
        self.onLine = onLine
        self.onExit = onExit
    }

    public var isRunning: Bool { child != nil }
    public var pid: Int32? { child?.pid }

    public func start() {
        dispatchPrecondition(condition: .onQueue(queue))
        stopped = false
        launch()
    }

    /// Kills the watch's process group and stops restarting it.
    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        stopped = true
        restartTimer?.cancel()
        restartTimer = nil
        outSource?.cancel()
        outSource = nil
        errSource?.cancel()
        errSource = nil
        if let child {
            self.child = nil
            kill(-child.pid, SIGTERM)
            reaper.async {
                var status: Int32 = 0
                while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
            }
        }
    }

    private func launch() {
        guard !stopped else { return }
        startedAt = MonotonicClock.now()
        partial = []
        lastError = ""
        let spawned: SpawnedChild
        do {
            spawned = try SpawnedChild.spawn([command, path])
        } catch {
            scheduleRestart(reason: "cannot run \(command): \(Errno.describe(error.errno))")
            return
        }
        child = spawned
        for fd in [spawned.stdoutFD, spawned.stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        let out = DispatchSource.makeReadSource(fileDescriptor: spawned.stdoutFD, queue: queue)
        out.setEventHandler { [weak self] in self?.readOutput(spawned.stdoutFD) }
        out.setCancelHandler { close(spawned.stdoutFD) }
        let err = DispatchSource.makeReadSource(fileDescriptor: spawned.stderrFD, queue: queue)
        err.setEventHandler { [weak self] in self?.readErrors(spawned.stderrFD) }
        err.setCancelHandler { close(spawned.stderrFD) }
        outSource = out
        errSource = err
        out.resume()
        err.resume()
    }

    private func readChunk(_ fd: Int32) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 { return Array(buffer[0..<count]) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return [] }
            return nil  // end of file or error
        }
    }

    private func readOutput(_ fd: Int32) {
        guard let chunk = readChunk(fd) else {
            ended()
            return
        }
        partial += chunk
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: partial[..<newline], as: UTF8.self)
            partial.removeSubrange(...newline)
            onLine(line)
        }
        if partial.count > Self.maximumLine { partial.removeAll() }
    }

    private func readErrors(_ fd: Int32) {
        guard let chunk = readChunk(fd) else {
            errSource?.cancel()
            errSource = nil
            return
        }
        if let line = String(decoding: chunk, as: UTF8.self).split(separator: "\n").last {
            lastError = String(line.prefix(200))
        }
    }

    /// stdout closed: the process is gone (or going). Reap it off the queue, then restart.
    private func ended() {
        outSource?.cancel()
        outSource = nil
        errSource?.cancel()
        errSource = nil
        guard let child else { return }
        self.child = nil
        reaper.async { [weak self] in
            var status: Int32 = 0
            var result: pid_t
            repeat { result = waitpid(child.pid, &status, 0) } while result < 0 && errno == EINTR
            let reason: String
            if result < 0 {
                reason = "exited"
            } else if status & 0x7f == 0 {
                reason = "exited with status \((status >> 8) & 0xff)"
            } else {
                reason = "killed by signal \(status & 0x7f)"
            }
            self?.queue.async { [weak self] in
                guard let self, !self.stopped else { return }
                self.scheduleRestart(reason: reason + (self.lastError.isEmpty ? "" : ": \(self.lastError)"))
            }
        }
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
