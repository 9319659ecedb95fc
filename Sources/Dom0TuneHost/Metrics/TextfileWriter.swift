import Glibc

/// Writes Prometheus text for node_exporter's textfile collector (`[Metrics] TextfilePath=`):
/// to a temporary file beside the target, then `rename`, so the collector never reads half
/// a file. Blocking file I/O: call it off the state queue.
public struct TextfileWriter: Sendable {
    public var path: String

    public init(path: String) { self.path = path }

    /// - Throws: ``SystemCallError`` naming the failed call; the target is untouched then.
    public func write(_ text: String) throws(SystemCallError) {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw SystemCallError("open \(temporary)", errno: errno) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw SystemCallError("write \(temporary)", errno: code)
            }
            bytes = bytes.dropFirst(n)
        }
        guard fsync(fd) == 0 || errno == EINVAL else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw SystemCallError("fsync \(temporary)", errno: code)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SystemCallError("rename \(temporary)", errno: code)
        }
    }
}
