/// The daemon's settings, after defaults, `/etc/dom0tuned.conf` and its drop-ins.
///
/// Every key is described once, in ``ConfigSchema``; the default config file and the
/// `dom0tuned.conf(5)` man page are rendered from that description.
public struct Config: Sendable, Equatable {
    public var scheduler = SchedulerSettings()
    public var toolstack = ToolstackSettings()
    public var control = ControlSettings()
    public var memory = MemorySettings()
    public var metrics = MetricsSettings()

    public init() {}

    public static let defaultPath = "/etc/dom0tuned.conf"
}

public struct SchedulerSettings: Sendable, Equatable {
    /// dom0's scheduler weight, 1–65535 (Xen's default for every domain is 256).
    public var weight = 512
    /// dom0's cap in percent of one pCPU (0 = no cap); `nil` leaves the cap alone.
    public var cap: Int? = nil
    /// How often dom0's weight is re-read and restored on drift.
    public var checkInterval: Duration = .seconds(10)
}

public struct ToolstackSettings: Sendable, Equatable {
    /// The `xl` binary: a path, or a name looked up on `PATH`.
    public var xl = "xl"
    /// Deadline for one `xl` call; on expiry its whole process group is killed.
    public var timeout: Duration = .seconds(10)
    /// `xenstore-watch` (domains appearing, dom0's memory target).
    public var xenstoreWatch = "xenstore-watch"
}

public struct ControlSettings: Sendable, Equatable {
    public var socket = "/run/dom0tuned/control.sock"
    /// Group allowed to send read-only requests (root may do everything).
    public var group = "adm"
}

public struct MemorySettings: Sendable, Equatable {
    /// Whether the memory watch runs at all.
    public var watch = true
    /// Sampling period while memory is quiet.
    public var sampleInterval: Duration = .seconds(10)
    /// Swap traffic (pages in + out per second) at which an episode starts.
    public var swapPagesPerSec = 1
    /// An episode ends after this long without swap traffic.
    public var quiet: Duration = .seconds(30)
    /// PSI trigger: stall time within the window that wakes the watch (`some` line).
    public var pressureStall: Duration = .milliseconds(50)
    /// PSI trigger window (Linux accepts 500 ms to 10 s).
    public var pressureWindow: Duration = .seconds(1)

    /// Every setting, each defaulting as above (so `MemorySettings()` is the default).
    public init(
        watch: Bool = true, sampleInterval: Duration = .seconds(10), swapPagesPerSec: Int = 1, quiet: Duration = .seconds(30),
        pressureStall: Duration = .milliseconds(50), pressureWindow: Duration = .seconds(1)
    ) {
        self.watch = watch
        self.sampleInterval = sampleInterval
        self.swapPagesPerSec = swapPagesPerSec
        self.quiet = quiet
        self.pressureStall = pressureStall
        self.pressureWindow = pressureWindow
    }
}

public struct MetricsSettings: Sendable, Equatable {
    /// When set, Prometheus text is written there (atomically) every check interval,
    /// for node_exporter's textfile collector.
    public var textfilePath: String? = nil
}
