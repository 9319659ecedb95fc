public import Dom0TuneCore
public import Glibc

/// Where and how the control socket listens, and the limits that keep clients from
/// hurting the daemon.
public struct ControlServerConfiguration: Sendable {
    /// The socket's path (`[Control] Socket=`).
    public var path: String
    /// The group allowed to connect (`[Control] Group=`); `nil` leaves the process's group.
    public var group: String?
    /// The socket's mode: 0660 lets root and the group in, nobody else.
    public var mode: mode_t = 0o660
    /// Longest request line, in bytes, without its newline.
    public var maxRequestBytes = ControlProtocol.maxRequestBytes
    /// A connection without traffic for this long is closed (one waiting for its answer is not).
    public var idleTimeout: Duration = ControlProtocol.idleTimeout
    /// Most connections at once; when full, the one idle the longest is closed for a new one.
    public var maxClients = ControlProtocol.maxClients
    /// Most answer bytes queued for a client that does not read; past it the client is dropped.
    public var maxPendingOutput = 4 * 1024 * 1024

    public init(path: String, group: String?) {
        self.path = path
        self.group = group
    }

    public init(_ settings: ControlSettings) {
        self.init(path: settings.socket, group: settings.group.isEmpty ? nil : settings.group)
    }
}
