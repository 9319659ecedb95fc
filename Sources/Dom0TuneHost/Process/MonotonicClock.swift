import Glibc

/// CLOCK_MONOTONIC as a `Duration` since an arbitrary point (boot). This is the clock
/// systemd's `MONOTONIC_USEC=` uses.
public enum MonotonicClock {
    public static func now() -> Duration {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
    }
}
