/// One documented configuration key: how it is parsed and how it is explained.
public struct ConfigKey: Sendable {
    public var section: String
    public var name: String
    /// The default as it is written in the shipped config (`""` when unset by default).
    public var defaultText: String
    /// The accepted values, for the man page (e.g. `1–65535`).
    public var syntax: String
    /// A paragraph of documentation (plain text, may span lines).
    public var documentation: String
    /// Stores `value` into the config; returns an error message when the value is invalid.
    /// An empty value resets the key to its default, as in systemd.
    let apply: @Sendable (inout Config, String) -> String?
}

/// Every key dom0tuned understands, in the order the default config lists them.
/// The parser, the default config file and the man page all come from this table.
public enum ConfigSchema {
    public static let sectionDocumentation: [(name: String, documentation: String)] = [
        ("Scheduler", "dom0's CPU scheduler parameters, applied at start-up and kept in place."),
        ("Toolstack", "How dom0tuned runs Xen's command-line tools."),
        ("Control", "The control socket that dom0ctl talks to."),
        ("Memory", "The memory watch: swapping and memory pressure in dom0."),
        ("Metrics", "Prometheus metrics for fleet monitoring."),
    ]

    public static let keys: [ConfigKey] = [
        ConfigKey(
            section: "Scheduler", name: "Weight", defaultText: "512", syntax: "1-65535",
            documentation: """
                dom0's scheduler weight (credit and credit2). Xen gives every domain 256; the Xen \
                Project recommends more for dom0 so it serves its guests' I/O first.
                """,
            apply: { config, value in
                if value.isEmpty { config.scheduler.weight = SchedulerSettings().weight; return nil }
                guard let weight = ConfigValue.integer(value, in: 1...65535) else {
                    return "Weight= must be an integer from 1 to 65535, not \(ConfigValue.quoted(value))"
                }
                config.scheduler.weight = weight
                return nil
            }),
        ConfigKey(
            section: "Scheduler", name: "Cap", defaultText: "", syntax: "0-65535 (percent of one pCPU; 0 = no cap)",
            documentation: """
                dom0's cap, in percent of one physical CPU (0 means no cap). Unset by default: \
                dom0tuned then leaves the cap as it is.
                """,
            apply: { config, value in
                if value.isEmpty { config.scheduler.cap = nil; return nil }
                guard let cap = ConfigValue.integer(value, in: 0...65535) else {
                    return "Cap= must be an integer from 0 to 65535, not \(ConfigValue.quoted(value))"
                }
                config.scheduler.cap = cap
                return nil
            }),
        ConfigKey(
            section: "Scheduler", name: "CheckIntervalSec", defaultText: "10", syntax: "time span, 1s to 1h",
            documentation: """
                How often dom0's weight is read back and restored if something changed it. Each \
                check is one short xl call.
                """,
            apply: { config, value in
                if value.isEmpty { config.scheduler.checkInterval = SchedulerSettings().checkInterval; return nil }
                guard let span = ConfigValue.timeSpan(value), span >= .seconds(1), span <= .seconds(3600) else {
                    return "CheckIntervalSec= must be a time span from 1s to 1h, not \(ConfigValue.quoted(value))"
                }
                config.scheduler.checkInterval = span
                return nil
            }),
        ConfigKey(
            section: "Toolstack", name: "Xl", defaultText: "xl", syntax: "command name or absolute path",
            documentation: "The xl binary; a bare name is looked up on PATH.",
            apply: { config, value in setCommand(value, key: "Xl", \.xl, in: &config) }),
        ConfigKey(
            section: "Toolstack", name: "TimeoutSec", defaultText: "10", syntax: "time span, 100ms to 5min",
            documentation: """
                Deadline for one xl call. On expiry xl's whole process group is killed; the daemon \
                carries on and retries.
                """,
            apply: { config, value in
                if value.isEmpty { config.toolstack.timeout = ToolstackSettings().timeout; return nil }
                guard let span = ConfigValue.timeSpan(value), span >= .milliseconds(100), span <= .seconds(300) else {
                    return "TimeoutSec= must be a time span from 100ms to 5min, not \(ConfigValue.quoted(value))"
                }
                config.toolstack.timeout = span
                return nil
            }),
        ConfigKey(
            section: "Toolstack", name: "XenstoreWatch", defaultText: "xenstore-watch", syntax: "command name or absolute path",
            documentation: "xenstore-watch, used to notice new domains and dom0 memory target changes at once.",
            apply: { config, value in setCommand(value, key: "XenstoreWatch", \.xenstoreWatch, in: &config) }),
        ConfigKey(
            section: "Control", name: "Socket", defaultText: "/run/dom0tuned/control.sock", syntax: "absolute path",
            documentation: "Where the control socket is created (unless systemd passes one in).",
            apply: { config, value in
                if value.isEmpty { config.control.socket = ControlSettings().socket; return nil }
                guard value.hasPrefix("/"), value.utf8.count < 108 else {
                    return "Socket= must be an absolute path shorter than 108 bytes, not \(ConfigValue.quoted(value))"
                }
                config.control.socket = value
                return nil
            }),
        ConfigKey(
            section: "Control", name: "Group", defaultText: "adm", syntax: "group name",
            documentation: """
                Members of this group may send read-only requests (status, check, memory, events, \
                metrics). Only root may reapply or reload.
                """,
            apply: { config, value in
                if value.isEmpty { config.control.group = ControlSettings().group; return nil }
                guard value.utf8.count <= 32,
                    value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) })
                else { return "Group= must be a group name, not \(ConfigValue.quoted(value))" }
                config.control.group = value
                return nil
            }),
        ConfigKey(
            section: "Memory", name: "Watch", defaultText: "yes", syntax: "boolean",
            documentation: "Whether to watch dom0 for swapping and memory pressure.",
            apply: { config, value in
                if value.isEmpty { config.memory.watch = MemorySettings().watch; return nil }
                guard let flag = ConfigValue.boolean(value) else { return "Watch= must be a boolean, not \(ConfigValue.quoted(value))" }
                config.memory.watch = flag
                return nil
            }),
        ConfigKey(
            section: "Memory", name: "SampleIntervalSec", defaultText: "10", syntax: "time span, 1s to 1h",
            documentation: """
                How often /proc/vmstat is sampled while memory is quiet. During a swap episode it \
                is sampled every second; a pressure trigger wakes the watch at once.
                """,
            apply: { config, value in
                if value.isEmpty { config.memory.sampleInterval = MemorySettings().sampleInterval; return nil }
                guard let span = ConfigValue.timeSpan(value), span >= .seconds(1), span <= .seconds(3600) else {
                    return "SampleIntervalSec= must be a time span from 1s to 1h, not \(ConfigValue.quoted(value))"
                }
                config.memory.sampleInterval = span
                return nil
            }),
        ConfigKey(
            section: "Memory", name: "SwapPagesPerSec", defaultText: "1", syntax: "1-1000000",
            documentation: """
                Swap traffic (pages swapped in plus out per second, from pswpin and pswpout in \
                /proc/vmstat) at which a swap episode starts. When the pressure trigger wakes \
                the watch, any page moved starts one. Every episode is logged as a warning.
                """,
            apply: { config, value in
                if value.isEmpty { config.memory.swapPagesPerSec = MemorySettings().swapPagesPerSec; return nil }
                guard let rate = ConfigValue.integer(value, in: 1...1_000_000) else {
                    return "SwapPagesPerSec= must be an integer from 1 to 1000000, not \(ConfigValue.quoted(value))"
                }
                config.memory.swapPagesPerSec = rate
                return nil
            }),
        ConfigKey(
            section: "Memory", name: "QuietSec", defaultText: "30", syntax: "time span, 1s to 1h",
            documentation: """
                A swap episode ends after this long without a single page swapped in or out; \
                a trickle of swap-ins keeps it open, since each one stalls a process on disk.
                """,
            apply: { config, value in
                if value.isEmpty { config.memory.quiet = MemorySettings().quiet; return nil }
                guard let span = ConfigValue.timeSpan(value), span >= .seconds(1), span <= .seconds(3600) else {
                    return "QuietSec= must be a time span from 1s to 1h, not \(ConfigValue.quoted(value))"
                }
                config.memory.quiet = span
                return nil
            }),
        ConfigKey(
            section: "Memory", name: "PressureStallSec", defaultText: "50ms", syntax: "time span, 1ms to the window",
            documentation: """
                Memory pressure trigger: wake when tasks stalled on memory this long within one \
                PressureWindowSec (the "some" line of /proc/pressure/memory). Swapping can \
                start with little stall (kswapd writes pages out in the background), so the \
                default is low: 5% of the window. A value longer than the window is cut to \
                the window.
                """,
            apply: { config, value in
                if value.isEmpty { config.memory.pressureStall = MemorySettings().pressureStall; return nil }
                guard let span = ConfigValue.timeSpan(value), span >= .milliseconds(1), span <= .seconds(10) else {
                    return "PressureStallSec= must be a time span from 1ms to 10s, not \(ConfigValue.quoted(value))"
                }
                config.memory.pressureStall = span
                return nil
            }),
        ConfigKey(
            section: "Memory", name: "PressureWindowSec", defaultText: "1s", syntax: "time span, 500ms to 10s",
            documentation: """
                Window of the memory pressure trigger (Linux accepts 500ms to 10s). The watch \
                wakes at most once per window, so the default of 1s sees swapping begin within \
                about a second. Without CAP_SYS_RESOURCE, Linux 6.4 and later accept only \
                multiples of 2s: the watch then rounds the window up, keeping the stall ratio, \
                and says so in its status. Without PSI it samples only.
                """,
            apply: { config, value in
                if value.isEmpty { config.memory.pressureWindow = MemorySettings().pressureWindow; return nil }
                guard let span = ConfigValue.timeSpan(value), span >= .milliseconds(500), span <= .seconds(10) else {
                    return "PressureWindowSec= must be a time span from 500ms to 10s, not \(ConfigValue.quoted(value))"
                }
                config.memory.pressureWindow = span
                return nil
            }),
        ConfigKey(
            section: "Metrics", name: "TextfilePath", defaultText: "", syntax: "absolute path ending in .prom",
            documentation: """
                When set, metrics are written to this file every check interval (atomically), for \
                node_exporter's textfile collector, e.g. \
                /var/lib/prometheus/node-exporter/dom0tuned.prom.
                """,
            apply: { config, value in
                if value.isEmpty { config.metrics.textfilePath = nil; return nil }
                guard value.hasPrefix("/"), value.hasSuffix(".prom") else {
                    return "TextfilePath= must be an absolute path ending in .prom, not \(ConfigValue.quoted(value))"
                }
                config.metrics.textfilePath = value
                return nil
            }),
    ]

    /// Stores a command key of [Toolstack] (empty: the default), or says why not.
    static func setCommand(
        _ value: String, key: String, _ field: WritableKeyPath<ToolstackSettings, String>, in config: inout Config
    ) -> String? {
        if value.isEmpty {
            config.toolstack[keyPath: field] = ToolstackSettings()[keyPath: field]
            return nil
        }
        if let problem = validateCommand(value, key: key) { return problem }
        config.toolstack[keyPath: field] = value
        return nil
    }

    static func validateCommand(_ value: String, key: String) -> String? {
        if value.contains(" ") || value.contains("\t") {
            return "\(key)= must be one command (no arguments), not \(ConfigValue.quoted(value))"
        }
        if value.contains("/") && !value.hasPrefix("/") {
            return "\(key)= must be a bare command name or an absolute path, not \(ConfigValue.quoted(value))"
        }
        return nil
    }
}
