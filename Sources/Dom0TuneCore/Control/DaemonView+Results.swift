extension DaemonView {
    /// `status`: the short overview.
    public var statusJSON: JSONValue {
        var object = JSONObject()
        object["version"] = .string(version)
        object["phase"] = .string(phase)
        object["uptime"] = .double(Self.milliseconds(uptime))
        object["weight"] = ["current": weight.map { .int(Int64($0)) } ?? .null, "target": .int(Int64(weightTarget))]
        object["scheduler"] = scheduler.map { .string($0) } ?? .null
        object["driftCount"] = .int(Int64(driftCount))
        object["lastCheck"] = lastCheck.map { .string($0) } ?? .null
        object["severity"] = .string(CheckResult.worst(checks).name)
        object["checkCount"] = .int(Int64(checks.count))
        object["problems"] = .array(checks.filter { $0.severity != .ok }.map(\.json))
        object["memory"] = memory.headline.map { .string($0) } ?? .null
        return .object(object)
    }

    /// `check`: every check, in the shape of `dom0tuned check --json`.
    public var checkJSON: JSONValue { CheckReport.json(checks) }

    /// `memory`: the memory watch's own summary.
    public var memoryJSON: JSONValue { memory.summary }

    /// `events`: the newest `limit` events (all when `nil`), oldest first.
    public func eventsJSON(limit: Int? = nil) -> JSONValue {
        let shown = limit.map { Array(events.suffix(max(0, $0))) } ?? events
        return ["total": .int(Int64(eventsTotal)), "events": .array(shown.map(\.json))]
    }

    /// Seconds rounded to milliseconds, so JSON and metrics do not print 3.6018513629999998.
    static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    /// `metrics`: Prometheus text.
    public var metricsText: String { PrometheusText.render(metricFamilies) }

    public var metricFamilies: [MetricFamily] {
        var families: [MetricFamily] = []
        families.append(
            MetricFamily(
                "dom0tuned_info", .gauge, help: "dom0tuned build and dom0's scheduler (always 1).",
                samples: [.init(1, labels: [("version", version), ("scheduler", scheduler ?? "")])]))
        families.append(
            MetricFamily(
                "dom0tuned_dom0_weight", .gauge, help: "dom0's scheduler weight as last read back.",
                samples: weight.map { [.init(Double($0))] } ?? []))
        families.append(
            MetricFamily(
                "dom0tuned_dom0_weight_target", .gauge, help: "dom0's configured scheduler weight.",
                samples: [.init(Double(weightTarget))]))
        families.append(
            MetricFamily(
                "dom0tuned_weight_drift_total", .counter, help: "Times dom0's weight had drifted and was restored.",
                samples: [.init(Double(driftCount))]))
        families.append(
            MetricFamily(
                "dom0tuned_check_status", .gauge,
                help: "Latest result of each check: 0 ok, 1 warning, 2 critical, 3 unknown.",
                samples: checks.map { .init(Double($0.severity.rawValue), labels: [("check", $0.id)]) }))
        var swap: [MetricFamily.Sample] = []
        if let pagesIn = memory.swapPagesIn { swap.append(.init(Double(pagesIn), labels: [("direction", "in")])) }
        if let pagesOut = memory.swapPagesOut { swap.append(.init(Double(pagesOut), labels: [("direction", "out")])) }
        families.append(
            MetricFamily(
                "dom0tuned_swap_pages_total", .counter, help: "Pages dom0 swapped in and out since the daemon started (/proc/vmstat).",
                samples: swap))
        families.append(
            MetricFamily(
                "dom0tuned_swap_episodes_total", .counter, help: "Swap episodes in dom0 since the daemon started.",
                samples: [.init(Double(memory.episodesTotal))]))
        families.append(
            MetricFamily(
                "dom0tuned_memory_pressure_some_avg10", .gauge,
                help: "Share of the last 10 s some task in dom0 stalled on memory, in percent (/proc/pressure/memory).",
                samples: memory.pressureSomeAvg10.map { [.init($0)] } ?? []))
        families.append(
            MetricFamily(
                "dom0tuned_uptime_seconds", .gauge, help: "Seconds since the daemon started.",
                samples: [.init(Self.milliseconds(uptime))]))
        return families
    }
}
