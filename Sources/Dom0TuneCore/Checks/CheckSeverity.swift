/// How bad a finding is. The raw values are the monitoring-plugin exit statuses
/// (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), which `dom0tuned check` and
/// `dom0ctl check` exit with.
public enum CheckSeverity: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    /// The spelling used in JSON, the journal (`DOM0TUNED_SEVERITY=`) and metrics labels.
    public var name: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .critical: "critical"
        case .unknown: "unknown"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    public var description: String { name }

    /// Exit status under the monitoring-plugin convention.
    public var exitStatus: Int32 { Int32(rawValue) }

    /// Ordering for "the worst": critical > warning > unknown > ok. An unknown is worse
    /// than ok but a known problem outranks it when picking what to show first.
    public static func < (lhs: CheckSeverity, rhs: CheckSeverity) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .ok: 0
        case .unknown: 1
        case .warning: 2
        case .critical: 3
        }
    }
}
