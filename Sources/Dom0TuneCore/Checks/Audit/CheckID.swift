/// The stable ids of the audit checks, in report order. Scripts, monitoring and the
/// journal (`DOM0TUNED_CHECK=`) rely on these spellings: never rename one.
public enum CheckID: String, Sendable, CaseIterable, Comparable {
    case hostDom0 = "host.dom0"
    case schedWeight = "sched.weight"
    case bootCmdlinePending = "boot.cmdline-pending"
    case bootDefaultEntry = "boot.default-entry"
    case memDom0Mem = "mem.dom0-mem"
    case memDom0Actual = "mem.dom0-actual"
    case memAutoballoon = "mem.autoballoon"
    case cpuDom0Vcpus = "cpu.dom0-vcpus"
    case cpuDom0Pin = "cpu.dom0-pin"
    case cpuGuestOverlap = "cpu.guest-overlap"
    case memSwap = "mem.swap"
    case conflictActors = "conflict.actors"

    /// The journal `MESSAGE_ID` logged when this check's severity changes; each is
    /// explained in `packaging/systemd/dom0tuned.catalog`.
    public var messageID: String {
        switch self {
        case .hostDom0: MessageID.checkHostDom0
        case .schedWeight: MessageID.checkSchedWeight
        case .bootCmdlinePending: MessageID.checkBootCmdlinePending
        case .bootDefaultEntry: MessageID.checkBootDefaultEntry
        case .memDom0Mem: MessageID.checkMemDom0Mem
        case .memDom0Actual: MessageID.checkMemDom0Actual
        case .memAutoballoon: MessageID.checkMemAutoballoon
        case .cpuDom0Vcpus: MessageID.checkCpuDom0Vcpus
        case .cpuDom0Pin: MessageID.checkCpuDom0Pin
        case .cpuGuestOverlap: MessageID.checkCpuGuestOverlap
        case .memSwap: MessageID.checkMemSwap
        case .conflictActors: MessageID.checkConflictActors
        }
    }

    public static func < (lhs: CheckID, rhs: CheckID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
