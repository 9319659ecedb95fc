import Dispatch
import Dom0TuneCore
import Glibc
@testable import Dom0TuneHost

/// A fresh directory under /tmp, traversable by others (the setpriv tests run as nobody).
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/dom0tuned-control-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    chmod(path, 0o755)
    return path
}

func removeTree(_ path: String) {
    _ = ProcessRunner().runSync(["/bin/rm", "-rf", path], timeout: .seconds(10))
}

/// What the tests' daemon reports: weight applied, one warning and one critical check.
func testView(checks: [CheckResult]? = nil) -> DaemonView {
    DaemonView(
        weight: 512, weightTarget: 512, scheduler: "credit2", driftCount: 2, lastCheck: "2026-11-28T06:20:00Z",
        checks: checks ?? [
            CheckResult(id: "sched.weight", severity: .ok, summary: "dom0's weight is 512"),
            CheckResult(
                id: "mem.autoballoon", severity: .warning, summary: "xl may balloon dom0",
                remedy: "set autoballoon=\"off\" in /etc/xen/xl.conf"),
            CheckResult(
                id: "boot.dom0-mem", severity: .critical, summary: "no dom0_mem= on the Xen command line",
                remedy: "add dom0_mem=4096M,max:4096M to GRUB_CMDLINE_XEN_DEFAULT", rebootRequired: true),
        ],
        memory: MemoryFigures(summary: ["memAvailableKiB": 301_234, "episodes": []], swapPagesIn: 1, swapPagesOut: 2),
        events: [DaemonEvent(time: "2026-11-28T06:00:00Z", uptime: 1, kind: .apply, message: "weight 512 applied (credit2)")],
        uptime: 3725)
}

/// The default handler wired as the daemon would wire it, answering actions at once.
func testHandler(view: DaemonView = testView()) -> DaemonViewControlHandler {
    DaemonViewControlHandler(
        view: { view },
        refreshChecks: { complete in complete(.success(view.checkJSON)) },
        reapply: { complete in complete(.success("weight 512 applied (credit2)")) },
        reload: { complete in complete(.success(["changed": ["Scheduler.Weight"]])) })
}

/// A control server on a temporary socket, on its own serial queue (the "state queue").
final class ServerHarness: @unchecked Sendable {
    let directory: String
    let path: String
    let queue = DispatchQueue(label: "test.state")
    let server: ControlServer

    init(
        handler: any ControlHandler = testHandler(), configure: (inout ControlServerConfiguration) -> Void = { _ in }
    ) throws {
        directory = makeTemporaryDirectory()
        path = directory + "/control.sock"
        var configuration = ControlServerConfiguration(path: path, group: nil)
        configure(&configuration)
        server = ControlServer(configuration: configuration, queue: queue, handler: handler)
        let server = self.server
        let started: Result<Void, ControlServerError> = queue.sync {
            do throws(ControlServerError) {
                try server.start()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try started.get()
    }

    var clientCount: Int { queue.sync { server.clientCount } }

    func stop() {
        queue.sync { server.stop() }
        removeTree(directory)
    }

    var client: ControlClient { ControlClient(path: path, timeout: .seconds(2)) }
}

/// A blocking raw connection, for sending bytes no well-behaved client would.
final class RawConnection {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(path: String, timeout: Duration = .seconds(2)) throws {
        fd = try UnixSocket.stream(nonBlocking: false)
        try UnixSocket.setTimeout(fd, option: SO_RCVTIMEO, timeout)
        try UnixSocket.setTimeout(fd, option: SO_SNDTIMEO, timeout)
        try UnixSocket.connect(fd, path: path)
    }

    deinit { UnixSocket.close(fd) }

    /// Sends everything; false when the server stopped taking bytes (closed, or timed out).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// The next line, or nil at end of stream, reset or timeout.
    func readLine() -> [UInt8]? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    func readResponse() -> ControlResponse? {
        guard let line = readLine() else { return nil }
        return try? ControlResponse.parse(line: line)
    }

    /// Whether the server has closed the connection (end of stream or reset) rather than
    /// leaving it open until the read timeout.
    func isClosedByServer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 { continue }
            if n == 0 { return true }
            if errno == EINTR { continue }
            return errno == ECONNRESET || errno == EPIPE
        }
    }
}

func errorCode(_ response: ControlResponse?) -> ControlErrorCode? {
    if case .failure(let error)? = response { return error.code }
    return nil
}

func elapsed(_ body: () throws -> Void) rethrows -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    return clock.now - start
}

/// A value as it comes back over the wire (an integral double reads back as an integer).
func normalized(_ value: JSONValue) -> JSONValue {
    (try? JSONValue.parse(value.serialized())) ?? value
}
