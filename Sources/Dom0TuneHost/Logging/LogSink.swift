import CSystemd
import Dom0TuneCore
import Dispatch
import Glibc
import Synchronization

/// Where log records go: the journal's native protocol, or stderr lines. Writes
/// happen on a private serial queue; at most ``maxPending`` records wait, beyond
/// that records are dropped and counted, so a stalled journald costs memory that is
/// bounded and never blocks the daemon's state queue.
public final class LogSink: Sendable {
    public enum Destination: Sendable, Equatable {
        case journal
        case stderr
    }

    public static let maxPending = 1024

    public let destination: Destination
    private let identifier: String
    private let queue = DispatchQueue(label: "dom0tuned.log")
    private let pending = Mutex<Int>(0)
    private let dropped = Mutex<Int>(0)

    public init(destination: Destination, identifier: String = "dom0tuned") {
        self.destination = destination
        self.identifier = identifier
    }

    /// `.journal` when stderr is connected to the journal (`$JOURNAL_STREAM` names
    /// stderr's device and inode, as systemd sets it), `.stderr` otherwise.
    public static func detectDestination() -> Destination {
        guard let value = getenv("JOURNAL_STREAM").map({ String(cString: $0) }) else { return .stderr }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return .stderr }
        var info = stat()
        guard fstat(2, &info) == 0 else { return .stderr }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode ? .journal : .stderr
    }

    /// Queues a record; never blocks.
    public func submit(_ record: LogRecord) {
        let accepted = pending.withLock { count -> Bool in
            guard count < Self.maxPending else { return false }
            count += 1
            return true
        }
        guard accepted else {
            dropped.withLock { $0 += 1 }
            return
        }
        queue.async {
            self.write(record)
            self.pending.withLock { $0 -= 1 }
        }
    }

    /// Records dropped because the destination did not keep up.
    public var droppedCount: Int { dropped.withLock { $0 } }

    /// Waits up to `timeout` for queued records to be written (used at exit).
    /// Returns false when the destination is stalled.
    @discardableResult
    public func flush(timeout: Duration) -> Bool {
        let done = DispatchSemaphore(value: 0)
        queue.async { done.signal() }
        return done.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds))) == .success
    }

    private func write(_ record: LogRecord) {
        switch destination {
        case .journal: writeJournal(record)
        case .stderr: writeStderr(record)
        }
    }

    private func writeJournal(_ record: LogRecord) {
        let fields = JournalFields.fields(for: record, identifier: identifier)
        let buffers = fields.map { field -> UnsafeMutableRawBufferPointer in
            let bytes = Array(field.utf8)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
            buffer.copyBytes(from: bytes)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var vectors = buffers.map { iovec(iov_base: $0.baseAddress, iov_len: $0.count) }
        let result = sd_journal_sendv(&vectors, Int32(vectors.count))
        if result < 0 { writeStderr(record) }  // no journal after all: don't lose the entry
    }

    private func writeStderr(_ record: LogRecord) {
        var line = "\(record.level): \(record.message)"
        let extra = record.metadata.filter { $0.0 != "message_id" }
        if !extra.isEmpty {
            line += " [" + extra.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "]"
        }
        line += "\n"
        let bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { break }
        }

    }
}
