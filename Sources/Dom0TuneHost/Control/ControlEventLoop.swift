import CSystemd
import Dispatch
import Glibc
import Synchronization

/// The control socket's own thread: waits in `epoll_wait` on the listening socket and the
/// clients, and runs what is ready inside `queue.sync`, so the server's state stays owned by
/// the daemon's state queue while a request costs one wakeup.
///
/// Why not `DispatchSource`s: libdispatch on Linux waits on its manager thread and then
/// wakes a worker for the target queue, two cross-thread wakeups before a request is read;
/// `queue.sync` from this thread runs the block right here when the queue is idle.
/// Measured with `scripts/bench-control.sh` (2 vCPUs): sources served about 3.4k
/// sequential `status` requests/s with 210 µs of daemon CPU each; this loop does several
/// times that.
///
/// Registration calls are thread-safe (epoll is). ``stop()`` never waits for the thread:
/// it may be called on the state queue while the thread waits to enter it.
final class ControlEventLoop: @unchecked Sendable {
    /// One ready descriptor: the token it was registered with and what `epoll_wait` said.
    struct Ready {
        let token: UInt64
        let events: UInt32
    }

    /// Runs on the state queue (inside `queue.sync`) with what is ready (empty on a timeout);
    /// returns how long to wait next (`nil`: until something happens).
    typealias Handler = ([Ready]) -> Duration?

    private let epollFD: Int32
    /// A pipe that wakes the thread (on stop).
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let stopping = Atomic<Bool>(false)
    private static let wakeToken = UInt64.max

    /// - Throws: ``SystemCallError`` when epoll or the wake pipe cannot be made.
    init() throws(SystemCallError) {
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SystemCallError("epoll_create1", errno: errno) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            let code = errno
            Glibc.close(epollFD)
            throw SystemCallError("pipe", errno: code)
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        self.epollFD = epollFD
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = control(EPOLL_CTL_ADD, wakeRead, token: Self.wakeToken, events: UInt32(EPOLLIN.rawValue))
    }

    deinit {
        Glibc.close(wakeRead)
        Glibc.close(wakeWrite)
        Glibc.close(epollFD)
    }

    /// Starts the thread; `handler` runs for each batch of ready descriptors and on timeouts.
    func start(queue: DispatchQueue, handler: @escaping Handler) throws(SystemCallError) {
        let context = Unmanaged.passRetained(Context(loop: self, queue: queue, handler: handler))
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let context = Unmanaged<Context>.fromOpaque(argument!).takeRetainedValue()
            context.loop.run(queue: context.queue, handler: context.handler)
            return nil
        }, context.toOpaque())
        guard status == 0 else {
            context.release()
            throw SystemCallError("pthread_create", errno: status)
        }
        pthread_detach(thread)
    }

    /// Ends the thread after the batch it is running (the handler is not called again).
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        wake()
    }

    /// Watches `fd` for `events` (`EPOLLIN`, `EPOLLOUT`; hang-ups and errors always come).
    @discardableResult
    func add(_ fd: Int32, token: UInt64, events: UInt32) -> Bool {
        control(EPOLL_CTL_ADD, fd, token: token, events: events)
    }

    @discardableResult
    func modify(_ fd: Int32, token: UInt64, events: UInt32) -> Bool {
        control(EPOLL_CTL_MOD, fd, token: token, events: events)
    }

    /// Stops watching `fd` (before it is closed, so no stale event names it).
    func remove(_ fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    /// Makes the thread look at `stopping` now.
    private func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(wakeWrite, &byte, 1)
    }

    private func control(_ operation: Int32, _ fd: Int32, token: UInt64, events: UInt32) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        return epoll_ctl(epollFD, operation, fd, &event) == 0
    }

    private final class Context {
        let loop: ControlEventLoop
        let queue: DispatchQueue
        let handler: Handler
        init(loop: ControlEventLoop, queue: DispatchQueue, handler: @escaping Handler) {
            self.loop = loop
            self.queue = queue
            self.handler = handler
        }
    }

    private func run(queue: DispatchQueue, handler: Handler) {
        OwnThread.prepare(name: "dom0-control")
        let capacity = 64
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        var ready: [Ready] = []
        ready.reserveCapacity(capacity)
        var timeout: Duration?
        while !stopping.load(ordering: .sequentiallyConsistent) {
            let count = epoll_wait(epollFD, events, Int32(capacity), Self.milliseconds(timeout))
            if count < 0 {
                if errno == EINTR { continue }
                return  // EBADF/EINVAL: nothing this loop can recover from
            }
            ready.removeAll(keepingCapacity: true)
            for index in 0..<Int(count) {
                let event = events[index]
                if event.data.u64 == Self.wakeToken {
                    var drain = (UInt64(0), UInt64(0))
                    while Glibc.read(wakeRead, &drain, MemoryLayout.size(ofValue: drain)) > 0 {}
                } else {
                    ready.append(Ready(token: event.data.u64, events: event.events))
                }
            }
            if stopping.load(ordering: .sequentiallyConsistent) { return }
            timeout = queue.sync { stopping.load(ordering: .sequentiallyConsistent) ? nil : handler(ready) }
        }
    }

    /// `epoll_wait`'s timeout: whole milliseconds rounded up (never wake just before), -1 for none.
    private static func milliseconds(_ duration: Duration?) -> Int32 {
        guard let duration else { return -1 }
        let nanoseconds = max(0, duration.nanosecondsClamped)
        return Int32(clamping: (nanoseconds + 999_999) / 1_000_000)
    }
}
