/// The `mem.swap` check: critical while dom0 swaps, warning when swap holds pages but
/// nothing moves, ok otherwise (unknown before the first reading).
public enum MemorySwapCheck {
    public static let id = "mem.swap"

    /// Judges a memory watch snapshot; `swaps` (from `/proc/swaps`) only adds evidence.
    public static func evaluate(_ snapshot: MemorySnapshot, swaps: [SwapDevice] = []) -> CheckResult {
        var evidence: [String] = []
        if let info = snapshot.memInfo {
            var line = "/proc/meminfo:"
            line += " MemTotal=\(info.memTotalKiB.map { "\($0) kB" } ?? "?")"
            line += " MemAvailable=\(info.memAvailableKiB.map { "\($0) kB" } ?? "?")"
            line += " SwapTotal=\(info.swapTotalKiB.map { "\($0) kB" } ?? "?")"
            line += " SwapFree=\(info.swapFreeKiB.map { "\($0) kB" } ?? "?")"
            evidence.append(line)
        }
        if let rate = snapshot.rate {
            evidence.append(
                "/proc/vmstat: pswpin +\(rate.pagesIn), pswpout +\(rate.pagesOut) in \(MemoryFormat.seconds(rate.interval))"
                    + " (\(MemoryFormat.rate(rate.pagesPerSecond)) pages/s)")
        }
        if let pressure = snapshot.pressure {
            var line = "/proc/pressure/memory: some avg10=\(MemoryFormat.percentNumber(pressure.some.avg10))"
            if let full = pressure.full { line += " full avg10=\(MemoryFormat.percentNumber(full.avg10))" }
            evidence.append(line)
        }
        for device in swaps {
            evidence.append("/proc/swaps: \(device.filename) (\(device.type)) \(device.usedKiB) of \(device.sizeKiB) kB used")
        }
        if let episode = snapshot.current {
            evidence.append(
                "swap episode #\(episode.start.number) since \(WallClockFormat.rfc3339(episode.start.wallClock)):"
                    + " \(episode.pagesIn) pages in, \(episode.pagesOut) out, peak \(MemoryFormat.rate(episode.peakPagesPerSecond)) pages/s")
        } else if let last = snapshot.recent.last {
            evidence.append(
                "last swap episode #\(last.start.number) \(WallClockFormat.rfc3339(last.start.wallClock)),"
                    + " \(MemoryFormat.seconds(last.duration)), \(last.pagesIn) pages in, \(last.pagesOut) out")
        }
        evidence.append("memory watch: \(snapshot.source)")

        if let episode = snapshot.current {
            let rate = snapshot.rate.map { MemoryFormat.rate($0.pagesPerSecond) } ?? "?"
            return CheckResult(
                id: id, severity: .critical,
                summary: "dom0 is swapping (\(rate) pages/s now, episode #\(episode.start.number) for \(MemoryFormat.seconds(episode.duration)))",
                evidence: evidence,
                remedy: """
                    dom0 is short of memory, which stalls every guest's I/O. Find what uses it: \
                    ps -eo pid,rss,comm --sort=-rss | head. Give dom0 enough fixed memory: raise \
                    dom0_mem=SIZE,max:SIZE in GRUB_CMDLINE_XEN_DEFAULT (/etc/default/grub.d/xen.cfg), \
                    run update-grub and reboot; keep autoballoon="off" in /etc/xen/xl.conf so xl \
                    does not take memory from dom0.
                    """)
        }
        guard let info = snapshot.memInfo else {
            return CheckResult(
                id: id, severity: .unknown,
                summary: snapshot.state == .disabled
                    ? "memory watch is off ([Memory] Watch=no)" : "memory watch has no reading yet",
                evidence: evidence + (snapshot.lastError.map { ["last error: \($0)"] } ?? []))
        }
        if let used = info.swapUsedKiB, used > 0 {
            return CheckResult(
                id: id, severity: .warning,
                summary: "dom0 has \(MemoryFormat.kib(used)) in swap but is not swapping now",
                evidence: evidence,
                remedy: """
                    dom0 swapped earlier and those pages are still in swap. When MemAvailable is \
                    larger than the swap in use, "swapoff -a && swapon -a" brings them back into \
                    memory. If dom0 swaps again, give it more fixed memory (dom0_mem=SIZE,max:SIZE \
                    on the Xen command line in /etc/default/grub.d/xen.cfg, update-grub, reboot).
                    """)
        }
        let summary: String
        switch info.swapTotalKiB {
        case .some(0): summary = "dom0 is not swapping (no swap configured)"
        case .some: summary = "dom0 is not swapping (swap configured, none in use)"
        case .none: summary = "dom0 is not swapping"
        }
        return CheckResult(id: id, severity: .ok, summary: summary, evidence: evidence)
    }
}
