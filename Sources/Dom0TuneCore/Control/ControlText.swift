/// Human renderings of control results for `dom0ctl`: short, aligned, the remedy under
/// each check that is not ok. Pure, so tests compare whole outputs.
public enum ControlText {
    /// `dom0ctl status`.
    public static func status(_ result: JSONValue) -> String {
        var rows: [(String, String)] = []
        let current = result["weight"]?["current"]?.intValue.map(String.init) ?? "unknown"
        let target = result["weight"]?["target"]?.intValue.map(String.init) ?? "?"
        var weight = "\(current) (target \(target))"
        if let scheduler = result["scheduler"]?.stringValue { weight += ", scheduler \(scheduler)" }
        rows.append(("weight", weight))
        rows.append(("drift", "\(result["driftCount"]?.intValue ?? 0) restored since start"))
        rows.append(("last check", result["lastCheck"]?.stringValue ?? "not yet"))
        let severity = result["severity"]?.stringValue ?? "unknown"
        let problems = result["problems"]?.arrayValue ?? []
        let total = result["checkCount"]?.intValue ?? 0
        if let memory = result["memory"]?.stringValue { rows.append(("memory", memory)) }
        rows.append(("checks", problems.isEmpty ? "\(severity): all \(total) ok" : "\(severity): \(problems.count) of \(total) need attention"))
        var out = "dom0tuned \(result["version"]?.stringValue ?? "?") \(result["phase"]?.stringValue ?? ""), up \(duration(result["uptime"]?.doubleValue ?? 0))\n"
        out += aligned(rows)
        out += checkLines(problems, indent: "  ")
        return out
    }

    /// `dom0ctl check`: a plugin-style first line, then every check.
    public static func check(_ result: JSONValue) -> String {
        guard let report = CheckReport.parse(result) else { return result.prettySerialized() + "\n" }
        let notOk = report.checks.filter { $0.severity != .ok }.count
        var out = "DOM0TUNED \(report.severity.name.uppercased()) - "
        out += notOk == 0 ? "all \(report.checks.count) checks ok\n" : "\(notOk) of \(report.checks.count) checks need attention\n"
        out += checkLines(report.checks.map(\.json), indent: "")
        return out
    }

    /// `dom0ctl events`: one line per event, oldest first.
    public static func events(_ result: JSONValue) -> String {
        let events = result["events"]?.arrayValue ?? []
        if events.isEmpty { return "no events yet\n" }
        let kindWidth = events.compactMap { $0["kind"]?.stringValue?.count }.max() ?? 0
        var out = ""
        for event in events {
            let kind = event["kind"]?.stringValue ?? "?"
            out += "\(event["time"]?.stringValue ?? "?")  \(pad(kind, kindWidth))  \(event["message"]?.stringValue ?? "")\n"
        }
        let total = result["total"]?.intValue ?? Int64(events.count)
        if total > Int64(events.count) { out += "(\(Int64(events.count)) of \(total) events shown)\n" }
        return out
    }

    /// `dom0ctl memory`, `reapply`, `reload`: the result's fields, aligned.
    public static func fields(_ result: JSONValue) -> String {
        if let message = result.stringValue { return message + "\n" }
        if result == .null { return "done\n" }
        return flattened(result, indent: "")
    }

    /// `dom0ctl reapply`, `reload`: the result's message, else its fields.
    public static func action(_ result: JSONValue) -> String {
        if let message = result["message"]?.stringValue { return message + "\n" }
        return fields(result)
    }

    // MARK: pieces

    static func checkLines(_ checks: [JSONValue], indent: String) -> String {
        let idWidth = checks.compactMap { $0["id"]?.stringValue?.count }.max() ?? 0
        var out = ""
        for check in checks {
            let severity = check["severity"]?.stringValue ?? "unknown"
            out += indent + pad(severity, 8) + "  " + pad(check["id"]?.stringValue ?? "?", idWidth) + "  "
                + (check["summary"]?.stringValue ?? "") + "\n"
            let continuation = indent + String(repeating: " ", count: 8 + 2 + idWidth + 2)
            if severity != "ok", let remedy = check["remedy"]?.stringValue, !remedy.isEmpty {
                let lines = remedy.split(separator: "\n", omittingEmptySubsequences: false)
                out += continuation + "remedy: " + lines[0] + "\n"
                for line in lines.dropFirst() { out += continuation + "        " + line + "\n" }
            }
            if severity != "ok", check["rebootRequired"]?.boolValue == true {
                out += continuation + "(takes effect after a reboot)\n"
            }
        }
        return out
    }

    /// Objects as aligned `key  value` rows, nested objects indented, arrays of objects as blocks.
    static func flattened(_ value: JSONValue, indent: String) -> String {
        guard case .object(let object) = value else { return indent + scalar(value) + "\n" }
        let width = object.entries.filter { !isBlock($0.value) }.map(\.key.count).max() ?? 0
        var out = ""
        for (key, item) in object.entries {
            switch item {
            case .object(let inner) where !inner.entries.isEmpty:
                out += indent + key + "\n" + flattened(item, indent: indent + "  ")
            case .array(let items) where items.contains(where: { $0.objectValue != nil }):
                out += indent + key + "\n"
                for element in items { out += flattened(element, indent: indent + "  - ").replacingFirstIndent(indent + "  - ", with: indent + "  - ", rest: indent + "    ") }
            default:
                out += indent + pad(key, width) + "  " + scalar(item) + "\n"
            }
        }
        return out
    }

    /// Values shown as an indented block under their key rather than on its row.
    static func isBlock(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let inner): !inner.entries.isEmpty
        case .array(let items): items.contains { $0.objectValue != nil }
        default: false
        }
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: "-"
        case .string(let s): s
        case .double(let d): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .array(let items): items.isEmpty ? "none" : items.map(scalar).joined(separator: ", ")
        default: value.serialized()
        }
    }

    static func aligned(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { pad($0.0, width) + "  " + $0.1 + "\n" }.joined()
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `3d 4h`, `2h 5m`, `4m 10s`, `12s`.
    public static func duration(_ seconds: Double) -> String {
        let total = Int(max(0, seconds))
        let (days, hours, minutes, secs) = (total / 86400, total / 3600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(secs)s" }
        return "\(secs)s"
    }
}

extension String {
    /// Keeps the first line's prefix and gives following lines `rest` instead of `first`.
    fileprivate func replacingFirstIndent(_ first: String, with firstReplacement: String, rest: String) -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for i in lines.indices.dropFirst() where lines[i].hasPrefix(first) {
            lines[i] = rest + lines[i].dropFirst(first.count)
        }
        return lines.map { $0 + "\n" }.joined()
    }
}
