import Glibc

/// Set-up shared by the daemon's own threads (the quiet ticker, the control loop).
enum OwnThread {
    /// Call first thing on the new thread. Signals belong to the daemon's dispatch
    /// sources, never to these threads. Except SIGCHLD: the exit of a child a thread
    /// spawned is signalled to that thread, and a blocked SIGCHLD is queued and wakes
    /// another thread, where an unblocked one (default disposition: ignore) is dropped
    /// at once.
    static func prepare(name: String) {
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGCHLD)
        pthread_sigmask(SIG_SETMASK, &all, nil)
        setName(name)
    }

    /// Names the calling thread for `top -H` and /proc (pthread_setname_np is not visible
    /// to Swift here; this is what it does on Linux). Linux keeps the first 15 bytes.
    static func setName(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Array(name.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
