/// The memory watch as `dom0ctl memory` shows it: current figures, state, recent
/// episodes and totals.
public struct MemorySnapshot: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        /// The watch is off (`[Memory] Watch=no`).
        case disabled
        /// No sample yet.
        case starting
        case quiet
        case swapping
    }

    public var state: State
    /// How the watch learns of pressure.
    public var mode: MemoryWatchMode
    /// Sampling period while quiet.
    public var sampleInterval: Duration
    public var memInfo: MemInfo?
    public var pressure: MemoryPressure?
    /// Swap traffic between the last two samples.
    public var rate: SwapRate?
    /// Wall-clock time of the last sample.
    public var lastSampleWallClock: Duration?
    /// The episode going on, if any.
    public var current: SwapEpisode?
    /// Ended episodes, oldest first.
    public var recent: [SwapEpisode]
    public var totals: MemoryTotals
    /// The last reading error, if the last attempt failed.
    public var lastError: String?

    public init(
        state: State, mode: MemoryWatchMode, sampleInterval: Duration = .seconds(10), memInfo: MemInfo? = nil, pressure: MemoryPressure? = nil, rate: SwapRate? = nil,
        lastSampleWallClock: Duration? = nil, current: SwapEpisode? = nil, recent: [SwapEpisode] = [],
        totals: MemoryTotals = MemoryTotals(), lastError: String? = nil
    ) {
        self.state = state
        self.mode = mode
        self.sampleInterval = sampleInterval
        self.memInfo = memInfo
        self.pressure = pressure
        self.rate = rate
        self.lastSampleWallClock = lastSampleWallClock
        self.current = current
        self.recent = recent
        self.totals = totals
        self.lastError = lastError
    }

    /// The snapshot of a tracker's state.
    public init(tracker: SwapEpisodeTracker, mode: MemoryWatchMode, lastError: String? = nil) {
        let last = tracker.lastSample
        self.init(
            state: mode == .off ? .disabled : last == nil ? .starting : (tracker.isSwapping ? .swapping : .quiet),
            mode: mode, sampleInterval: tracker.settings.sampleInterval,
            memInfo: last?.memInfo, pressure: last?.pressure, rate: tracker.lastRate,
            lastSampleWallClock: last?.wallClock, current: tracker.current, recent: tracker.recent,
            totals: tracker.totals, lastError: lastError)
    }

    /// How the watch works, e.g. `PSI trigger some 50ms per 1s, sampling every 10s`.
    public var source: String {
        switch mode {
        case .off: "off"
        case .trigger, .sampling: "\(mode.description), sampling every \(MemoryFormat.seconds(sampleInterval))"
        }
    }

    /// The memory part of the daemon's one-line `STATUS=`.
    public var statusSummary: String {
        let how: String
        switch mode {
        case .off: return "memory watch off"
        case .trigger: how = "PSI trigger"
        case .sampling: how = "sampling only, no PSI trigger"
        }
        switch state {
        case .disabled: return "memory watch off"
        case .starting: return "memory watch starting (\(how))"
        case .quiet:
            if let used = memInfo?.swapUsedKiB, used > 0 { return "not swapping, \(MemoryFormat.kib(used)) in swap (\(how))" }
            return "not swapping (\(how))"
        case .swapping:
            let rate = rate.map { MemoryFormat.rate($0.pagesPerSecond) } ?? "?"
            return "SWAPPING \(rate) pages/s (\(how))"
        }
    }

    /// The shape of the control socket's `memory` answer and `dom0ctl memory --json`.
    public var json: JSONValue {
        var object = JSONObject()
        object["state"] = .string(state.rawValue)
        object["source"] = .string(source)
        object["sampleIntervalSec"] = .double(sampleInterval.seconds)
        switch mode {
        case .trigger(let spec, let unprivileged):
            object["trigger"] = .object(["armed": .bool(true), "spec": .string(spec.text), "unprivileged": .bool(unprivileged)])
        case .sampling(let reason):
            object["trigger"] = .object(["armed": .bool(false), "reason": .string(reason)])
        case .off:
            object["trigger"] = .null
        }
        object["lastSample"] = lastSampleWallClock.map { .string(WallClockFormat.rfc3339($0)) } ?? .null
        func kib(_ value: UInt64?) -> JSONValue { value.map { .int(Int64(clamping: $0)) } ?? .null }
        var memory = JSONObject()
        memory["memTotalKiB"] = kib(memInfo?.memTotalKiB)
        memory["memAvailableKiB"] = kib(memInfo?.memAvailableKiB)
        memory["swapTotalKiB"] = kib(memInfo?.swapTotalKiB)
        memory["swapFreeKiB"] = kib(memInfo?.swapFreeKiB)
        memory["swapUsedKiB"] = kib(memInfo?.swapUsedKiB)
        object["memory"] = .object(memory)
        if let rate {
            var r = JSONObject()
            r["pagesPerSec"] = .double(MemoryFormat.rounded(rate.pagesPerSecond))
            r["pagesInPerSec"] = .double(MemoryFormat.rounded(rate.pagesInPerSecond))
            r["pagesOutPerSec"] = .double(MemoryFormat.rounded(rate.pagesOutPerSecond))
            r["intervalSec"] = .double(MemoryFormat.rounded(rate.interval.seconds))
            object["swapRate"] = .object(r)
        } else {
            object["swapRate"] = .null
        }
        if let pressure {
            var p = JSONObject()
            p["some"] = pressure.some.json
            p["full"] = pressure.full?.json ?? .null
            object["pressure"] = .object(p)
        } else {
            object["pressure"] = .null
        }
        object["current"] = current?.json ?? .null
        object["recent"] = .array(recent.map(\.json))
        var t = JSONObject()
        t["samples"] = .int(Int64(totals.samples))
        t["triggerWakeups"] = .int(Int64(totals.triggerWakeups))
        t["episodes"] = .int(Int64(totals.episodesStarted))
        t["counterResets"] = .int(Int64(totals.counterResets))
        t["pagesIn"] = .int(Int64(clamping: totals.pagesIn))
        t["pagesOut"] = .int(Int64(clamping: totals.pagesOut))
        object["totals"] = .object(t)
        object["lastError"] = lastError.map { .string($0) } ?? .null
        return .object(object)
    }
}

extension PressureLine {
    public var json: JSONValue {
        .object([
            "avg10": .double(avg10), "avg60": .double(avg60), "avg300": .double(avg300),
            "totalUsec": .int(Int64(clamping: totalMicroseconds)),
        ])
    }
}
