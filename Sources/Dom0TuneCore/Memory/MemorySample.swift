/// One reading of dom0's memory figures, as the memory watch takes it.
///
/// The times come from the caller (the host reads the clocks); the core never does.
public struct MemorySample: Sendable, Equatable {
    /// When the counters were read, on a monotonic clock (`CLOCK_MONOTONIC`).
    public var time: Duration
    /// The same instant on the wall clock, since the Unix epoch; for reports only.
    public var wallClock: Duration
    /// `pswpin` of `/proc/vmstat`.
    public var pagesSwappedIn: UInt64
    /// `pswpout` of `/proc/vmstat`.
    public var pagesSwappedOut: UInt64
    /// `/proc/meminfo`, `nil` when it could not be read.
    public var memInfo: MemInfo?
    /// `/proc/pressure/memory`, `nil` without PSI.
    public var pressure: MemoryPressure?
    /// Whether this sample was taken because the PSI trigger fired.
    public var wokenByTrigger: Bool

    public init(
        time: Duration, wallClock: Duration = .zero, pagesSwappedIn: UInt64, pagesSwappedOut: UInt64,
        memInfo: MemInfo? = nil, pressure: MemoryPressure? = nil, wokenByTrigger: Bool = false
    ) {
        self.time = time
        self.wallClock = wallClock
        self.pagesSwappedIn = pagesSwappedIn
        self.pagesSwappedOut = pagesSwappedOut
        self.memInfo = memInfo
        self.pressure = pressure
        self.wokenByTrigger = wokenByTrigger
    }
}

/// Swap traffic between two samples.
public struct SwapRate: Sendable, Equatable {
    /// Pages swapped in, and out, between the two samples.
    public var pagesIn: UInt64
    public var pagesOut: UInt64
    /// Time between the two samples.
    public var interval: Duration

    public init(pagesIn: UInt64, pagesOut: UInt64, interval: Duration) {
        self.pagesIn = pagesIn
        self.pagesOut = pagesOut
        self.interval = interval
    }

    public var pages: UInt64 { pagesIn &+ pagesOut }
    /// Pages in plus out per second.
    public var pagesPerSecond: Double { Double(pages) / interval.seconds }
    public var pagesInPerSecond: Double { Double(pagesIn) / interval.seconds }
    public var pagesOutPerSecond: Double { Double(pagesOut) / interval.seconds }
}
