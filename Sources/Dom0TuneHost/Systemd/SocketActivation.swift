import CSystemd
import Glibc

/// Sockets handed over by systemd socket activation (`dom0tuned.socket`).
public enum SocketActivation {
    /// The first passed descriptor that is a listening `AF_UNIX` stream socket, or `nil`
    /// when the daemon was not socket-activated. Clears `LISTEN_FDS`/`LISTEN_PID` so
    /// children do not see them. The corresponding C functions are `sd_listen_fds` and
    /// `sd_is_socket_unix`.
    public static func controlSocket() -> Int32? {
        let count = sd_listen_fds(1)
        guard count > 0 else { return nil }
        let first = Int32(SD_LISTEN_FDS_START)
        for fd in first..<(first + count) where sd_is_socket_unix(fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0 {
            return fd
        }
        return nil
    }
}
