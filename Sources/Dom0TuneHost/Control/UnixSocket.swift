import Dom0TuneCore
import Glibc

/// Thin wrappers over the socket system calls the control socket needs. Each retries
/// `EINTR` and throws ``SystemCallError`` naming the call; `EAGAIN` is a normal result
/// (`nil`) where a non-blocking descriptor can return it.
enum UnixSocket {
    /// The most bytes of a path `sockaddr_un` holds (107 on Linux, plus the NUL).
    static let maxPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// A new `AF_UNIX` stream socket, close-on-exec, optionally non-blocking.
    /// The corresponding C function is `socket`.
    static func stream(nonBlocking: Bool) throws(SystemCallError) -> Int32 {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let fd = socket(AF_UNIX, type, 0)
        guard fd >= 0 else { throw SystemCallError("socket", errno: errno) }
        return fd
    }

    /// Calls `body` with `path` as a `sockaddr`; `nil` when the path is too long.
    static func withAddress<R>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R? {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPathBytes, !bytes.contains(0) else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// The corresponding C function is `bind`.
    static func bind(_ fd: Int32, path: String) throws(SystemCallError) {
        guard let result = withAddress(path, { Glibc.bind(fd, $0, $1) }) else {
            throw SystemCallError("bind", errno: ENAMETOOLONG)
        }
        guard result == 0 else { throw SystemCallError("bind", errno: errno) }
    }

    /// The corresponding C function is `listen`.
    static func listen(_ fd: Int32, backlog: Int32) throws(SystemCallError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw SystemCallError("listen", errno: errno) }
    }

    /// Connects, retrying `EINTR`. The corresponding C function is `connect`.
    static func connect(_ fd: Int32, path: String) throws(SystemCallError) {
        while true {
            guard let result = withAddress(path, { Glibc.connect(fd, $0, $1) }) else {
                throw SystemCallError("connect", errno: ENAMETOOLONG)
            }
            if result == 0 { return }
            if errno == EINTR { continue }
            throw SystemCallError("connect", errno: errno)
        }
    }

    /// Accepts one connection as a non-blocking, close-on-exec descriptor; `nil` when none
    /// is waiting. The corresponding C functions are `accept` and `fcntl` (Swift's Glibc
    /// module does not export `accept4`; the window before `FD_CLOEXEC` is a few
    /// instructions, and the daemon's children close what they do not need).
    static func accept(_ fd: Int32) throws(SystemCallError) -> Int32? {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 {
                guard fcntl(client, F_SETFD, FD_CLOEXEC) == 0,
                    fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK) == 0
                else {
                    let code = errno
                    close(client)
                    throw SystemCallError("fcntl", errno: code)
                }
                return client
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemCallError("accept", errno: errno)
            }
        }
    }

    /// The kernel's record of who connected. The corresponding C call is
    /// `getsockopt(fd, SOL_SOCKET, SO_PEERCRED)`.
    static func peerCredentials(_ fd: Int32) throws(SystemCallError) -> PeerCredentials {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        var raw: (Int32, UInt32, UInt32) = (0, 0, 0)
        var length = socklen_t(MemoryLayout.size(ofValue: raw))
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &raw, &length) == 0 else {
            throw SystemCallError("getsockopt(SO_PEERCRED)", errno: errno)
        }
        return PeerCredentials(pid: raw.0, uid: raw.1, gid: raw.2)
    }

    /// Reads what is there; 0 at end of stream, `nil` when nothing is (`EAGAIN`).
    /// The corresponding C function is `read`.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int? {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemCallError("read", errno: errno)
            }
        }
    }

    /// Sends without raising `SIGPIPE`; `nil` when the socket buffer is full (`EAGAIN`).
    /// The corresponding C function is `send` with `MSG_NOSIGNAL`.
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws(SystemCallError) -> Int? {
        while true {
            let n = Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw SystemCallError("send", errno: errno)
            }
        }
    }

    /// Sets a receive or send timeout (`SO_RCVTIMEO` / `SO_SNDTIMEO`) on a blocking socket.
    static func setTimeout(_ fd: Int32, option: Int32, _ duration: Duration) throws(SystemCallError) {
        let (seconds, attoseconds) = duration.components
        var tv = timeval(tv_sec: Int(max(0, seconds)), tv_usec: Int(max(0, attoseconds) / 1_000_000_000_000))
        if tv.tv_sec == 0 && tv.tv_usec == 0 { tv.tv_usec = 1 }  // zero would mean "no timeout"
        guard setsockopt(fd, SOL_SOCKET, option, &tv, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw SystemCallError("setsockopt", errno: errno)
        }
    }

    /// Closes, ignoring errors (after `close` the descriptor is gone whatever it returns).
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
