import CSystemd
public import Dispatch
public import Dom0TuneCore
import Glibc

/// The daemon's control socket: accepts `dom0ctl` and scripts, frames one JSON request per
/// line, validates it (``ControlRequestValidator``) and hands it to a ``ControlHandler``.
///
/// Everything runs on one serial queue (the daemon's state queue), entered from the
/// server's own ``ControlEventLoop`` thread, and nothing on it ever blocks: sockets are
/// non-blocking, answers are buffered and sent as the client reads, and a client that
/// stops reading is closed after the idle timeout. Limits: a request line of
/// at most 64 KiB (over it: `too-large`, then close), 5 s idle, 64 clients (a new one
/// closes the connection idle the longest).
///
/// Call ``start()`` (or ``start(listeningOn:)``), ``stop()`` and ``clientCount`` on the queue.
public final class ControlServer: @unchecked Sendable {
    public let configuration: ControlServerConfiguration
    private let queue: DispatchQueue
    private let handler: any ControlHandler
    private let validator: ControlRequestValidator
    /// Told about failures that do not stop the server (accept errors), on the queue.
    private let errorHandler: ((SystemCallError) -> Void)?
    private let queueKey = DispatchSpecificKey<UInt8>()

    private var listenFD: Int32 = -1
    /// The socket file this server created (device and inode), removed on stop.
    private var socketFile: (dev: UInt64, ino: UInt64)?
    private var loop: ControlEventLoop?
    private var acceptPaused = false
    /// When the idle sweep runs next (`DispatchTime` uptime nanoseconds); `nil` while nobody
    /// is connected, so an idle daemon has nothing waking it up.
    private var nextSweep: UInt64?
    /// The listening socket's token in the event loop (connections count from 1).
    private static let listenToken: UInt64 = 0
    private var connections: [UInt64: ControlConnection] = [:]
    private var nextConnectionID: UInt64 = 0
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 8)

    public init(
        configuration: ControlServerConfiguration, queue: DispatchQueue, handler: any ControlHandler,
        policy: ControlPolicy = ControlPolicy(), errorHandler: ((SystemCallError) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.queue = queue
        self.handler = handler
        self.validator = ControlRequestValidator(policy: policy, maxBytes: configuration.maxRequestBytes)
        self.errorHandler = errorHandler
        queue.setSpecific(key: queueKey, value: 1)
    }

    deinit {
        loop?.stop()
        readBuffer.deallocate()
    }

    /// Creates the socket file at `configuration.path` (parent made if missing, a stale
    /// socket replaced, never a live one or a non-socket), mode 0660, group
    /// `configuration.group`, and starts accepting.
    ///
    /// - Throws: ``ControlServerError``; nothing is left listening then.
    public func start() throws(ControlServerError) {
        dispatchPrecondition(condition: .onQueue(queue))
        precondition(listenFD < 0, "ControlServer started twice")
        let gid = try configuration.group.map { name throws(ControlServerError) in try ControlSocketFile.groupID(named: name) }
        let loop = try Self.makeLoop()
        let fd = try ControlSocketFile.listen(at: configuration.path, mode: configuration.mode, groupID: gid, backlog: 128)
        var info = stat()
        if lstat(configuration.path, &info) == 0 {
            socketFile = (UInt64(info.st_dev), UInt64(info.st_ino))
        }
        do {
            try begin(fd, loop: loop)
        } catch {
            if socketFile != nil { unlink(configuration.path) }
            socketFile = nil
            UnixSocket.close(fd)
            throw error
        }
    }

    /// Starts accepting on a socket systemd passed in (socket activation); the socket file
    /// belongs to systemd and is left in place on stop.
    ///
    /// - Throws: ``ControlServerError`` when the event loop cannot be made (out of
    ///   descriptors or threads); the descriptor is left open then.
    public func start(listeningOn fd: Int32) throws(ControlServerError) {
        dispatchPrecondition(condition: .onQueue(queue))
        precondition(listenFD < 0, "ControlServer started twice")
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        try begin(fd, loop: Self.makeLoop())
    }

    /// Closes every connection and the listening socket, and removes the socket file if this
    /// server made it (and it is still the same file).
    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard listenFD >= 0 else { return }
        for connection in Array(connections.values) { close(connection) }
        nextSweep = nil
        loop?.remove(listenFD)
        loop?.stop()
        loop = nil
        UnixSocket.close(listenFD)
        listenFD = -1
        acceptPaused = false
        if let file = socketFile {
            var info = stat()
            if lstat(configuration.path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK,
                UInt64(info.st_dev) == file.dev, UInt64(info.st_ino) == file.ino
            {
                unlink(configuration.path)
            }
            socketFile = nil
        }
    }

    /// ``stop()`` from any thread except the server's queue (waits for it).
    func stopForTests() {
        queue.sync { stop() }
    }

    /// Whether the idle sweep timer exists (tests: an idle daemon has none).
    var idleSweepRunning: Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        return nextSweep != nil
    }

    /// Connections open now.
    public var clientCount: Int {
        dispatchPrecondition(condition: .onQueue(queue))
        return connections.count
    }

    // MARK: accepting

    private static func makeLoop() throws(ControlServerError) -> ControlEventLoop {
        do {
            return try ControlEventLoop()
        } catch {
            throw .system(error)
        }
    }

    private func begin(_ fd: Int32, loop: ControlEventLoop) throws(ControlServerError) {
        listenFD = fd
        self.loop = loop
        loop.add(fd, token: Self.listenToken, events: UInt32(EPOLLIN.rawValue))
        do {
            try loop.start(queue: queue) { [weak self] ready in self?.handle(ready) }
        } catch {
            loop.remove(fd)
            self.loop = nil
            listenFD = -1
            throw .system(error)
        }
    }

    /// What the event loop found ready (on the queue); returns when to call again.
    private func handle(_ ready: [ControlEventLoop.Ready]) -> Duration? {
        guard listenFD >= 0 else { return nil }
        for item in ready {
            if item.token == Self.listenToken {
                if !acceptPaused { acceptReady() }
                continue
            }
            // An event batched before its connection closed names an id no longer here.
            guard let connection = connections[item.token], !connection.closed else { continue }
            let registered = connection.registered
            let trouble = item.events & UInt32(EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0
            if registered & UInt32(EPOLLIN.rawValue) != 0, item.events & UInt32(EPOLLIN.rawValue) != 0 || trouble {
                readReady(connection, hungUp: trouble)
            }
            if !connection.closed, registered & UInt32(EPOLLOUT.rawValue) != 0,
                item.events & UInt32(EPOLLOUT.rawValue) != 0 || trouble
            {
                writeReady(connection)
            }
        }
        return sweepIfDue()
    }

    /// Starts the idle sweep when a client arrives. It stops itself on the first sweep that
    /// finds nobody connected, so an idle daemon has no timeout waking it up, and a stream of
    /// short connections does not start one each.
    private func startIdleSweep() {
        guard nextSweep == nil, listenFD >= 0 else { return }
        nextSweep = Self.now() + sweepInterval
    }

    private var sweepInterval: UInt64 {
        let interval = min(Duration.seconds(1), configuration.idleTimeout / 4)
        return UInt64(max(1_000_000, interval.nanosecondsClamped))
    }

    /// Runs the idle sweep when it is due; returns how long until the next one.
    private func sweepIfDue() -> Duration? {
        guard var due = nextSweep else { return nil }
        let now = Self.now()
        if now >= due {
            closeIdleConnections()  // ends the sweep when nobody is connected
            guard nextSweep != nil else { return nil }
            due = now + sweepInterval
            nextSweep = due
        }
        return .nanoseconds(Int64(clamping: due - now))
    }

    private func acceptReady() {
        guard listenFD >= 0 else { return }
        // Bounded per wake-up so a flood of connects cannot starve the daemon's other work.
        for _ in 0..<64 {
            let fd: Int32?
            do {
                fd = try UnixSocket.accept(listenFD)
            } catch {
                errorHandler?(error)
                if [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errno) { pauseAccepting() }
                return
            }
            guard let fd else { return }
            admit(fd)
        }
    }

    /// Out of descriptors or memory: make room and stop accepting for a moment, so the
    /// listening socket does not spin the queue.
    private func pauseAccepting() {
        guard let loop, !acceptPaused else { return }
        if let idle = longestIdle() { evict(idle) }
        loop.remove(listenFD)
        acceptPaused = true
        queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in
            guard let self, self.acceptPaused, self.listenFD >= 0, let loop = self.loop else { return }
            self.acceptPaused = false
            loop.add(self.listenFD, token: Self.listenToken, events: UInt32(EPOLLIN.rawValue))
        }
    }

    private func admit(_ fd: Int32) {
        let peer: PeerCredentials
        do {
            peer = try UnixSocket.peerCredentials(fd)
        } catch {
            UnixSocket.close(fd)
            errorHandler?(error)
            return
        }
        while connections.count >= configuration.maxClients, let idle = longestIdle() { evict(idle) }
        nextConnectionID += 1
        let connection = ControlConnection(id: nextConnectionID, fd: fd, peer: peer, now: Self.now())
        connections[connection.id] = connection
        startIdleSweep()
        updateInterest(connection)
    }

    /// The connection to sacrifice: idle the longest, preferring one not waiting for an answer.
    private func longestIdle() -> ControlConnection? {
        let idle = connections.values.filter { $0.pendingRequest == nil }
        return (idle.isEmpty ? Array(connections.values) : idle).min { $0.lastActivity < $1.lastActivity }
    }

    private func evict(_ connection: ControlConnection) {
        let notice = ControlResponse.failure(
            ControlError(.unavailable, "closed to make room for a new client (\(configuration.maxClients) at most)"))
        // Best effort, one non-blocking send: an idle client that reads learns why.
        let bytes = notice.lineUTF8
        _ = bytes.withUnsafeBytes { try? UnixSocket.send(connection.fd, $0) }
        close(connection)
    }

    private func closeIdleConnections() {
        if connections.isEmpty {
            nextSweep = nil
            return
        }
        let now = Self.now()
        let limit = UInt64(configuration.idleTimeout.components.seconds) * 1_000_000_000
            + UInt64(configuration.idleTimeout.components.attoseconds / 1_000_000_000)
        for connection in Array(connections.values)
        where connection.pendingRequest == nil && now &- connection.lastActivity >= limit {
            close(connection)
        }
    }

    // MARK: reading and framing

    /// `hungUp`: epoll reported a hang-up or an error, so nothing to read means the end.
    private func readReady(_ connection: ControlConnection, hungUp: Bool) {
        guard !connection.closed else { return }
        let count: Int?
        do {
            count = try UnixSocket.read(connection.fd, into: readBuffer)
        } catch {
            close(connection)
            return
        }
        guard let count else {
            if hungUp { close(connection) }  // level-triggered: it would be reported forever
            return
        }
        if count == 0 {
            connection.peerClosed = true
        } else {
            connection.receive(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
            connection.lastActivity = Self.now()
        }
        processInput(connection)
    }

    /// Answers the complete lines received, one at a time: the next is read only once the
    /// previous answer has been sent, so one client holds at most one answer in memory.
    private func processInput(_ connection: ControlConnection) {
        guard !connection.processing else { return }
        connection.processing = true
        defer { connection.processing = false }
        while !connection.closed, !connection.closeAfterFlush, connection.pendingRequest == nil,
            !connection.hasPendingOutput
        {
            let line: [UInt8]
            if let next = connection.nextLine() {
                line = next
            } else if connection.pendingInputCount > configuration.maxRequestBytes {
                line = connection.takeInput()  // no newline within the limit: refused on size
            } else if connection.peerClosed && connection.pendingInputCount > 0 {
                line = connection.takeInput()  // a last request without its newline
            } else {
                break
            }
            switch validator.validate(line: line, peer: connection.peer) {
            case .failure(let error):
                if error.code.closesConnection {
                    connection.closeAfterFlush = true
                    connection.discardInput()
                }
                send(.failure(error), to: connection)
            case .success(let request):
                dispatch(request, from: connection)
            }
        }
        guard !connection.closed else { return }
        if connection.peerClosed && connection.pendingRequest == nil && !connection.hasPendingOutput {
            close(connection)
            return
        }
        if connection.peerClosed { connection.closeAfterFlush = true }
        updateInterest(connection)
    }

    /// Tells the event loop what the connection waits for: input while it has nothing in
    /// hand, output room while an answer is pending; neither (not registered at all, so a
    /// hang-up is not reported over and over) while the handler works on a request.
    private func updateInterest(_ connection: ControlConnection) {
        guard let loop, !connection.closed else { return }
        let reading = !connection.peerClosed && !connection.closeAfterFlush && connection.pendingRequest == nil
            && !connection.hasPendingOutput
        let events = (reading ? UInt32(EPOLLIN.rawValue) : 0) | (connection.hasPendingOutput ? UInt32(EPOLLOUT.rawValue) : 0)
        guard events != connection.registered else { return }
        if events == 0 {
            loop.remove(connection.fd)
        } else if connection.registered == 0 {
            guard loop.add(connection.fd, token: connection.id, events: events) else { return close(connection) }
        } else {
            loop.modify(connection.fd, token: connection.id, events: events)
        }
        connection.registered = events
    }

    private func dispatch(_ request: ControlRequest, from connection: ControlConnection) {
        connection.requestCount += 1
        let sequence = connection.requestCount
        let id = connection.id
        connection.pendingRequest = sequence
        handler.handle(request, peer: connection.peer) { [weak self] response in
            guard let self else { return }
            if DispatchQueue.getSpecific(key: self.queueKey) != nil {
                self.deliver(response, connection: id, sequence: sequence)
            } else {
                self.queue.async { self.deliver(response, connection: id, sequence: sequence) }
            }
        }
    }

    private func deliver(_ response: ControlResponse, connection id: UInt64, sequence: UInt64) {
        guard let connection = connections[id], connection.pendingRequest == sequence else { return }
        connection.pendingRequest = nil
        send(response, to: connection)
        if !connection.closed { processInput(connection) }
    }

    // MARK: writing

    private func send(_ response: ControlResponse, to connection: ControlConnection) {
        connection.enqueue(response.lineUTF8)
        if connection.output.count - connection.outputOffset > configuration.maxPendingOutput {
            close(connection)
            return
        }
        flush(connection)
    }

    private func flush(_ connection: ControlConnection) {
        while connection.hasPendingOutput {
            let sent: Int?
            do {
                sent = try connection.output.withUnsafeBytes { bytes throws(SystemCallError) in
                    try UnixSocket.send(connection.fd, UnsafeRawBufferPointer(rebasing: bytes[connection.outputOffset...]))
                }
            } catch {
                close(connection)
                return
            }
            guard let sent else {
                updateInterest(connection)  // wait for room
                return
            }
            connection.outputOffset += sent
            connection.lastActivity = Self.now()
        }
        if connection.closeAfterFlush && connection.pendingRequest == nil {
            close(connection)
            return
        }
        updateInterest(connection)
    }

    private func writeReady(_ connection: ControlConnection) {
        flush(connection)
        if !connection.closed && !connection.hasPendingOutput { processInput(connection) }
    }

    // MARK: closing

    private func close(_ connection: ControlConnection) {
        guard !connection.closed else { return }
        connection.closed = true
        connections[connection.id] = nil
        connection.discardInput()
        connection.output = []
        connection.outputOffset = 0
        if connection.registered != 0 { loop?.remove(connection.fd) }
        connection.registered = 0
        UnixSocket.close(connection.fd)
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
