public import Dispatch
import Glibc

/// Watches directories with inotify and reports which entries changed, so the checks
/// re-read a file only when it did. Directories are watched rather than files, so an
/// editor's write-to-temp-then-rename is seen too; a watched directory that does not
/// exist yet is picked up when it appears in its (watched) parent.
///
/// Owned by one serial queue: create, use and stop it there. Events are read from a
/// non-blocking inotify descriptor by a `DispatchSource` read source on that queue.
public final class FileChangeWatcher: @unchecked Sendable {
    public let root: String
    private let queue: DispatchQueue
    private let handler: (Set<String>) -> Void
    private var fd: Int32 = -1
    private var source: (any DispatchSourceRead)?
    /// watch descriptor → absolute system path of the directory.
    private var watches: [Int32: String] = [:]
    private var wanted: Set<String>

    /// inotify events that mean "an entry may have new content".
    static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)

    /// - Parameters:
    ///   - directories: absolute system paths (`/etc/xen`), watched below `root`.
    ///   - handler: called on `queue` with the changed paths (`/etc/xen/xl.conf`, or a
    ///     directory itself when its watch was lost or it appeared).
    public init(root: String, directories: Set<String>, queue: DispatchQueue, handler: @escaping (Set<String>) -> Void) {
        self.root = root
        self.queue = queue
        self.handler = handler
        self.wanted = directories
    }

    /// Starts watching.
    /// - Throws: ``SystemCallError`` when inotify is unavailable (the caller then runs
    ///   without re-evaluation on file changes, and says so).
    public func start() throws(SystemCallError) {
        dispatchPrecondition(condition: .onQueue(queue))
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw SystemCallError("inotify_init1", errno: errno) }
        fd = descriptor
        addMissingWatches()
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { [weak self] in self?.drain() }
        source.setCancelHandler { close(descriptor) }
        self.source = source
        source.resume()
    }

    public func stop() {
        source?.cancel()
        source = nil
        fd = -1
        watches = [:]
    }

    /// The directories currently watched (absolute system paths), for tests and status.
    public var watchedDirectories: Set<String> { Set(watches.values) }

    private func real(_ path: String) -> String {
        root == "/" || root.isEmpty ? path : (root.hasSuffix("/") ? String(root.dropLast()) : root) + path
    }

    /// Watches every wanted directory that exists, and the parent of every one that does
    /// not (to see it appear).
    private func addMissingWatches() {
        guard fd >= 0 else { return }
        let watched = Set(watches.values)
        var targets = Set<String>()
        for directory in wanted {
            targets.insert(directory)
            targets.insert(Self.parent(of: directory))
        }
        for directory in targets.subtracting(watched).sorted() {
            let descriptor = inotify_add_watch(fd, real(directory), Self.mask | UInt32(IN_ONLYDIR))
            if descriptor >= 0 { watches[descriptor] = directory }
        }
    }

    static func parent(of path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count <= 1 ? "/" : "/" + parts.dropLast().joined(separator: "/")
    }

    private func drain() {
        var changed = Set<String>()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var rewatch = false
        while fd >= 0 {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                break  // EAGAIN: drained
            }
            if count == 0 { break }
            var offset = 0
            while offset + 16 <= count {
                let wd = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int32.self) }
                let mask = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
                let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self) })
                let nameBytes = buffer[(offset + 16)..<min(offset + 16 + length, count)].prefix { $0 != 0 }
                offset += 16 + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    changed.formUnion(wanted)
                    continue
                }
                guard let directory = watches[wd] else { continue }
                if mask & UInt32(IN_IGNORED) != 0 {
                    watches[wd] = nil
                    changed.insert(directory)
                    rewatch = true
                    continue
                }
                let name = String(decoding: nameBytes, as: UTF8.self)
                let path = directory == "/" ? "/" + name : directory + "/" + name
                if wanted.contains(path) {
                    changed.insert(path)  // a watched directory appeared, went or was replaced
                    rewatch = true
                } else if wanted.contains(directory) {
                    changed.insert(path)
                }
            }
        }
        if rewatch { addMissingWatches() }
        if !changed.isEmpty { handler(changed) }
    }
}
