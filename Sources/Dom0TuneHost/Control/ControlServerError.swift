/// Why the control socket could not be set up.
public enum ControlServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed.
    case system(SystemCallError)
    /// The path does not fit a `sockaddr_un` (107 bytes on Linux).
    case pathTooLong(String)
    /// Something other than a socket sits at the path; it is left alone.
    case notASocket(String)
    /// Another server answers on the socket (a second daemon?); it is left alone.
    case alreadyRunning(String)
    /// `[Control] Group=` names no group in the group database.
    case unknownGroup(String)

    public var description: String {
        switch self {
        case .system(let error): "control socket: \(error)"
        case .pathTooLong(let path): "control socket path is longer than 107 bytes: \(path)"
        case .notASocket(let path): "\(path) exists and is not a socket; remove it or set [Control] Socket= elsewhere"
        case .alreadyRunning(let path): "another process already answers on \(path); is a second dom0tuned running?"
        case .unknownGroup(let group): "[Control] Group=\(group) names no group on this system"
        }
    }
}
