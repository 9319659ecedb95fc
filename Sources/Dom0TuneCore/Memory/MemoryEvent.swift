/// Something the memory watch reports: to the journal, the control socket's event
/// ring and the `mem.swap` check.
public enum MemoryEvent: Sendable, Equatable {
    /// dom0 started swapping (journal warning).
    case episodeStarted(SwapEpisodeStart)
    /// A swap episode ended after the quiet time without swap traffic (journal info).
    case episodeEnded(SwapEpisode)
    /// The swap counters went backwards or jumped impossibly; the watch took the new
    /// values as its baseline and computes no rate from this sample.
    case countersReset(CounterReset)
}

/// Why the tracker dropped its baseline.
public struct CounterReset: Sendable, Equatable {
    public enum Cause: String, Sendable, Equatable {
        /// A counter is lower than before and not by a plausible wrap.
        case wentBackwards = "went-backwards"
        /// A counter grew faster than any disk can swap.
        case implausibleJump = "implausible-jump"
        /// The monotonic time of the sample is before the previous one.
        case timeWentBackwards = "time-went-backwards"
    }

    public var cause: Cause
    public var previousPagesIn: UInt64
    public var previousPagesOut: UInt64
    public var pagesIn: UInt64
    public var pagesOut: UInt64
    public var wallClock: Duration

    public init(
        cause: Cause, previousPagesIn: UInt64, previousPagesOut: UInt64, pagesIn: UInt64, pagesOut: UInt64,
        wallClock: Duration
    ) {
        self.cause = cause
        self.previousPagesIn = previousPagesIn
        self.previousPagesOut = previousPagesOut
        self.pagesIn = pagesIn
        self.pagesOut = pagesOut
        self.wallClock = wallClock
    }
}
