/// When to restart a supervised helper (such as `xenstore-watch`) that died: 1 s, then
/// doubling up to a ceiling; a run that lasted at least the ceiling starts over at 1 s.
public struct RestartBackoff: Sendable, Equatable {
    public var initial: Duration
    public var ceiling: Duration
    public private(set) var failures = 0

    public init(initial: Duration = .seconds(1), ceiling: Duration = .seconds(60)) {
        self.initial = initial
        self.ceiling = ceiling
    }

    /// The delay before the next start, given how long the last run lasted.
    public mutating func delay(afterRunOf lifetime: Duration) -> Duration {
        if lifetime >= ceiling { failures = 0 }
        var delay = initial
        for _ in 0..<min(failures, 30) {
            delay = delay * 2
            if delay >= ceiling { delay = ceiling; break }
        }
        failures += 1
        return delay
    }
}
