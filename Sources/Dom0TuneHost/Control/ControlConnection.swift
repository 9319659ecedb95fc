import Dom0TuneCore

/// One client of the control socket. Owned by ``ControlServer`` and touched only on its queue.
final class ControlConnection {
    let id: UInt64
    let fd: Int32
    let peer: PeerCredentials
    /// Bytes received; those before `inputStart` are already framed and answered.
    private(set) var input: [UInt8] = []
    private var inputStart = 0
    /// How far `input` has been searched for a newline.
    private var scanned = 0
    /// Bytes of answers not yet sent, from `outputOffset` on.
    var output: [UInt8] = []
    var outputOffset = 0
    /// `DispatchTime` uptime nanoseconds of the last byte moved either way (or of accept).
    var lastActivity: UInt64
    /// The request the handler is answering (its sequence number), if any.
    var pendingRequest: UInt64?
    var requestCount: UInt64 = 0
    /// Close once the queued output has gone (after an error that ends the stream, or EOF).
    var closeAfterFlush = false
    var peerClosed = false
    var closed = false
    /// Inside ``ControlServer``'s framing loop (a handler answering at once must not re-enter it).
    var processing = false
    /// What the event loop watches `fd` for (`EPOLLIN`, `EPOLLOUT`); 0: not registered.
    var registered: UInt32 = 0

    init(id: UInt64, fd: Int32, peer: PeerCredentials, now: UInt64) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.lastActivity = now
    }

    var hasPendingOutput: Bool { outputOffset < output.count }

    /// Bytes received and not yet framed.
    var pendingInputCount: Int { input.count - inputStart }

    func receive(_ bytes: UnsafeRawBufferPointer) {
        input.append(contentsOf: bytes)
    }

    /// Takes the next complete line out of the input, without its newline.
    func nextLine() -> [UInt8]? {
        guard let newline = input[max(scanned, inputStart)...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanned = input.count
            return nil
        }
        let line = Array(input[inputStart..<newline])
        inputStart = newline + 1
        scanned = inputStart
        if inputStart == input.count {
            input.removeAll(keepingCapacity: input.capacity <= 64 * 1024)
            inputStart = 0
            scanned = 0
        } else if inputStart >= 32 * 1024 {
            // Compact now and then, not per line: pipelined requests stay O(n).
            input.removeFirst(inputStart)
            scanned -= inputStart
            inputStart = 0
        }
        return line
    }

    /// Takes everything received (a last line without newline, or one over the limit).
    func takeInput() -> [UInt8] {
        let all = Array(input[inputStart...])
        discardInput()
        return all
    }

    func discardInput() {
        input = []
        inputStart = 0
        scanned = 0
    }

    func enqueue(_ bytes: [UInt8]) {
        if outputOffset == output.count {
            output = bytes  // the common case: nothing pending, take the answer as it is
            outputOffset = 0
        } else {
            output.append(contentsOf: bytes)
        }
    }
}
