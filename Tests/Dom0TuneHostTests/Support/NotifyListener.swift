import Foundation

/// Plays the service manager's side of sd_notify: a datagram socket the daemon is
/// pointed at with `NOTIFY_SOCKET`. Messages are collected in order.
final class NotifyListener {
    let path: String
    private let fd: Int32
    private(set) var messages: [String] = []

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Waits until a message satisfies `predicate` (checking those already received
    /// first, from index `from`), or the timeout passes. Returns its index.
    @discardableResult
    func waitFor(
        from start: Int = 0, timeout: Double = 10, _ predicate: (String) -> Bool
    ) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        var index = start
        while true {
            while index < messages.count {
                if predicate(messages[index]) { return index }
                index += 1
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, Int32(min(remaining, 0.2) * 1000) + 1) > 0 {
                var buffer = [UInt8](repeating: 0, count: 65536)
                let n = recv(fd, &buffer, buffer.count, 0)
                if n > 0 { messages.append(String(decoding: buffer[0..<n], as: UTF8.self)) }
            }
        }
    }

    /// Reads whatever is queued without waiting.
    func drain() {
        _ = waitFor(from: messages.count, timeout: 0.05) { _ in false }
    }

    /// Whether a message has the line `field` (e.g. `READY=1`).
    static func has(_ message: String, _ field: String) -> Bool {
        message.split(separator: "\n").contains { $0 == field[...] }
    }
}
