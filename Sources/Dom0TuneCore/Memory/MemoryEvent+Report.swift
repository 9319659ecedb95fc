/// How memory events read in the journal and on the control socket.
extension MemoryEvent {
    /// Stable name of the kind of event (`type` in JSON).
    public var kind: String {
        switch self {
        case .episodeStarted: "swap-episode-started"
        case .episodeEnded: "swap-episode-ended"
        case .countersReset: "swap-counters-reset"
        }
    }

    /// The journal's `MESSAGE_ID` for this event, `nil` for events without one.
    public var messageID: String? {
        switch self {
        case .episodeStarted: MessageID.swapEpisodeStarted
        case .episodeEnded: MessageID.swapEpisodeEnded
        case .countersReset: nil
        }
    }

    /// One line for the journal's `MESSAGE=` and `dom0ctl events`.
    public var message: String {
        switch self {
        case .episodeStarted(let start):
            var text = "dom0 is swapping: \(MemoryFormat.rate(start.rate.pagesPerSecond)) pages/s"
            text += " (in \(start.rate.pagesIn), out \(start.rate.pagesOut) over \(MemoryFormat.seconds(start.rate.interval)))"
            if let available = start.memAvailableKiB { text += ", MemAvailable \(MemoryFormat.kib(available))" }
            if let used = start.swapUsedKiB { text += ", swap used \(MemoryFormat.kib(used))" }
            if let some = start.pressureSomeAvg10 { text += ", memory pressure some avg10 \(MemoryFormat.percent(some))" }
            return text
        case .episodeEnded(let episode):
            var text = "dom0 stopped swapping after \(MemoryFormat.seconds(episode.duration)):"
            text += " \(episode.pagesIn) pages in, \(episode.pagesOut) pages out,"
            text += " peak \(MemoryFormat.rate(episode.peakPagesPerSecond)) pages/s"
            if let some = episode.peakPressureSomeAvg10 { text += ", peak memory pressure \(MemoryFormat.percent(some))" }
            return text
        case .countersReset(let reset):
            return "swap counters \(reset.cause.rawValue) (pswpin \(reset.previousPagesIn) -> \(reset.pagesIn),"
                + " pswpout \(reset.previousPagesOut) -> \(reset.pagesOut)); starting a new baseline"
        }
    }

    /// Structured fields, lowercase keys; the journal handler writes them as
    /// `DOM0TUNED_<KEY>=` (and `message_id` as `MESSAGE_ID=`).
    public var fields: [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = []
        if let messageID { fields.append(("message_id", messageID)) }
        fields.append(("event", kind))
        switch self {
        case .episodeStarted(let start):
            fields.append(("episode", String(start.number)))
            fields.append(("swap_rate", MemoryFormat.rate(start.rate.pagesPerSecond)))
            fields.append(("pages_in", String(start.rate.pagesIn)))
            fields.append(("pages_out", String(start.rate.pagesOut)))
            fields.append(("by_trigger", start.byTrigger ? "yes" : "no"))
            if let v = start.memAvailableKiB { fields.append(("mem_available_kib", String(v))) }
            if let v = start.swapUsedKiB { fields.append(("swap_used_kib", String(v))) }
            if let v = start.pressureSomeAvg10 { fields.append(("pressure_some_avg10", MemoryFormat.percentNumber(v))) }
        case .episodeEnded(let episode):
            fields.append(("episode", String(episode.start.number)))
            fields.append(("duration_sec", MemoryFormat.secondsNumber(episode.duration)))
            fields.append(("pages_in", String(episode.pagesIn)))
            fields.append(("pages_out", String(episode.pagesOut)))
            fields.append(("peak_swap_rate", MemoryFormat.rate(episode.peakPagesPerSecond)))
            if let v = episode.peakPressureSomeAvg10 { fields.append(("peak_pressure_some_avg10", MemoryFormat.percentNumber(v))) }
            if let v = episode.peakPressureFullAvg10 { fields.append(("peak_pressure_full_avg10", MemoryFormat.percentNumber(v))) }
            if let v = episode.lowestMemAvailableKiB { fields.append(("lowest_mem_available_kib", String(v))) }
            if let v = episode.peakSwapUsedKiB { fields.append(("peak_swap_used_kib", String(v))) }
        case .countersReset(let reset):
            fields.append(("reset_cause", reset.cause.rawValue))
        }
        return fields
    }

