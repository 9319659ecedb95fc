/// The audit: one pure function per ``CheckID``, each turning ``CheckInputs`` into a
/// ``CheckResult`` with its evidence and, unless ok, the exact remedy. `unknown` when
/// the inputs do not allow a verdict (e.g. xl missing).
public enum AuditChecks {
    /// Every check, in ``CheckID`` order.
    public static func runAll(_ inputs: CheckInputs) -> [CheckResult] {
        let context = CheckContext(inputs)
        return CheckID.allCases.map { run($0, context) }
    }

    /// Only the given checks (for re-evaluation after a change), in ``CheckID`` order.
    public static func run(_ ids: Set<CheckID>, on inputs: CheckInputs) -> [CheckResult] {
        let context = CheckContext(inputs)
        return ids.sorted().map { run($0, context) }
    }

    public static func run(_ id: CheckID, _ inputs: CheckInputs) -> CheckResult {
        run(id, CheckContext(inputs))
    }

    static func run(_ id: CheckID, _ context: CheckContext) -> CheckResult {
        switch id {
        case .hostDom0: hostDom0(context)
        case .schedWeight: schedWeight(context)
        case .bootCmdlinePending: bootCmdlinePending(context)
        case .bootDefaultEntry: bootDefaultEntry(context)
        case .memDom0Mem: memDom0Mem(context)
        case .memDom0Actual: memDom0Actual(context)
        case .memAutoballoon: memAutoballoon(context)
        case .cpuDom0Vcpus: cpuDom0Vcpus(context)
        case .cpuDom0Pin: cpuDom0Pin(context)
        case .cpuGuestOverlap: cpuGuestOverlap(context)
        case .memSwap: memSwap(context)
        case .conflictActors: conflictActors(context)
        }
    }

    static func result(
        _ id: CheckID, _ severity: CheckSeverity, _ summary: String, evidence: [String], remedy: String? = nil,
        reboot: Bool = false
    ) -> CheckResult {
        CheckResult(
            id: id.rawValue, severity: severity, summary: summary, evidence: evidence,
            remedy: severity == .ok ? nil : remedy, rebootRequired: severity == .ok ? false : reboot)
    }

    // MARK: host.dom0

    static func hostDom0(_ context: CheckContext) -> CheckResult {
        let path = CheckInputs.capabilitiesPath
        let inputs = context.inputs
        var evidence: [String] = []
        if let type = inputs.files[CheckInputs.hypervisorTypePath] {
            evidence.append("\(CheckInputs.hypervisorTypePath): \(type.trimmingBlanks())")
        }
        guard let text = inputs.files[path] else {
            if let reason = inputs.unreadable[path] {
                return result(
                    .hostDom0, .unknown, "cannot read \(path)", evidence: evidence + ["\(path): \(reason)"],
                    remedy: "Run dom0tuned check as root.")
            }
            return result(
                .hostDom0, .critical, "not running in a Xen dom0: \(path) does not exist",
                evidence: evidence + ["\(path): missing"],
                remedy: """
                    Boot the Xen entry of GRUB (see boot.default-entry). If this is dom0 already, mount xenfs: \
                    "mount -t xenfs xenfs /proc/xen" (Debian's xen init script does it at boot).
                    """,
                reboot: true)
        }
        let capabilities = XenCapabilities.parse(text)
        let shown = capabilities.capabilities.isEmpty ? "(empty)" : capabilities.capabilities.joined(separator: " ")
        evidence.insert("\(path): \(shown)", at: 0)
        if capabilities.isControlDomain {
            return result(.hostDom0, .ok, "running in the Xen control domain (dom0)", evidence: evidence)
        }
        return result(
            .hostDom0, .critical, "not running in a Xen dom0: \(path) lacks control_d (a guest?)",
            evidence: evidence,
            remedy: "dom0tuned only runs in dom0: install it there, not in a guest.")
    }

    // MARK: sched.weight

    static func schedWeight(_ context: CheckContext) -> CheckResult {
        let configured = context.inputs.configuredWeight
        var evidence = ["configured weight: \(configured) ([Scheduler] Weight=)"]
        guard let observed = context.inputs.observedWeight else {
            evidence.append(context.info.reason ?? "dom0's weight could not be read")
            return result(
                .schedWeight, .unknown, "cannot read dom0's scheduler weight", evidence: evidence,
                remedy: "Check that xl works as root: \"xl list -l 0\".")
        }
        evidence.append("\(observed.source): scheduler \(observed.scheduler.name), weight \(observed.weight.map(String.init) ?? "none")")
        guard observed.scheduler.hasWeight, let weight = observed.weight else {
            return result(
                .schedWeight, .warning, "dom0's cpupool scheduler \(observed.scheduler.name) has no weight",
                evidence: evidence,
                remedy: """
                    Boot Xen with the credit2 (default) or credit scheduler: remove sched= from \
                    GRUB_CMDLINE_XEN_DEFAULT in \(context.grubFile(for: "GRUB_CMDLINE_XEN_DEFAULT").path), \
                    run update-grub, then reboot; or move dom0's cpupool to such a scheduler.
                    """,
                reboot: true)
        }
        if weight == configured {
            return result(.schedWeight, .ok, "dom0's weight is \(weight) as configured", evidence: evidence)
        }
        let command = observed.scheduler.xlCommand ?? "sched-credit2"
        return result(
            .schedWeight, .warning, "dom0's weight is \(weight), configured \(configured)", evidence: evidence,
            remedy: """
                Start dom0tuned, which applies and keeps the weight: "systemctl enable --now dom0tuned" \
                (by hand: "xl \(command) -d Domain-0 -w \(configured)"; lost at reboot).
                """)
    }
}
