/// The JSON shape of a full check run, shared by `dom0tuned check --json` and the control
/// socket's `check`: `{"severity":"warning","checks":[…]}`.
public enum CheckReport {
    public static func json(_ results: [CheckResult]) -> JSONValue {
        ["severity": .string(CheckResult.worst(results).name), "checks": .array(results.map(\.json))]
    }

    /// Reads the shape back (the client side); `nil` when it is not a check report.
    public static func parse(_ value: JSONValue) -> (severity: CheckSeverity, checks: [CheckResult])? {
        guard let severityName = value["severity"]?.stringValue, let severity = CheckSeverity(name: severityName),
            let items = value["checks"]?.arrayValue
        else { return nil }
        var checks: [CheckResult] = []
        for item in items {
            guard let id = item["id"]?.stringValue, let name = item["severity"]?.stringValue,
                let itemSeverity = CheckSeverity(name: name)
            else { return nil }
            checks.append(
                CheckResult(
                    id: id, severity: itemSeverity, summary: item["summary"]?.stringValue ?? "",
                    evidence: item["evidence"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                    remedy: item["remedy"]?.stringValue, rebootRequired: item["rebootRequired"]?.boolValue ?? false))
        }
        return (severity, checks)
    }
}
