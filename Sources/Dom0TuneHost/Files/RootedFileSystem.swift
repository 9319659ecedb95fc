import Glibc

/// Reads files below a root directory, so the daemon and its tests can look at a
/// captured tree (`--root DIR`) as if it were `/`. Paths are given as absolute
/// paths of the running system (`/proc/xen/capabilities`).
public struct RootedFileSystem: Sendable {
    public let root: String

    /// Files larger than this are refused (every file we read is small).
    public static let maxFileSize = 4 << 20

    public init(root: String = "/") {
        self.root = root
    }

    /// The real path for an absolute system path.
    public func path(_ absolute: String) -> String {
        precondition(absolute.hasPrefix("/"), "rooted paths are absolute")
        if root == "/" || root.isEmpty { return absolute }
        return (root.hasSuffix("/") ? String(root.dropLast()) : root) + absolute
    }

    /// Reads a whole file as UTF-8 (invalid bytes repaired). The corresponding C
    /// functions are `open` and `read`; EINTR is retried.
    /// - Throws: ``SystemCallError`` (ENOENT when missing, EFBIG past ``maxFileSize``).
    public func read(_ absolute: String) throws(SystemCallError) -> String {
        String(decoding: try readBytes(absolute), as: UTF8.self)
    }

    public func readBytes(_ absolute: String) throws(SystemCallError) -> [UInt8] {
        try Self.readFile(atPath: path(absolute))
    }

    /// Reads any file by its real path (relative paths are relative to the working
    /// directory), e.g. a config file given with `--config`.
    public static func readFile(atPath real: String) throws(SystemCallError) -> [UInt8] {
        var fd: Int32
        repeat { fd = open(real, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw SystemCallError("open \(real)", errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n > 0 {
                bytes += buffer[0..<n]
                if bytes.count > Self.maxFileSize { throw SystemCallError("read \(real)", errno: EFBIG) }
            } else if n == 0 {
                return bytes
            } else if errno != EINTR {
                throw SystemCallError("read \(real)", errno: errno)
            }
        }
    }

    /// Names in a directory by its real path; see ``list(_:)``.
    public static func listDirectory(atPath real: String) -> [String] {
        guard let dir = opendir(real) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func exists(_ absolute: String) -> Bool {
        access(path(absolute), F_OK) == 0
    }

    /// Names in a directory (no `.`/`..`), sorted; empty when it does not exist.
    public func list(_ absoluteDirectory: String) -> [String] {
        Self.listDirectory(atPath: path(absoluteDirectory))
    }
}
