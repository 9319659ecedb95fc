/// Renders a list of ``CheckResult``s for people (an aligned table with evidence and the
/// remedy under each check that is not ok) and for programs (`{"checks": […], "worst": …}`).
/// Shared by `dom0tuned check` and `dom0ctl check`.
public enum CheckReport {
    /// `{"checks": [CheckResult.json…], "worst": "warning"}`.
    public static func json(_ results: [CheckResult]) -> JSONValue {
        var object = JSONObject()
        object["checks"] = .array(results.map(\.json))
        object["worst"] = .string(CheckResult.worst(results).name)
        return .object(object)
    }

    /// Reads the JSON shape back (the client side); `nil` when it is not a check report.
    public static func parse(_ value: JSONValue) -> (severity: CheckSeverity, checks: [CheckResult])? {
        guard let severityName = value["worst"]?.stringValue, let severity = CheckSeverity(name: severityName),
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

    /// The readable report, ending with a newline.
    public static func text(_ results: [CheckResult]) -> String {
        let worst = CheckResult.worst(results)
        var counts: [String] = []
        for severity in [CheckSeverity.critical, .warning, .unknown] {
            let count = results.filter { $0.severity == severity }.count
            if count > 0 { counts.append("\(count) \(severity.name)\(severity == .warning && count > 1 ? "s" : "")") }
        }
        var lines = [
            "dom0tuned check: \(worst.name.uppercased())"
                + (counts.isEmpty ? " (\(results.count) checks ok)" : " (\(counts.joined(separator: ", ")) of \(results.count) checks)"),
            "",
        ]
        let idWidth = results.map(\.id.count).max() ?? 0
        let indent = String(repeating: " ", count: 10 + idWidth + 2)
        for result in results {
            let label = result.severity.name.uppercased().padding(to: 10)
            lines.append(label + result.id.padding(to: idWidth + 2) + result.summary)
            guard result.severity != .ok else { continue }
            for item in result.evidence where !item.isEmpty { lines.append(indent + "seen:   " + item) }
            if let remedy = result.remedy { lines.append(indent + "remedy: " + remedy) }
            if result.rebootRequired { lines.append(indent + "        (takes effect after a reboot)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
