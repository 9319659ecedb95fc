/// Remembers each check's last result and says what changed, so the daemon logs a
/// check only when its severity changes (never the same finding again and again).
public struct CheckTracker: Sendable, Equatable {
    /// A check whose severity changed; `previous` is `nil` the first time it is seen.
    public struct Change: Sendable, Equatable {
        public var result: CheckResult
        public var previous: CheckSeverity?
    }

    public private(set) var latest: [String: CheckResult] = [:]

    public init() {}

    /// Records new results (all checks or some) and returns the severity changes, in
    /// the order given. A first result that is ok is not a change worth logging.
    public mutating func record(_ results: [CheckResult]) -> [Change] {
        var changes: [Change] = []
        for result in results {
            let previous = latest[result.id]?.severity
            latest[result.id] = result
            if previous != result.severity && !(previous == nil && result.severity == .ok) {
                changes.append(Change(result: result, previous: previous))
            }
        }
        return changes
    }

    /// The latest results in ``CheckID`` order.
    public var results: [CheckResult] {
        CheckID.allCases.compactMap { latest[$0.rawValue] }
    }

    /// The part of the daemon's `STATUS=` line: `checks ok`, or `checks: 1 warning (mem.autoballoon)`.
    public var statusSummary: String? {
        let results = self.results
        guard !results.isEmpty else { return nil }
        let bad = results.filter { $0.severity != .ok }
        if bad.isEmpty { return "checks ok" }
        var counts: [String] = []
        for severity in [CheckSeverity.critical, .warning, .unknown] {
            let count = bad.filter { $0.severity == severity }.count
            if count > 0 { counts.append("\(count) \(severity.name)\(severity == .warning && count > 1 ? "s" : "")") }
        }
        let ids = bad.prefix(3).map(\.id).joined(separator: ", ") + (bad.count > 3 ? ", …" : "")
        return "checks: \(counts.joined(separator: ", ")) (\(ids))"
    }
}
