/// Retry delays while waiting for the toolstack at start-up: 0.5 s, 1 s, 2 s, 4 s,
/// then every 5 s, until `limit` has passed since the first attempt.
public struct StartupBackoff: Sendable, Equatable {
    public var limit: Duration
    public private(set) var attempts = 0
    public private(set) var elapsed: Duration = .zero

    public static let firstDelay: Duration = .milliseconds(500)
    public static let maxDelay: Duration = .seconds(5)

    public init(limit: Duration) { self.limit = limit }

    /// Records a failed attempt that took `attemptDuration`; returns the delay before
    /// the next one, or `nil` when the limit is reached and start-up should give up.
    public mutating func nextDelay(afterAttemptTaking attemptDuration: Duration) -> Duration? {
        attempts += 1
        elapsed += attemptDuration
        var delay = Self.firstDelay
        for _ in 1..<attempts {
            delay *= 2
            if delay >= Self.maxDelay { delay = Self.maxDelay; break }
        }
        guard elapsed + delay <= limit else { return nil }
        elapsed += delay
        return delay
    }
}
