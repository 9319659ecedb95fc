/// The commands of protocol v1.
public enum ControlCommand: String, Sendable, CaseIterable, CustomStringConvertible {
    case status
    case check
    case memory
    case events
    case reapply
    case reload
    case metrics

    /// Whether the command only reads state (allowed to the configured group), or changes
    /// what the daemon does (root only).
    public var isReadOnly: Bool {
        switch self {
        case .status, .check, .memory, .events, .metrics: true
        case .reapply, .reload: false
        }
    }

    /// The argument names the command accepts; any other name is `bad-args`.
    public var argumentNames: [String] {
        switch self {
        case .check: ["refresh"]
        case .events: ["limit"]
        case .status, .memory, .reapply, .reload, .metrics: []
        }
    }

    public var description: String { rawValue }
}
