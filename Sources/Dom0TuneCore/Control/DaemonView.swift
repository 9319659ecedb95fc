/// What the daemon knows, as plain values: the daemon fills one in on its state queue and
/// the control commands (`status`, `check`, `memory`, `events`, `metrics`) and the metrics
/// textfile are all rendered from it, so they never disagree.
public struct DaemonView: Sendable, Equatable {
    /// dom0's weight as last read back (`nil` before the first read, or when the scheduler
    /// has no weight), and the configured target.
    public var weight: Int?
    public var weightTarget: Int
    /// dom0's cpupool scheduler (`credit`, `credit2`, `rtds`, …), `nil` until known.
    public var scheduler: String?
    /// How many times a drifted weight has been restored since start.
    public var driftCount: Int
    /// When the last check ran, as the daemon formats wall-clock time; `nil` before the first.
    public var lastCheck: String?
    /// The latest result of every check.
    public var checks: [CheckResult]
    public var memory: MemoryFigures
    /// Recent events, oldest first.
    public var events: [DaemonEvent]
    /// Events appended since start (more than `events.count` once the ring has wrapped).
    public var eventsTotal: Int
    /// Seconds since the daemon started.
    public var uptime: Double
    /// A one-word phase such as `starting`, `running`, `reloading` (the daemon's own words).
    public var phase: String
    public var version: String

    public init(
        weight: Int? = nil, weightTarget: Int, scheduler: String? = nil, driftCount: Int = 0,
        lastCheck: String? = nil, checks: [CheckResult] = [], memory: MemoryFigures = MemoryFigures(),
        events: [DaemonEvent] = [], eventsTotal: Int? = nil, uptime: Double = 0, phase: String = "running",
        version: String = Dom0Tune.version
    ) {
        self.weight = weight
        self.weightTarget = weightTarget
        self.scheduler = scheduler
        self.driftCount = driftCount
        self.lastCheck = lastCheck
        self.checks = checks
        self.memory = memory
        self.events = events
        self.eventsTotal = eventsTotal ?? events.count
        self.uptime = uptime
        self.phase = phase
        self.version = version
    }
}

/// The memory watch's state as the control socket needs it: the memory engineer's summary
/// as opaque JSON (`memory` returns it as is), plus the few numbers metrics are made of.
public struct MemoryFigures: Sendable, Equatable {
    /// `MemorySnapshot.json` (figures and recent episodes), what `memory` returns.
    public var summary: JSONValue
    /// One line for `status`, e.g. `not swapping (PSI trigger)`; `nil` when unknown.
    public var headline: String?
    /// Pages swapped in / out since the daemon started (`pswpin` / `pswpout` deltas).
    public var swapPagesIn: UInt64?
    public var swapPagesOut: UInt64?
    /// Swap episodes seen since start.
    public var episodesTotal: Int
    /// `some avg10` of `/proc/pressure/memory`, in percent.
    public var pressureSomeAvg10: Double?

    public init(
        summary: JSONValue = .null, headline: String? = nil, swapPagesIn: UInt64? = nil, swapPagesOut: UInt64? = nil, episodesTotal: Int = 0,
        pressureSomeAvg10: Double? = nil
    ) {
        self.summary = summary
        self.headline = headline
        self.swapPagesIn = swapPagesIn
        self.swapPagesOut = swapPagesOut
        self.episodesTotal = episodesTotal
        self.pressureSomeAvg10 = pressureSomeAvg10
    }
}