    /// The event for the control socket's event ring.
    public var json: JSONValue {
        var object = JSONObject()
        object["type"] = .string(kind)
        object["message"] = .string(message)
        switch self {
        case .episodeStarted(let start):
            object["time"] = .string(WallClockFormat.rfc3339(start.wallClock))
            object["episode"] = start.json
        case .episodeEnded(let episode):
            object["time"] = .string(WallClockFormat.rfc3339(episode.endWallClock ?? episode.start.wallClock))
            object["episode"] = episode.json
        case .countersReset(let reset):
            object["time"] = .string(WallClockFormat.rfc3339(reset.wallClock))
            object["cause"] = .string(reset.cause.rawValue)
        }
        return .object(object)
    }
}

extension SwapEpisodeStart {
    public var json: JSONValue {
        var object = JSONObject()
        object["number"] = .int(Int64(number))
        object["started"] = .string(WallClockFormat.rfc3339(wallClock))
        object["swapRate"] = .double(MemoryFormat.rounded(rate.pagesPerSecond))
        object["pagesIn"] = .int(Int64(clamping: rate.pagesIn))
        object["pagesOut"] = .int(Int64(clamping: rate.pagesOut))
        object["byTrigger"] = .bool(byTrigger)
        object["memAvailableKiB"] = memAvailableKiB.map { .int(Int64(clamping: $0)) } ?? .null
        object["swapUsedKiB"] = swapUsedKiB.map { .int(Int64(clamping: $0)) } ?? .null
        object["pressureSomeAvg10"] = pressureSomeAvg10.map { .double($0) } ?? .null
        return .object(object)
    }
}

extension SwapEpisode {
    public var json: JSONValue {
        var object = JSONObject()
        object["number"] = .int(Int64(start.number))
        object["started"] = .string(WallClockFormat.rfc3339(start.wallClock))
        object["ended"] = endWallClock.map { .string(WallClockFormat.rfc3339($0)) } ?? .null
        object["durationSec"] = .double(MemoryFormat.rounded(duration.seconds))
        object["pagesIn"] = .int(Int64(clamping: pagesIn))
        object["pagesOut"] = .int(Int64(clamping: pagesOut))
        object["peakSwapRate"] = .double(MemoryFormat.rounded(peakPagesPerSecond))
        object["peakPressureSomeAvg10"] = peakPressureSomeAvg10.map { .double($0) } ?? .null
        object["peakPressureFullAvg10"] = peakPressureFullAvg10.map { .double($0) } ?? .null
        object["lowestMemAvailableKiB"] = lowestMemAvailableKiB.map { .int(Int64(clamping: $0)) } ?? .null
        object["peakSwapUsedKiB"] = peakSwapUsedKiB.map { .int(Int64(clamping: $0)) } ?? .null
        object["start"] = start.json
        return .object(object)
    }
}

/// Number formats shared by the memory watch's messages, fields and check.
enum MemoryFormat {
    /// One decimal, e.g. `12.5`; whole numbers without a fraction.
    static func rate(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
        let whole = Int64(tenths) / 10
        let fraction = abs(Int64(tenths) % 10)
        return fraction == 0 ? String(whole) : "\(whole).\(fraction)"
    }

    static func rounded(_ value: Double) -> Double { value.isFinite ? (value * 10).rounded() / 10 : 0 }

    /// Two decimals, as PSI prints them: `12.34`.
    static func percentNumber(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "0.00" }
        let whole = Int64(hundredths) / 100
        let fraction = abs(Int64(hundredths) % 100)
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func percent(_ value: Double) -> String { percentNumber(value) + "%" }

    static func secondsNumber(_ duration: Duration) -> String { rate(duration.seconds) }

    static func seconds(_ duration: Duration) -> String { secondsNumber(duration) + " s" }

    /// KiB as the largest fitting unit with one decimal: `340.1 MiB`.
    static func kib(_ value: UInt64) -> String {
        if value >= 1024 * 1024 { return rate(Double(value) / (1024 * 1024)) + " GiB" }
        if value >= 1024 { return rate(Double(value) / 1024) + " MiB" }
        return "\(value) KiB"
    }
}
