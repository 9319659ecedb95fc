public import Dispatch
import Glibc
import Synchronization

/// One persistent thread that wakes at the daemon's idle ticks and runs cheap *probes*
/// on itself, so that a tick where everything is as it was costs one wakeup and no hop
/// to the state queue.
///
/// Why: libdispatch on Linux fires timers from its manager thread and then wakes (or
/// creates) a worker for the target queue, so a timer on the state queue costs two to
/// four context switches before any work is done, and every further queue hop as many
/// again. A probe runs synchronously on the ticker's thread; it returns `nil` when all
/// is quiet, or a closure the ticker runs on the state queue (one hop for all the
/// probes of a tick).
///
/// Ticks lie on a grid of each probe's period counted from the ticker's creation, so
/// probes with the same period (or one a multiple of the other) share their wakeups.
/// The thread is created with the first probe and lives until ``stop()``.
public final class QuietTicker: @unchecked Sendable {
    /// Cheap, thread-safe work run on the ticker's thread: `nil` when nothing needs the
    /// state queue, else a closure to run there.
    public typealias Probe = @Sendable () -> (@Sendable () -> Void)?

    /// A registered probe, to change its period or remove it.
    public struct Handle: Hashable, Sendable {
        fileprivate let id: Int
    }

    private struct Entry {
        var period: Duration
        var next: Duration
        var probe: Probe
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var started = false
        var stopping = false
        var thread: pthread_t?
        /// How many ticks ran at least one probe (for tests).
        var ticks = 0
    }

    private let target: DispatchQueue
    private let epoch: Duration
    private let state = Mutex(State())
    /// A pipe that wakes the thread when the set of probes changes or on stop.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// `target`: the queue the probes' closures run on (the daemon's state queue).
    public init(target: DispatchQueue) {
        self.target = target
        self.epoch = MonotonicClock.now()
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    /// How many ticks have run probes so far.
    public var ticks: Int { state.withLock { $0.ticks } }

    /// Runs `probe` every `period` from the next grid point on.
    @discardableResult
    public func add(every period: Duration, _ probe: @escaping Probe) -> Handle {
        let period = max(period, .milliseconds(1))
        let now = MonotonicClock.now()
        let (handle, startThread) = state.withLock { state -> (Handle, Bool) in
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(period: period, next: nextTick(after: now, period: period), probe: probe)
            let start = !state.started && !state.stopping
            if start { state.started = true }
            return (Handle(id: id), start)
        }
        if startThread { startThreadNow() } else { wake() }
        return handle
    }

    /// A new period for a probe; its next tick is the next point of the new grid.
    public func setPeriod(_ handle: Handle, _ period: Duration) {
        let period = max(period, .milliseconds(1))
        let now = MonotonicClock.now()
        state.withLock { state in
            guard var entry = state.entries[handle.id], entry.period != period else { return }
            entry.period = period
            entry.next = nextTick(after: now, period: period)
            state.entries[handle.id] = entry
        }
        wake()
    }

    /// Removes a probe (a run already under way finishes).
    public func remove(_ handle: Handle) {
        state.withLock { _ = $0.entries.removeValue(forKey: handle.id) }
    }

    /// Stops the thread and waits for it (a probe running finishes first; callers kill
    /// the processes a probe may be waiting on before). Final: later probes never run.
    public func stop() {
        let thread = state.withLock { state -> pthread_t? in
            state.stopping = true
            state.entries = [:]
            defer { state.thread = nil }
            return state.thread
        }
        wake()
        guard let thread, !pthread_equal(thread, pthread_self()).isTrue else { return }
        pthread_join(thread, nil)
    }

    // MARK: - The thread

    private func startThreadNow() {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { argument in
            let ticker = Unmanaged<QuietTicker>.fromOpaque(argument!).takeRetainedValue()
            ticker.loop()
            return nil
        }, box.toOpaque())
        guard status == 0 else {
            box.release()
            state.withLock { $0.started = false }
            return
        }
        state.withLock { state in
            if state.stopping {
                // stop() ran before the thread was recorded: it will see `stopping`.
                state.thread = nil
            } else {
                state.thread = thread
            }
        }
        // If stop() won the race, nobody joins: let the thread clean up after itself.
        if state.withLock({ $0.stopping && $0.thread == nil }) { pthread_detach(thread) }
    }

    private func loop() {
        OwnThread.prepare(name: "dom0-tick")
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let (stopping, due) = state.withLock { ($0.stopping, $0.entries.values.map(\.next).min()) }
            if stopping { return }
            let now = MonotonicClock.now()
            if let due, due <= now {
                runDue(now: now)
                continue
            }
            var timeout: Int32 = -1
            if let due {
                // Round up to whole milliseconds: never wake just before the tick.
                let nanoseconds = (due - now).nanosecondsClamped
                timeout = Int32(clamping: (nanoseconds + 999_999) / 1_000_000)
            }
            var entry = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, timeout)
            if ready > 0 { while read(wakeRead, &buffer, buffer.count) > 0 {} }
        }
    }

    private func runDue(now: Duration) {
        let probes = state.withLock { state -> [Probe] in
            var due: [Probe] = []
            for (id, var entry) in state.entries where entry.next <= now {
                due.append(entry.probe)
                entry.next = nextTick(after: now, period: entry.period)
                state.entries[id] = entry
            }
            state.ticks += 1
            return due
        }
        var work: [@Sendable () -> Void] = []
        for probe in probes {
            if let closure = probe() { work.append(closure) }
        }
        guard !work.isEmpty else { return }
        let batch = work
        target.async { for closure in batch { closure() } }
    }

    /// The first point of `period`'s grid (counted from the ticker's creation) after `now`.
    private func nextTick(after now: Duration, period: Duration) -> Duration {
        let step = max(period.nanosecondsClamped, 1)
        let elapsed = max((now - epoch).nanosecondsClamped, 0)
        let (count, overflow) = (elapsed / step + 1).multipliedReportingOverflow(by: step)
        return overflow ? .seconds(Int64.max / 2) : epoch + .nanoseconds(count)
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }
}

extension Int32 {
    fileprivate var isTrue: Bool { self != 0 }
}
