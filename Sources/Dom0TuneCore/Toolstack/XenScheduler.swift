/// A Xen scheduler as the toolstack names it (`libxl_scheduler_to_string`): the value of
/// `xen_scheduler` in `xl info`, the `Sched` column of `xl cpupool-list`, and
/// `sched_params.sched` in `xl list -l`.
///
/// Each cpupool has its own scheduler; only credit and credit2 have a per-domain weight.
public enum XenScheduler: Sendable, Hashable, CustomStringConvertible {
    case credit
    case credit2
    case rtds
    case null
    case arinc653
    /// A name this project does not know (e.g. `sedf`, removed in Xen 4.6, or a future one).
    case other(String)

    /// The scheduler named as xl spells it; case and surrounding blanks are ignored.
    public init(name: String) {
        let trimmed = String(ToolstackText.trimmed(Substring(name)))
        switch trimmed.lowercased() {
        case "credit": self = .credit
        case "credit2": self = .credit2
        case "rtds": self = .rtds
        case "null": self = .null
        case "arinc653": self = .arinc653
        default: self = .other(trimmed)
        }
    }

    /// xl's spelling: `credit`, `credit2`, `rtds`, `null`, `arinc653`, or the unknown name.
    public var name: String {
        switch self {
        case .credit: return "credit"
        case .credit2: return "credit2"
        case .rtds: return "rtds"
        case .null: return "null"
        case .arinc653: return "arinc653"
        case .other(let name): return name
        }
    }

    /// Whether domains in a pool with this scheduler have a weight (and a cap): credit and
    /// credit2 only. rtds uses period/budget; null and arinc653 have no such parameter.
    public var hasWeight: Bool {
        switch self {
        case .credit, .credit2: return true
        case .rtds, .null, .arinc653, .other: return false
        }
    }

    /// The xl subcommand that reads and sets this scheduler's domain parameters
    /// (`sched-credit`, `sched-credit2`, `sched-rtds`); nil when xl has none (null, arinc653,
    /// unknown schedulers).
    public var xlCommand: String? {
        switch self {
        case .credit: return "sched-credit"
        case .credit2: return "sched-credit2"
        case .rtds: return "sched-rtds"
        case .null, .arinc653, .other: return nil
        }
    }

    public var description: String { name }
}
