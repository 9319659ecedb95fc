/// Why an `xl` call failed, as far as its exit status and standard error tell
/// (see ``XlErrorClassifier``).
public enum XlFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The domain's pool runs another scheduler than the command's: xl prints
    /// `libxl_domain_sched_params_get returned credit2 not credit.` (e.g. `xl sched-credit`
    /// on a credit2 pool, the classic rc.local line broken since Xen 4.12).
    case schedulerMismatch(running: XenScheduler, requested: XenScheduler)
    /// `NAME is an invalid domain identifier (rc=-6)`: no such domain.
    case invalidDomain(String)
    /// libxl refused the weight: `Cpu weight out of range, valid values are within range
    /// from 1 to 65535`.
    case weightOutOfRange
    /// libxl refused the cap: `Cpu cap out of range, valid range is from 0 to N for
    /// specified number of vcpus`.
    case capOutOfRange
    /// `libxl_domain_sched_params_set failed.`; `detail` is the preceding libxl error
    /// message when there is one (e.g. `Getting domain sched credit: Invalid argument`,
    /// which is what `xl sched-credit -d … -w …` gives on a credit2 pool).
    case setFailed(detail: String?)
    /// `cannot init xl context`: libxl could not start, typically because Xen is not
    /// running (no privcmd) or this is not dom0.
    case cannotInitContext
    /// `command not implemented`: this xl has no such subcommand.
    case notImplemented
    /// Anything else: the first meaningful line of standard error (shortened, control
    /// characters replaced), or a note of the exit status when standard error was empty.
    case other(String)

    public var description: String {
        switch self {
        case .schedulerMismatch(let running, let requested):
            return "the pool runs the \(running) scheduler, not \(requested)"
        case .invalidDomain(let name):
            return "no domain \(name)"
        case .weightOutOfRange:
            return "weight out of range (1-65535)"
        case .capOutOfRange:
            return "cap out of range"
        case .setFailed(let detail):
            return "setting scheduler parameters failed" + (detail.map { ": \($0)" } ?? "")
        case .cannotInitContext:
            return "xl cannot initialise libxl (is Xen running and is this dom0?)"
        case .notImplemented:
            return "xl does not implement this command"
        case .other(let message):
            return message
        }
    }
}
