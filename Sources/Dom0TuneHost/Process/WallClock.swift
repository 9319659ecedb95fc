import Glibc

/// `CLOCK_REALTIME` since the Unix epoch, for the wall-clock times of reports.
public enum WallClock {
    public static func now() -> Duration {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return .seconds(ts.tv_sec) + .nanoseconds(ts.tv_nsec)
    }
}
