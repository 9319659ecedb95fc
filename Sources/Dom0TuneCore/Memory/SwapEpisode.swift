/// What was known when a swap episode was detected.
public struct SwapEpisodeStart: Sendable, Equatable {
    /// Sequence number of the episode since the watch started (1, 2, …).
    public var number: Int
    /// Monotonic time of the sample that detected it.
    public var detectedAt: Duration
    /// Wall-clock time of that sample.
    public var wallClock: Duration
    /// The traffic that started it (over the interval before detection).
    public var rate: SwapRate
    /// Whether the PSI trigger woke the watch for this sample.
    public var byTrigger: Bool
    public var memAvailableKiB: UInt64?
    public var swapUsedKiB: UInt64?
    /// `some avg10` of memory pressure, percent.
    public var pressureSomeAvg10: Double?

    public init(
        number: Int, detectedAt: Duration, wallClock: Duration, rate: SwapRate, byTrigger: Bool,
        memAvailableKiB: UInt64?, swapUsedKiB: UInt64?, pressureSomeAvg10: Double?
    ) {
        self.number = number
        self.detectedAt = detectedAt
        self.wallClock = wallClock
        self.rate = rate
        self.byTrigger = byTrigger
        self.memAvailableKiB = memAvailableKiB
        self.swapUsedKiB = swapUsedKiB
        self.pressureSomeAvg10 = pressureSomeAvg10
    }
}

/// A swap episode: from detection to the last sample that saw pages move. While it is
/// going on this is its progress so far; when it has ended, its final account.
public struct SwapEpisode: Sendable, Equatable {
    public var start: SwapEpisodeStart
    /// Monotonic time of the last sample that saw swap traffic.
    public var lastTrafficAt: Duration
    /// Wall-clock time of the end (the sample that closed it), `nil` while it goes on.
    public var endWallClock: Duration?
    /// Pages swapped in and out during the episode, the starting interval included.
    public var pagesIn: UInt64
    public var pagesOut: UInt64
    /// Highest swap rate of any sample (pages in + out per second).
    public var peakPagesPerSecond: Double
    /// Highest `some avg10` memory pressure seen (percent), `nil` without PSI.
    public var peakPressureSomeAvg10: Double?
    /// Highest `full avg10` memory pressure seen (percent), `nil` without a `full` line.
    public var peakPressureFullAvg10: Double?
    /// Lowest `MemAvailable` seen, KiB.
    public var lowestMemAvailableKiB: UInt64?
    /// Highest swap use seen, KiB.
    public var peakSwapUsedKiB: UInt64?

    public init(start: SwapEpisodeStart) {
        self.start = start
        self.lastTrafficAt = start.detectedAt
        self.endWallClock = nil
        self.pagesIn = start.rate.pagesIn
        self.pagesOut = start.rate.pagesOut
        self.peakPagesPerSecond = start.rate.pagesPerSecond
        self.peakPressureSomeAvg10 = start.pressureSomeAvg10
        self.peakPressureFullAvg10 = nil
        self.lowestMemAvailableKiB = start.memAvailableKiB
        self.peakSwapUsedKiB = start.swapUsedKiB
    }

    /// From the start of the interval in which swapping was first seen to the last sample
    /// that saw it.
    public var duration: Duration { lastTrafficAt - start.detectedAt + start.rate.interval }

    public var hasEnded: Bool { endWallClock != nil }

    /// Folds one more sample of the episode in.
    mutating func record(_ rate: SwapRate, at time: Duration, memInfo: MemInfo?, pressure: MemoryPressure?) {
        pagesIn &+= rate.pagesIn
        pagesOut &+= rate.pagesOut
        if rate.pages > 0 { lastTrafficAt = time }
        peakPagesPerSecond = max(peakPagesPerSecond, rate.pagesPerSecond)
        fold(memInfo: memInfo, pressure: pressure)
    }

    /// Folds figures in that came without a usable rate (after a counter reset).
    mutating func fold(memInfo: MemInfo?, pressure: MemoryPressure?) {
        if let some = pressure?.some.avg10 { peakPressureSomeAvg10 = max(peakPressureSomeAvg10 ?? some, some) }
        if let full = pressure?.full?.avg10 { peakPressureFullAvg10 = max(peakPressureFullAvg10 ?? full, full) }
        if let available = memInfo?.memAvailableKiB {
            lowestMemAvailableKiB = min(lowestMemAvailableKiB ?? available, available)
        }
        if let used = memInfo?.swapUsedKiB { peakSwapUsedKiB = max(peakSwapUsedKiB ?? used, used) }
    }
}
