import CSystemd
import Dom0TuneCore
import Glibc

/// Talks to the service manager through `$NOTIFY_SOCKET` (sd_notify(3)). Without
/// that variable (not started by systemd) every call is a no-op, as in libsystemd.
public struct SystemdNotifier: Sendable {
    public init() {}

    /// Whether a service manager listens (`$NOTIFY_SOCKET` is set).
    public var isActive: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// Sends one notification; `fields` are `KEY=value` lines. The corresponding C
    /// function is `sd_notify`. Failures are returned, not thrown: the daemon carries on.
    @discardableResult
    public func send(_ fields: [String]) -> Int32 {
        let text = fields.map { $0.replacingNewlines() }.joined(separator: "\n")
        return sd_notify(0, text)
    }

    public func ready(status: String) { send(["READY=1", "STATUS=\(status)"]) }

    public func status(_ status: String) { send(["STATUS=\(status)"]) }

    /// `RELOADING=1` with `MONOTONIC_USEC=` as systemd ≥ 253 expects; 252 ignores the timestamp.
    public func reloading(status: String) {
        send(["RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.now().microseconds)", "STATUS=\(status)"])
    }

    public func stopping(status: String) { send(["STOPPING=1", "STATUS=\(status)"]) }

    public func watchdog() { send(["WATCHDOG=1"]) }

    /// The watchdog period the service manager expects (`WatchdogSec=`), or `nil`
    /// when the watchdog is off. The corresponding C function is `sd_watchdog_enabled`.
    public func watchdogInterval() -> Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec))
    }
}

extension String {
    /// STATUS= is one line: newlines would start a new notification field.
    fileprivate func replacingNewlines() -> String {
        String(unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
