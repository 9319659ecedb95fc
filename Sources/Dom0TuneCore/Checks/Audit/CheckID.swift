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

    /// When the check is ok, in one sentence (for the man page and `--help` texts).
    public var okWhen: String {
        switch self {
        case .hostDom0: "dom0tuned runs in a Xen dom0 (/proc/xen/capabilities has control_d)."
        case .schedWeight: "dom0's credit/credit2 weight equals [Scheduler] Weight=."
        case .bootCmdlinePending:
            "the next boot (GRUB defaults as update-grub composes them, and /boot/grub/grub.cfg) keeps the running dom0_mem=, dom0_max_vcpus= and dom0_vcpus_pin."
        case .bootDefaultEntry: "GRUB's default entry boots Xen (GRUB_DEFAULT, XEN_OVERRIDE_GRUB_DEFAULT, saved_entry)."
        case .memDom0Mem: "the running Xen command line has dom0_mem= with a max: equal to its size."
        case .memDom0Actual: "dom0's memory (xl list) is the size dom0_mem= gives: no ballooning happened."
        case .memAutoballoon:
            "xl's effective autoballoon is off (autoballoon=\"off\"/0, or \"auto\" with a dom0_mem= xl recognizes), and legacy xend does not balloon dom0."
        case .cpuDom0Vcpus: "dom0_max_vcpus= fixes dom0's vCPU count and dom0 has that many."
        case .cpuDom0Pin: "each dom0 vCPU is hard-pinned to its own pCPU, as dom0_vcpus_pin does."
        case .cpuGuestOverlap:
            "no running guest, guest config (cpus=) or xl.conf vm.cpumask / vm.pv.cpumask / vm.hvm.cpumask includes dom0's pCPUs."
        case .memSwap: "dom0 is not swapping and has nothing in swap."
        case .conflictActors:
            "nothing else balloons dom0 or sets its weight: no xen-lowmemd, no libvirt autoballoon, no xl/xm sched-credit line in rc.local or a crontab."
        }
    }

    public static func < (lhs: CheckID, rhs: CheckID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
