import Dom0TuneCore
import Glibc

/// Creating, securing and removing the control socket's file.
enum ControlSocketFile {
    /// Makes the parent directory if it is missing (mode 0755, as `RuntimeDirectory=` would).
    static func makeParent(of path: String) throws(ControlServerError) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let parent = String(path[..<slash])
        var info = stat()
        if lstat(parent, &info) == 0 { return }
        try makeParent(of: parent)
        if mkdir(parent, 0o755) != 0 && errno != EEXIST {
            throw .system(SystemCallError("mkdir \(parent)", errno: errno))
        }
    }

    /// Clears the way for `bind`: nothing there is fine; a socket nobody answers on (left by
    /// a crash) is unlinked; a live socket or anything that is not a socket — a symlink
    /// included, which is never followed — is left alone and refused.
    static func removeStale(at path: String) throws(ControlServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .system(SystemCallError("lstat \(path)", errno: errno))
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(path) }
        let probe: Int32
        do { probe = try UnixSocket.stream(nonBlocking: false) } catch { throw .system(error) }
        defer { UnixSocket.close(probe) }
        do {
            try UnixSocket.connect(probe, path: path)
            throw ControlServerError.alreadyRunning(path)
        } catch let error as SystemCallError {
            guard error.errno == ECONNREFUSED else { throw .system(error) }
        } catch let error as ControlServerError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw .system(SystemCallError("unlink \(path)", errno: errno))
        }
    }

    /// The group id of `name` (`getgrnam_r`).
    static func groupID(named name: String) throws(ControlServerError) -> gid_t {
        var group = group()
        var result: UnsafeMutablePointer<group>? = nil
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        let code = getgrnam_r(name, &group, &buffer, buffer.count, &result)
        guard code == 0 else { throw .system(SystemCallError("getgrnam_r \(name)", errno: code)) }
        guard result != nil else { throw .unknownGroup(name) }
        return group.gr_gid
    }

    /// Creates the listening socket at `path`: mode `mode` from the start (set on the socket
    /// before `bind`, so it is never reachable by others), owner root and group `gid`.
    static func listen(at path: String, mode: mode_t, groupID gid: gid_t?, backlog: Int32) throws(ControlServerError) -> Int32 {
        guard Array(path.utf8).count <= UnixSocket.maxPathBytes else { throw .pathTooLong(path) }
        try makeParent(of: path)
        try removeStale(at: path)
        let fd: Int32
        do { fd = try UnixSocket.stream(nonBlocking: true) } catch { throw .system(error) }
        do throws(SystemCallError) {
            // Linux gives the bound inode the socket's own mode (less umask): set it first.
            guard fchmod(fd, mode) == 0 else { throw SystemCallError("fchmod", errno: errno) }
            try UnixSocket.bind(fd, path: path)
            guard chmod(path, mode) == 0 else { throw SystemCallError("chmod \(path)", errno: errno) }
            if let gid, lchown(path, getuid(), gid) != 0 { throw SystemCallError("lchown \(path)", errno: errno) }
            try UnixSocket.listen(fd, backlog: backlog)
        } catch {
            UnixSocket.close(fd)
            throw .system(error)
        }
        return fd
    }
}
