/// The one-line `STATUS=` text: what the daemon is doing and whether dom0 is tuned.
public enum StatusLine {
    public struct Inputs: Sendable, Equatable {
        public var phase: DaemonPhase
        public var target: WeightTarget
        public var scheduler: XenScheduler?
        public var observedWeight: Int?
        public var driftCount: Int
        /// The last tuning problem, if the last cycle failed.
        public var tuningProblem: String?
        /// e.g. "checks: 1 warning"; nil until checks have run.
        public var checksSummary: String?
        /// e.g. "swapping 120 pages/s"; nil when quiet or unknown.
        public var memorySummary: String?

        public init(
            phase: DaemonPhase, target: WeightTarget, scheduler: XenScheduler? = nil, observedWeight: Int? = nil,
            driftCount: Int = 0, tuningProblem: String? = nil, checksSummary: String? = nil,
            memorySummary: String? = nil
        ) {
            self.phase = phase
            self.target = target
            self.scheduler = scheduler
            self.observedWeight = observedWeight
            self.driftCount = driftCount
            self.tuningProblem = tuningProblem
            self.checksSummary = checksSummary
            self.memorySummary = memorySummary
        }
    }

    public static func render(_ inputs: Inputs) -> String {
        var parts: [String] = []
        switch inputs.phase {
        case .starting:
            return "Starting"
        case .waitingForToolstack(let attempt, let reason):
            return "Waiting for the Xen toolstack (attempt \(attempt)): \(reason)"
        case .applying:
            let scheduler = inputs.scheduler.map { " (\($0.name))" } ?? ""
            return "Applying dom0 weight \(inputs.target.weight)\(scheduler)"
        case .reloading:
            return "Reloading configuration"
        case .stopping:
            return "Stopping"
        case .running:
            parts.append(tuningPart(inputs))
        }
        if inputs.driftCount > 0 {
            parts.append("\(inputs.driftCount) drift\(inputs.driftCount == 1 ? "" : "s") restored")
        }
        if let checks = inputs.checksSummary { parts.append(checks) }
        if let memory = inputs.memorySummary { parts.append(memory) }
        return parts.joined(separator: "; ")
    }

    private static func tuningPart(_ inputs: Inputs) -> String {
        if let problem = inputs.tuningProblem { return "Weight not applied: \(problem)" }
        guard let scheduler = inputs.scheduler else { return "dom0 scheduler unknown" }
        guard scheduler.hasWeight else { return "dom0's pool scheduler \(scheduler.name) has no weight" }
        let weight = inputs.observedWeight.map(String.init) ?? "?"
        return "dom0 weight \(weight) (\(scheduler.name))"
    }
}
