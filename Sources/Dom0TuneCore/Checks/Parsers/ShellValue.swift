/// The value of a shell variable after evaluation: known text, or unknown (set by a
/// command dom0tuned cannot run, or differently on branches it cannot decide).
public enum ShellValue: Sendable, Equatable, CustomStringConvertible {
    case known(String)
    case unknown(reason: String)

    public var text: String? {
        if case .known(let text) = self { return text }
        return nil
    }

    public var description: String {
        switch self {
        case .known(let text): "\"\(text)\""
        case .unknown(let reason): "unknown (\(reason))"
        }
    }
}
