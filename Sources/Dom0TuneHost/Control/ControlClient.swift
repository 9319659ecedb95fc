public import Dom0TuneCore
import Glibc

/// A blocking client of the control socket, for `dom0ctl` and tests: one connection, one
/// request, one response, within a deadline.
public struct ControlClient: Sendable {
    public var path: String
    public var timeout: Duration
    /// Largest response accepted (the daemon's answers are far smaller).
    public var maxResponseBytes = 16 * 1024 * 1024

    public init(path: String, timeout: Duration = .seconds(5)) {
        self.path = path
        self.timeout = timeout
    }

    /// Sends `request` and waits for its response.
    ///
    /// An error answer from the daemon (e.g. `permission-denied`) is a normal result,
    /// `.failure`; only failing to get an answer at all throws.
    ///
    /// - Throws: ``ControlClientError``.
    public func send(_ request: ControlRequest) throws(ControlClientError) -> ControlResponse {
        let line = try exchange(Array(request.line.utf8))
        do {
            return try ControlResponse.parse(line: line)
        } catch {
            throw .malformedResponse(error.reason)
        }
    }

    /// Sends raw bytes (a line of the caller's making) and returns the first response line,
    /// without its newline. For tests and the benchmark.
    public func exchange(_ bytes: [UInt8]) throws(ControlClientError) -> [UInt8] {
        let fd: Int32
        do {
            fd = try UnixSocket.stream(nonBlocking: false)
        } catch {
            throw .system(error)
        }
        defer { UnixSocket.close(fd) }
        do {
            try UnixSocket.setTimeout(fd, option: SO_RCVTIMEO, timeout)
            try UnixSocket.setTimeout(fd, option: SO_SNDTIMEO, timeout)
        } catch {
            throw .system(error)
        }
        do {
            try UnixSocket.connect(fd, path: path)
        } catch {
            switch error.errno {
            case ENOENT, ECONNREFUSED: throw .notRunning(path: path)
            case EACCES, EPERM: throw .permissionDenied(path: path)
            case ENAMETOOLONG: throw .pathTooLong(path: path)
            case EAGAIN: throw .timedOut(path: path)
            default: throw .system(error)
            }
        }
        var offset = 0
        while offset < bytes.count {
            let sent: Int?
            do {
                sent = try bytes.withUnsafeBytes { raw in
                    Result { () throws(SystemCallError) in try UnixSocket.send(fd, UnsafeRawBufferPointer(rebasing: raw[offset...])) }
                }.get()
            } catch {
                if error.errno == EPIPE || error.errno == ECONNRESET { break }  // the answer may still be there
                throw .system(error)
            }
            guard let sent else { throw .timedOut(path: path) }
            offset += sent
        }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count: Int?
            do {
                count = try chunk.withUnsafeMutableBytes { raw in
                    Result { () throws(SystemCallError) in try UnixSocket.read(fd, into: raw) }
                }.get()
            } catch {
                if error.errno == ECONNRESET { throw .connectionClosed(path: path) }
                throw .system(error)
            }
            guard let count else { throw .timedOut(path: path) }
            if count == 0 { throw .connectionClosed(path: path) }
            if let newline = chunk[..<count].firstIndex(of: UInt8(ascii: "\n")) {
                response.append(contentsOf: chunk[..<newline])
                return response
            }
            response.append(contentsOf: chunk[..<count])
            if response.count > maxResponseBytes { throw .malformedResponse("response longer than \(maxResponseBytes) bytes") }
        }
    }
}

/// Why no answer came back from the daemon.
public enum ControlClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens on the socket (no file, or a stale one).
    case notRunning(path: String)
    /// The socket's mode or group keeps this user out.
    case permissionDenied(path: String)
    case pathTooLong(path: String)
    /// No answer within the deadline.
    case timedOut(path: String)
    /// The daemon closed the connection without answering.
    case connectionClosed(path: String)
    case malformedResponse(String)
    case system(SystemCallError)

    public var description: String {
        switch self {
        case .notRunning(let path): "dom0tuned is not running (nothing answers on \(path))"
        case .permissionDenied(let path): "permission denied on \(path)"
        case .pathTooLong(let path): "socket path too long: \(path)"
        case .timedOut(let path): "dom0tuned did not answer in time on \(path)"
        case .connectionClosed(let path): "dom0tuned closed the connection on \(path) without answering"
        case .malformedResponse(let reason): "malformed response from dom0tuned: \(reason)"
        case .system(let error): "\(error)"
        }
    }
}
