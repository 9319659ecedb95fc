/// The outcome of one audit check: stable id, severity, what was seen and how to fix it.
public struct CheckResult: Sendable, Equatable {
    /// Stable id such as `sched.weight` or `cpu.dom0-pin`; scripts and monitoring rely on it.
    public var id: String
    public var severity: CheckSeverity
    /// One line saying what is right or wrong.
    public var summary: String
    /// What was read to decide (e.g. `xl info: xen_commandline=…`), one item per line.
    public var evidence: [String]
    /// The exact fix (file, line to write, command to run), `nil` when ok.
    public var remedy: String?
    /// Whether the fix only takes effect after a reboot.
    public var rebootRequired: Bool

    public init(
        id: String, severity: CheckSeverity, summary: String, evidence: [String] = [],
        remedy: String? = nil, rebootRequired: Bool = false
    ) {
        self.id = id
        self.severity = severity
        self.summary = summary
        self.evidence = evidence
        self.remedy = remedy
        self.rebootRequired = rebootRequired
    }

    /// The JSON shape shared by `dom0tuned check --json` and the control socket's `check`.
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        object["severity"] = .string(severity.name)
        object["summary"] = .string(summary)
        object["evidence"] = .array(evidence.map { .string($0) })
        object["remedy"] = remedy.map { .string($0) } ?? .null
        object["rebootRequired"] = .bool(rebootRequired)
        return .object(object)
    }

    /// The worst severity of a list (ok for an empty list).
    public static func worst(_ results: [CheckResult]) -> CheckSeverity {
        results.map(\.severity).max() ?? .ok
    }
}
