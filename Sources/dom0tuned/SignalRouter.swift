import Dispatch
import Dom0TuneHost
import Glibc

/// Receives SIGTERM, SIGINT and SIGHUP through DispatchSources on the state queue
/// from the first moment, and hands them to the daemon once it exists (signals that
/// arrive earlier wait).
final class SignalRouter: @unchecked Sendable {
    private let queue: DispatchQueue
    private var sources: [any DispatchSourceSignal] = []
    private var daemon: Daemon?
    private var pending: [Int32] = []

    init(queue: DispatchQueue) {
        self.queue = queue
        for number in [SIGTERM, SIGINT, SIGHUP] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in receive(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Called on the state queue once the daemon has started.
    func attach(_ daemon: Daemon) {
        dispatchPrecondition(condition: .onQueue(queue))
        self.daemon = daemon
        let waiting = pending
        pending = []
        for number in waiting { receive(number) }
    }

    private func receive(_ number: Int32) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let daemon else {
            pending.append(number)
            return
        }
        switch number {
        case SIGHUP: daemon.reload()
        case SIGINT: daemon.stop(signal: "SIGINT")
        default: daemon.stop(signal: "SIGTERM")
        }
    }
}

/// Writes one line to standard error (no Foundation, no shared `stderr` FILE).
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
        if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { return }
    }
}
