import Glibc

/// Wall-clock time for event stamps (UTC, ISO 8601), without Foundation.
public enum WallClock {
    /// Now as `2026-11-28T06:30:00Z`. The corresponding C functions are `clock_gettime`
    /// (CLOCK_REALTIME) and `gmtime_r`.
    public static func iso8601() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return iso8601(seconds: now.tv_sec)
    }

    public static func iso8601(seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
