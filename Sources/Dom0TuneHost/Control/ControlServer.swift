public import Dispatch
public import Dom0TuneCore
import Glibc

/// The daemon's control socket: accepts `dom0ctl` and scripts, frames one JSON request per
/// line, validates it (``ControlRequestValidator``) and hands it to a ``ControlHandler``.
///
/// Everything runs on one serial queue (the daemon's state queue) and nothing on it ever
/// blocks: sockets are non-blocking, answers are buffered and sent as the client reads, and
/// a client that stops reading is closed after the idle timeout. Limits: a request line of
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
    private var acceptSource: (any DispatchSourceRead)?
    private var acceptPaused = false
    private var idleTimer: (any DispatchSourceTimer)?
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
        let fd = try ControlSocketFile.listen(at: configuration.path, mode: configuration.mode, groupID: gid, backlog: 128)
        var info = stat()
        if lstat(configuration.path, &info) == 0 {
            socketFile = (UInt64(info.st_dev), UInt64(info.st_ino))
        }
        begin(fd)
    }

    /// Starts accepting on a socket systemd passed in (socket activation); the socket file
    /// belongs to systemd and is left in place on stop.
    public func start(listeningOn fd: Int32) {
        dispatchPrecondition(condition: .onQueue(queue))
        precondition(listenFD < 0, "ControlServer started twice")
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        begin(fd)
    }

    /// Closes every connection and the listening socket, and removes the socket file if this
    /// server made it (and it is still the same file).
    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard listenFD >= 0 else { return }
        for connection in Array(connections.values) { close(connection) }
        idleTimer?.cancel()
        idleTimer = nil
        if let source = acceptSource {
            if acceptPaused { source.resume() }
            source.cancel()  // the cancel handler closes the descriptor
        }
        acceptSource = nil
        listenFD = -1
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
        return idleTimer != nil
    }

    /// Connections open now.
    public var clientCount: Int {
        dispatchPrecondition(condition: .onQueue(queue))
        return connections.count
    }

    // MARK: accepting

    private func begin(_ fd: Int32) {
        listenFD = fd
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self] in self?.acceptReady() }
        source.setCancelHandler { UnixSocket.close(fd) }
        acceptSource = source
        source.resume()
    }

    /// Starts the idle sweep when a client arrives. It stops itself on the first sweep that
    /// finds nobody connected, so an idle daemon has no timer waking it up, and a stream of
    /// short connections does not create a timer each.
    private func startIdleTimer() {
        guard idleTimer == nil, listenFD >= 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = min(Duration.seconds(1), configuration.idleTimeout / 4)
        let nanos = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanos), repeating: .nanoseconds(nanos), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.closeIdleConnections() }
        idleTimer = timer
        timer.resume()
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
        guard let source = acceptSource, !acceptPaused else { return }
        if let idle = longestIdle() { evict(idle) }
        source.suspend()
        acceptPaused = true
        queue.asyncAfter(deadline: .now() + .milliseconds(100)) { [weak self] in
            guard let self, self.acceptPaused, let source = self.acceptSource else { return }
            self.acceptPaused = false
            source.resume()
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
        startIdleTimer()
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: queue)
        source.setEventHandler { [weak self, weak connection] in
            guard let self, let connection else { return }
            self.readReady(connection)
        }
        connection.openSources += 1
        source.setCancelHandler { [connection] in Self.sourceCancelled(connection) }
        connection.readSource = source
        source.resume()
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
        let bytes = Array(notice.line.utf8)
        _ = bytes.withUnsafeBytes { try? UnixSocket.send(connection.fd, $0) }
        close(connection)
    }

    private func closeIdleConnections() {
        if connections.isEmpty {
            idleTimer?.cancel()
            idleTimer = nil
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

    private func readReady(_ connection: ControlConnection) {
        guard !connection.closed else { return }
        let count: Int?
        do {
            count = try UnixSocket.read(connection.fd, into: readBuffer)
        } catch {
            close(connection)
            return
        }
        guard let count else { return }
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
        updateReading(connection)
    }

    private func updateReading(_ connection: ControlConnection) {
        guard let source = connection.readSource, !connection.closed else { return }
        let wanted = !connection.peerClosed && !connection.closeAfterFlush && connection.pendingRequest == nil
            && !connection.hasPendingOutput
        if wanted && connection.readSuspended {
            connection.readSuspended = false
            source.resume()
        } else if !wanted && !connection.readSuspended {
            connection.readSuspended = true
            source.suspend()
        }
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
        connection.enqueue(response.line.utf8)
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
                waitWritable(connection)
                return
            }
            connection.outputOffset += sent
            connection.lastActivity = Self.now()
        }
        if let source = connection.writeSource, !connection.writeSuspended {
            connection.writeSuspended = true
            source.suspend()
        }
        if connection.closeAfterFlush && connection.pendingRequest == nil {
            close(connection)
        }
    }

    private func waitWritable(_ connection: ControlConnection) {
        if let source = connection.writeSource {
            if connection.writeSuspended {
                connection.writeSuspended = false
                source.resume()
            }
            return
        }
        let source = DispatchSource.makeWriteSource(fileDescriptor: connection.fd, queue: queue)
        source.setEventHandler { [weak self, weak connection] in
            guard let self, let connection, !connection.closed else { return }
            self.flush(connection)
            if !connection.closed && !connection.hasPendingOutput { self.processInput(connection) }
        }
        connection.openSources += 1
        source.setCancelHandler { [connection] in Self.sourceCancelled(connection) }
        connection.writeSource = source
        source.resume()
    }

    // MARK: closing

    private func close(_ connection: ControlConnection) {
        guard !connection.closed else { return }
        connection.closed = true
        connections[connection.id] = nil
        connection.discardInput()
        connection.output = []
        connection.outputOffset = 0
        // A suspended source must be resumed to be cancelled (and released).
        if let source = connection.writeSource {
            if connection.writeSuspended { source.resume() }
            source.cancel()
        }
        if let source = connection.readSource {
            if connection.readSuspended { source.resume() }
            source.cancel()
        }
        connection.readSource = nil
        connection.writeSource = nil
    }

    /// The descriptor is closed once every source on it has been cancelled.
    private static func sourceCancelled(_ connection: ControlConnection) {
        connection.openSources -= 1
        if connection.openSources == 0 { UnixSocket.close(connection.fd) }
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}
