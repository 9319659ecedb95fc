import Dom0TuneCore
import Glibc

/// `pidfd_open`, when this glibc has it (see ``SpawnedChild/openPidfd(_:)``).
private let pidfdOpenAddress = Int(bitPattern: dlsym(nil, "pidfd_open"))

/// Serialises pipe creation with spawning (see ``SpawnedChild/spawn(_:)``).
private let spawnLock = SpawnLock()

private final class SpawnLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func lock() { pthread_mutex_lock(&mutex) }
    func unlock() { pthread_mutex_unlock(&mutex) }
}

/// A child started with `posix_spawnp` in its own process group, with pipes on its
/// stdout and stderr. Internal to ``ProcessRunner``.
struct SpawnedChild {
    let pid: pid_t
    let stdoutFD: Int32
    let stderrFD: Int32

    struct SpawnError: Error {
        var errno: Int32
    }

    /// The corresponding C function is `posix_spawnp`; the command is looked up on PATH
    /// when it has no slash.
    static func spawn(_ argv: [String]) throws(SpawnError) -> SpawnedChild {
        // pipe2(O_CLOEXEC) is not visible to Swift on glibc: create the pipes and mark
        // them close-on-exec under one lock with the spawn itself, so no other child of
        // ours inherits them in between.
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw SpawnError(errno: errno) }
        guard pipe(&errPipe) == 0 else {
            let saved = errno
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(errno: saved)
        }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so a timeout can kill xl and anything it started;
        // default signal dispositions and an empty mask, whatever the daemon has set.
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }

        var pid: pid_t = 0
        let status = posix_spawnp(&pid, argv[0], &actions, &attributes, cArgs, environ)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw SpawnError(errno: status)
        }
        return SpawnedChild(pid: pid, stdoutFD: outPipe[0], stderrFD: errPipe[0])
    }

    /// How long one poll waits while the child runs (milliseconds).
    static let runningSlice: Int64 = 500

    struct Collected {
        var termination: ProcessResult.Termination
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// Reads both pipes until the child has exited and the pipes are drained, or the
    /// deadline passes (then the whole group is killed). Always reaps the child and
    /// closes the pipes.
    func collect(until deadline: Duration, maxBytes: Int) -> Collected {
        if let pidfd = Self.openPidfd(pid) {
            defer { close(pidfd) }
            if let collected = collectWatchingExit(pidfd: pidfd, until: deadline, maxBytes: maxBytes) {
                return collected
            }
        }
        return collectPolling(until: deadline, maxBytes: maxBytes, out: [], err: [])
    }

    /// The quiet way: sleep on a pidfd until the child exits (one wakeup for a normal
    /// quick xl, however it writes its output), then drain the pipes. Every slice that
    /// passes while it runs drains the pipes too, and once a slice finds output the pipes
    /// are watched as well, so a child with a lot to say never stalls on a full pipe for
    /// long. `nil` when the pidfd cannot be polled (then the caller polls the pipes).
    private func collectWatchingExit(pidfd: Int32, until deadline: Duration, maxBytes: Int) -> Collected? {
        for fd in [stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var out: [UInt8] = []
        var err: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var openFDs: [Int32] = [stdoutFD, stderrFD]
        var watchPipes = false
        /// Reads what is there now; drops a pipe at EOF. Whether anything was read.
        func drain() -> Bool {
            var got = false
            for fd in openFDs {
                while true {
                    let n = read(fd, &buffer, buffer.count)
                    if n > 0 {
                        got = true
                        if fd == stdoutFD {
                            if out.count < maxBytes { out += buffer[0..<min(n, maxBytes - out.count)] }
                        } else if err.count < maxBytes {
                            err += buffer[0..<min(n, maxBytes - err.count)]
                        }
                        continue
                    }
                    if n < 0 && errno == EINTR { continue }
                    if n == 0 || errno != EAGAIN { openFDs.removeAll { $0 == fd } }
                    break
                }
            }
            return got
        }
        while true {
            let now = MonotonicClock.now()
            if now >= deadline {
                kill(-pid, SIGKILL)
                _ = reap(blocking: true)
                _ = drain()
                close(stdoutFD)
                close(stderrFD)
                return Collected(termination: .timedOut, stdout: out, stderr: err)
            }
            var fds = [pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)]
            if watchPipes { fds += openFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) } }
            let slice = min((deadline - now).millisecondsRoundedUp, Self.runningSlice)
            let ready = poll(&fds, nfds_t(fds.count), Int32(max(0, slice)))
            if ready < 0 {
                if errno == EINTR { continue }
                // Not pollable after all: hand over what we have to the pipe loop.
                for fd in [stdoutFD, stderrFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
                return nil
            }
            let exited = fds[0].revents != 0
            if drain(), !exited { watchPipes = true }
            if exited { break }
        }
        // Exited (a zombie by now): reap it, then take the rest of the output; something
        // it started may still hold a pipe, which gets a moment and is then killed.
        let status = reap(blocking: true)
        let rest = collectPolling(
            until: min(deadline, MonotonicClock.now() + .milliseconds(200)), maxBytes: maxBytes, out: out, err: err,
            openFDs: openFDs, exitStatus: status)
        return rest
    }

    /// The corresponding C function is `pidfd_open` (glibc 2.36, Linux 5.3), looked up at
    /// run time so the daemon still starts where it is missing.
    private static func openPidfd(_ pid: pid_t) -> Int32? {
        guard pidfdOpenAddress != 0, let pointer = UnsafeRawPointer(bitPattern: pidfdOpenAddress) else { return nil }
        let function = unsafeBitCast(pointer, to: (@convention(c) (pid_t, UInt32) -> Int32).self)
        let fd = function(pid, 0)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return fd
    }

    /// The pipe loop: polls both pipes in slices until the child has exited and the
    /// pipes are drained, or the deadline passes.
    private func collectPolling(
        until deadline: Duration, maxBytes: Int, out: [UInt8], err: [UInt8], openFDs: [Int32]? = nil,
        exitStatus knownStatus: Int32? = nil
    ) -> Collected {
        var out = out
        var err = err
        var openFDs: [Int32] = openFDs ?? [stdoutFD, stderrFD]
        var exitStatus: Int32? = knownStatus
        var timedOut = false
        var drainDeadline: Duration?
        var buffer = [UInt8](repeating: 0, count: 65536)

        while true {
            if exitStatus == nil, let status = reap(blocking: false) { exitStatus = status }
            let now = MonotonicClock.now()
            if exitStatus == nil, now >= deadline {
                timedOut = true
                kill(-pid, SIGKILL)
                exitStatus = reap(blocking: true)
                break
            }
            if openFDs.isEmpty, exitStatus != nil { break }
            if let status = exitStatus, !openFDs.isEmpty {
                // The child is gone but something it started still holds a pipe:
                // give the output a moment to arrive, then kill the stragglers.
                if drainDeadline == nil { drainDeadline = now + .milliseconds(200) }
                if now >= drainDeadline! {
                    kill(-pid, SIGKILL)
                    _ = status
                    break
                }
            }
            if openFDs.isEmpty {
                // Both pipes hit EOF: the child is exiting. Reap it without polling again;
                // it is usually a zombie already, else within a moment (bounded by the deadline).
                if let status = reap(blocking: false) {
                    exitStatus = status
                    break
                }
                usleep(500)
                continue
            }
            // A child that exits normally closes its pipes, which wakes this poll: the
            // slices only bound how late we notice a child that exited while something it
            // started still holds a pipe. Each slice is a wakeup, so keep them long.
            var fds = openFDs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let remaining = (drainDeadline ?? deadline) - now
            let slice = min(remaining.millisecondsRoundedUp, exitStatus == nil ? Self.runningSlice : 200)
            let ready = poll(&fds, nfds_t(fds.count), Int32(max(0, slice)))
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in fds where entry.revents != 0 {
                let n = read(entry.fd, &buffer, buffer.count)
                if n > 0 {
                    if entry.fd == stdoutFD {
                        if out.count < maxBytes { out += buffer[0..<min(n, maxBytes - out.count)] }
                    } else if err.count < maxBytes {
                        err += buffer[0..<min(n, maxBytes - err.count)]
                    }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    openFDs.removeAll { $0 == entry.fd }
                }
            }
        }
        close(stdoutFD)
        close(stderrFD)
        if exitStatus == nil { exitStatus = reap(blocking: true) }

        let termination: ProcessResult.Termination
        if timedOut {
            termination = .timedOut
        } else if let status = exitStatus {
            termination = Self.decode(status)
        } else {
            termination = .timedOut
        }
        return Collected(termination: termination, stdout: out, stderr: err)
    }

    /// The corresponding C function is `waitpid`; retries EINTR.
    private func reap(blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if r == pid { return status }
            if r == 0 { return nil }
            if errno == EINTR { continue }
            return nil  // ECHILD: already reaped elsewhere; treat as gone
        }
    }

    private static func decode(_ status: Int32) -> ProcessResult.Termination {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(signal)
    }
}

extension Duration {
    /// Whole milliseconds, rounded up: a poll never wakes just before its deadline.
    fileprivate var millisecondsRoundedUp: Int64 {
        let c = components
        return c.seconds * 1000 + (c.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
