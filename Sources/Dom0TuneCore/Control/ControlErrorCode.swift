/// The stable error codes of the control protocol. Scripts match on these strings;
/// never change one once released (add new ones instead).
public enum ControlErrorCode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The request line is longer than ``ControlProtocol/maxRequestBytes``. The connection is closed.
    case tooLarge = "too-large"
    /// The request line is not valid UTF-8. The connection is closed.
    case badEncoding = "bad-encoding"
    /// The request line is not a JSON document. The connection is closed.
    case badJSON = "bad-json"
    /// Valid JSON, but not a request object (`v`, `cmd`, `args` missing or of the wrong type).
    case badRequest = "bad-request"
    /// `v` names a version this daemon does not speak; the message lists the supported ones.
    case badVersion = "bad-version"
    /// `cmd` is not a command of this version.
    case unknownCommand = "unknown-command"
    /// The peer may not run this command (only root may change state).
    case permissionDenied = "permission-denied"
    /// `args` holds an unknown name or a value of the wrong type.
    case badArgs = "bad-args"
    /// The daemon cannot answer this now (e.g. still starting, or the action is not wired).
    case unavailable = "unavailable"
    /// The action was tried and failed; the message says why.
    case failed = "failed"

    /// Whether the server closes the connection after sending this error: the stream can no
    /// longer be trusted to be framed as requests.
    public var closesConnection: Bool {
        switch self {
        case .tooLarge, .badEncoding, .badJSON: true
        default: false
        }
    }

    public var description: String { rawValue }
}
