import Testing
@testable import Dom0TuneCore

/// A view like a real dom0 would produce: weight applied, one check warning.
func sampleView() -> DaemonView {
    let checks = [
        CheckResult(id: "sched.weight", severity: .ok, summary: "dom0's weight is 512"),
        CheckResult(
            id: "mem.autoballoon", severity: .warning, summary: "xl autoballoons dom0 (autoballoon=\"auto\" and no dom0_mem=)",
            evidence: ["/etc/xen/xl.conf: autoballoon=\"auto\""], remedy: "set autoballoon=\"off\" in /etc/xen/xl.conf",
            rebootRequired: false),
        CheckResult(
            id: "boot.dom0-mem", severity: .critical, summary: "no dom0_mem= on the Xen command line",
            remedy: "add dom0_mem=4096M,max:4096M to GRUB_CMDLINE_XEN_DEFAULT\nthen run update-grub", rebootRequired: true),
    ]
    var ring = EventRing(capacity: 2)
    ring.append(DaemonEvent(time: "2026-11-28T06:00:00Z", uptime: 0.5, kind: .apply, message: "weight 512 applied (credit2)", fields: ["weight": 512]))
    ring.append(DaemonEvent(time: "2026-11-28T06:10:00Z", uptime: 600, kind: .drift, message: "weight drifted to 256; restored 512", fields: ["old": 256, "new": 512]))
    ring.append(DaemonEvent(time: "2026-11-28T06:20:00Z", uptime: 1200, kind: .episode, message: "swap episode started"))
    return DaemonView(
        weight: 512, weightTarget: 512, scheduler: "credit2", driftCount: 1, lastCheck: "2026-11-28T06:20:00Z",
        checks: checks,
        memory: MemoryFigures(
            summary: ["swapPagesPerSec": 0, "memAvailableKiB": 301_234, "episodes": []],
            headline: "not swapping (PSI trigger)", swapPagesIn: 10, swapPagesOut: 20,
            episodesTotal: 1, pressureSomeAvg10: 0.12),
        events: ring.events, eventsTotal: ring.total, uptime: 7500, version: "0.1.0")
}

@Suite struct DaemonViewTests {
    @Test func statusCarriesTheOverviewAndOnlyTheProblems() {
        let status = sampleView().statusJSON
        #expect(status["weight"] == ["current": 512, "target": 512])
        #expect(status["scheduler"] == "credit2")
        #expect(status["driftCount"] == 1)
        #expect(status["severity"] == "critical")
        #expect(status["checkCount"] == 3)
        #expect(status["problems"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["mem.autoballoon", "boot.dom0-mem"])
        #expect(status["memory"] == "not swapping (PSI trigger)")
        #expect(status["version"] == "0.1.0")
    }

    @Test func statusBeforeTheFirstReadSaysUnknown() {
        let status = DaemonView(weightTarget: 512, phase: "starting").statusJSON
        #expect(status["weight"]?["current"] == .null)
        #expect(status["lastCheck"] == .null)
        #expect(status["severity"] == "ok")
    }

    @Test func checkHasTheShapeOfDom0tunedCheckJSON() {
        let check = sampleView().checkJSON
        #expect(check["worst"] == "critical")
        #expect(check["checks"]?[1] == sampleView().checks[1].json)
        let parsed = CheckReport.parse(check)
        #expect(parsed?.severity == .critical)
        #expect(parsed?.checks == sampleView().checks)
    }

    @Test func eventsAreBoundedAndLimited() {
        let view = sampleView()
        #expect(view.eventsJSON()["total"] == 3)
        #expect(view.eventsJSON()["events"]?.arrayValue?.count == 2)
        #expect(view.eventsJSON(limit: 1)["events"]?[0]?["kind"] == "episode")
    }

    @Test func metricsGolden() {
        #expect(
            sampleView().metricsText == """
                # HELP dom0tuned_info dom0tuned build and dom0's scheduler (always 1).
                # TYPE dom0tuned_info gauge
                dom0tuned_info{version="0.1.0",scheduler="credit2"} 1
                # HELP dom0tuned_dom0_weight dom0's scheduler weight as last read back.
                # TYPE dom0tuned_dom0_weight gauge
                dom0tuned_dom0_weight 512
                # HELP dom0tuned_dom0_weight_target dom0's configured scheduler weight.
                # TYPE dom0tuned_dom0_weight_target gauge
                dom0tuned_dom0_weight_target 512
                # HELP dom0tuned_weight_drift_total Times dom0's weight had drifted and was restored.
                # TYPE dom0tuned_weight_drift_total counter
                dom0tuned_weight_drift_total 1
                # HELP dom0tuned_check_status Latest result of each check: 0 ok, 1 warning, 2 critical, 3 unknown.
                # TYPE dom0tuned_check_status gauge
                dom0tuned_check_status{check="sched.weight"} 0
                dom0tuned_check_status{check="mem.autoballoon"} 1
                dom0tuned_check_status{check="boot.dom0-mem"} 2
                # HELP dom0tuned_swap_pages_total Pages dom0 swapped in and out since the daemon started (/proc/vmstat).
                # TYPE dom0tuned_swap_pages_total counter
                dom0tuned_swap_pages_total{direction="in"} 10
                dom0tuned_swap_pages_total{direction="out"} 20
                # HELP dom0tuned_swap_episodes_total Swap episodes in dom0 since the daemon started.
                # TYPE dom0tuned_swap_episodes_total counter
                dom0tuned_swap_episodes_total 1
                # HELP dom0tuned_memory_pressure_some_avg10 Share of the last 10 s some task in dom0 stalled on memory, in percent (/proc/pressure/memory).
                # TYPE dom0tuned_memory_pressure_some_avg10 gauge
                dom0tuned_memory_pressure_some_avg10 0.12
                # HELP dom0tuned_uptime_seconds Seconds since the daemon started.
                # TYPE dom0tuned_uptime_seconds gauge
                dom0tuned_uptime_seconds 7500

                """)
    }

    @Test func unknownWeightHasNoSampleRatherThanAFakeValue() {
        let text = DaemonView(weightTarget: 512).metricsText
        #expect(!text.contains("\ndom0tuned_dom0_weight "))
        #expect(text.contains("dom0tuned_dom0_weight_target 512\n"))
    }
}

@Suite struct EventRingTests {
    func event(_ n: Int) -> DaemonEvent { DaemonEvent(time: "t\(n)", uptime: Double(n), kind: .drift, message: "e\(n)") }

    @Test func keepsTheNewestInOrder() {
        var ring = EventRing(capacity: 3)
        for n in 1...7 { ring.append(event(n)) }
        #expect(ring.events.map(\.message) == ["e5", "e6", "e7"])
        #expect(ring.recent(2).map(\.message) == ["e6", "e7"])
        #expect(ring.total == 7)
        #expect(ring.count == 3)
    }

    @Test func defaultCapacityIs256() {
        var ring = EventRing()
        for n in 0..<1000 { ring.append(event(n)) }
        #expect(ring.count == 256)
        #expect(ring.events.first?.message == "e744")
    }
}
