import CSystemd
public import Dispatch
public import Dom0TuneCore
import Glibc

/// Why a PSI trigger could not be armed.
public enum PSITriggerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed (see ``reason`` for what that usually means).
    case system(SystemCallError)
    /// The path is not a procfs file (a fake tree in tests): nothing is written to it.
    case notProcfs(String)

    public var description: String {
        switch self {
        case .system(let error): error.description
        case .notProcfs(let path): "\(path) is not on procfs"
        }
    }

    /// What the failure usually means, for the status line.
    public var reason: String {
        guard case .system(let error) = self else { return description }
        switch error.errno {
        case ENOENT: return "\(MemoryPressure.path) missing (kernel without PSI)"
        case EOPNOTSUPP: return "PSI disabled (psi=0 on the kernel command line)"
        case EPERM, EACCES: return "not permitted to arm a trigger (\(error))"
        case EINVAL: return "the kernel refused the trigger (\(error))"
        default: return error.description
        }
    }
}

/// An armed PSI trigger on a pressure file: the kernel wakes us when tasks stalled on
/// memory for the spec's stall time within its window.
///
/// The trigger lives as long as the pressure file's descriptor stays open. That
/// descriptor reports `EPOLLPRI` when the trigger fires but `EPOLLIN` always, so it
/// cannot sit in a read source itself: it goes into an epoll descriptor registered for
/// `EPOLLPRI` only, and that epoll descriptor (readable when the trigger fired) sits in
/// a `DispatchSource` read source on the caller's queue. Cancelling the source closes
/// both descriptors. The trigger keeps itself alive until ``cancel(closed:)``.
public final class PSITrigger: @unchecked Sendable {
    /// The trigger as armed (the unprivileged variant if the kernel wanted that).
    public let spec: PressureTriggerSpec
    /// Whether the configured window was refused and the 2 s-multiple one is used.
    public let unprivileged: Bool
    /// The pressure file's descriptor and the epoll descriptor (for tests).
    public let descriptors: (pressure: Int32, epoll: Int32)

    private let queue: DispatchQueue
    private let source: any DispatchSourceRead
    private var cancelled = false
    private var closed = false
    private var whenClosed: [@Sendable () -> Void] = []

    /// Opens `path` read-write, writes the trigger, and starts watching on `queue`.
    ///
    /// `onFire` runs on `queue` each time the kernel reports pressure (at most once per
    /// window); `onLost` runs once if the kernel drops the trigger (`EPOLLERR`), after
    /// which the trigger cancels itself. If the kernel refuses the spec with `EINVAL`
    /// and its window is not a multiple of 2 s, the unprivileged variant is tried
    /// (needed without `CAP_SYS_RESOURCE` on Linux ≥ 6.4).
    ///
    /// - Throws: ``PSITriggerError``: `open` ENOENT (no PSI), `write` EPERM/EACCES (no
    ///   privilege), EINVAL (spec refused), EOPNOTSUPP (`psi=0`); `epoll_*` failures;
    ///   `notProcfs` when `path` is an ordinary file (nothing is written then).
    public init(
        path: String, spec requested: PressureTriggerSpec, queue: DispatchQueue,
        onFire: @escaping @Sendable () -> Void, onLost: @escaping @Sendable (String) -> Void
    ) throws(PSITriggerError) {
        let fd: Int32
        do { fd = try Self.open(path) } catch { throw .system(error) }
        var filesystem = statfs()
        guard fstatfs(fd, &filesystem) == 0, filesystem.f_type == Self.procfsMagic else {
            close(fd)
            throw .notProcfs(path)
        }
        var armed = requested
        var unprivileged = false
        do {
            try Self.write(requested.bytes, to: fd, path: path)
        } catch where error.errno == EINVAL && requested.unprivileged != nil {
            armed = requested.unprivileged!
            unprivileged = true
            do { try Self.write(armed.bytes, to: fd, path: path) } catch {
                close(fd)
                throw .system(error)
            }
        } catch {
            close(fd)
            throw .system(error)
        }

        let epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else {
            let code = errno
            close(fd)
            throw .system(SystemCallError("epoll_create1", errno: code))
        }
        var event = epoll_event()
        event.events = EPOLLPRI.rawValue
        event.data.fd = fd
        guard epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) == 0 else {
            let code = errno
            close(epfd)
            close(fd)
            throw .system(SystemCallError("epoll_ctl \(path)", errno: code))
        }

        self.spec = armed
        self.unprivileged = unprivileged
        self.descriptors = (fd, epfd)
        self.queue = queue
        self.source = DispatchSource.makeReadSource(fileDescriptor: epfd, queue: queue)
        source.setEventHandler { [weak self] in
            guard let self, !self.cancelled else { return }
            switch Self.drain(epfd) {
            case .fired: onFire()
            case .lost(let reason):
                self.cancel()
                onLost(reason)
            }
        }
        source.setCancelHandler { [self] in
            close(epfd)
            close(fd)
            closed = true
            let callbacks = whenClosed
            whenClosed = []
            for callback in callbacks { callback() }
        }
        source.resume()
    }

    /// Stops watching; the descriptors are closed on the queue once the source is gone,
    /// after which `closed` runs there. Safe to call more than once.
    public func cancel(closed callback: (@Sendable () -> Void)? = nil) {
        dispatchPrecondition(condition: .onQueue(queue))
        if let callback {
            if closed { queue.async(execute: callback) } else { whenClosed.append(callback) }
        }
        guard !cancelled else { return }
        cancelled = true
        source.cancel()
    }

    /// `PROC_SUPER_MAGIC` of `<linux/magic.h>`.
    static let procfsMagic = 0x9fa0

    enum Drained { case fired, lost(String) }

    /// Takes the ready events off the epoll descriptor. The pressure file reports each
    /// firing once to whoever polls it first, and libdispatch's own epoll may have done
    /// so already, so an empty drain still means the trigger fired.
    static func drain(_ epfd: Int32) -> Drained {
        var events = [epoll_event](repeating: epoll_event(), count: 4)
        var count: Int32
        repeat { count = epoll_wait(epfd, &events, Int32(events.count), 0) } while count < 0 && errno == EINTR
        if count < 0 { return .lost("epoll_wait: \(Errno.describe(errno))") }
        for event in events.prefix(Int(count)) where event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            return .lost("the kernel dropped the trigger (EPOLLERR)")
        }
        return .fired
    }

    static func open(_ path: String) throws(SystemCallError) -> Int32 {
        var fd: Int32
        repeat { fd = Glibc.open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw SystemCallError("open \(path)", errno: errno) }
        return fd
    }

    /// Writes the whole trigger in one `write` (the kernel parses one write as one
    /// trigger; a short write is an error).
    static func write(_ bytes: [UInt8], to fd: Int32, path: String) throws(SystemCallError) {
        var written: Int
        repeat { written = Glibc.write(fd, bytes, bytes.count) } while written < 0 && errno == EINTR
        guard written >= 0 else { throw SystemCallError("write \(path)", errno: errno) }
        guard written == bytes.count else { throw SystemCallError("write \(path) (short)", errno: EIO) }
    }
}
