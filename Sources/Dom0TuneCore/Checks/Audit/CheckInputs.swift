/// Everything the audit checks read, captured at one moment: file texts by path, xl's
/// answers, the process list, and what the daemon knows (configured and observed
/// weight, the memory watch's state). Pure data: the host layer fills it, the checks
/// (``AuditChecks``) only read it, so every check can be tested on a literal value.
public struct CheckInputs: Sendable, Equatable {
    /// A running process: its pid and `comm` (`/proc/PID/comm`).
    public struct RunningProcess: Sendable, Equatable {
        public var pid: Int
        public var name: String
        public init(pid: Int, name: String) {
            self.pid = pid
            self.name = name
        }
    }

    /// dom0's weight as last read from the hypervisor.
    public struct ObservedWeight: Sendable, Equatable {
        public var scheduler: XenScheduler
        /// `nil` when the scheduler has no weight (rtds, null…).
        public var weight: Int?
        /// The xl command that read it, for evidence (e.g. `xl list -l 0`).
        public var source: String
        public init(scheduler: XenScheduler, weight: Int?, source: String) {
            self.scheduler = scheduler
            self.weight = weight
            self.source = source
        }
    }

    /// File texts keyed by absolute system path (`/etc/xen/xl.conf`); a missing file is absent.
    public var files: [String: String]
    /// Files that exist but could not be read, with the reason.
    public var unreadable: [String: String]
    /// Directory listings (entry names) keyed by absolute path; a missing directory is absent.
    public var directories: [String: [String]]
    /// xl's answers keyed by ``key(_:)`` of the arguments (`info`, `list`, `vcpu-list`).
    /// A command that was not run is absent.
    public var toolstack: [String: ToolstackOutcome]
    /// `nil` when the process list could not be read.
    public var processes: [RunningProcess]?
    /// `[Scheduler] Weight=` of the configuration.
    public var configuredWeight: Int
    /// The daemon's last reading, or what `dom0tuned check` read via xl.
    public var observedWeight: ObservedWeight?
    /// The memory watch's `mem.swap` verdict (``MemorySwapCheck``); `nil`, or an unknown
    /// verdict, means: judge from the `/proc/meminfo` snapshot.
    public var swapCheck: CheckResult?

    public init(
        files: [String: String] = [:], unreadable: [String: String] = [:], directories: [String: [String]] = [:],
        toolstack: [String: ToolstackOutcome] = [:], processes: [RunningProcess]? = nil, configuredWeight: Int = 512,
        observedWeight: ObservedWeight? = nil, swapCheck: CheckResult? = nil
    ) {
        self.files = files
        self.unreadable = unreadable
        self.directories = directories
        self.toolstack = toolstack
        self.processes = processes
        self.configuredWeight = configuredWeight
        self.observedWeight = observedWeight
        self.swapCheck = swapCheck
    }

    /// The key of an xl command in ``toolstack``: its arguments joined with spaces.
    public static func key(_ arguments: [String]) -> String { arguments.joined(separator: " ") }

    public func outcome(_ arguments: [String]) -> ToolstackOutcome? { toolstack[Self.key(arguments)] }

    // MARK: what to read

    /// xl commands every audit runs (dom0's weight is read separately, see
    /// ``weightCommands``).
    public static let xlCommands: [[String]] = [["info"], ["list"], ["vcpu-list"]]

    /// Reading dom0's weight for `dom0tuned check`: `xl list -l 0` first; when it has no
    /// weight, the pool's scheduler from `xl cpupool-list`, then `xl sched-… -d Domain-0`.
    public static let weightCommands: [[String]] = [["list", "-l", "0"], ["cpupool-list"]]

    public static let capabilitiesPath = "/proc/xen/capabilities"
    public static let hypervisorTypePath = "/sys/hypervisor/type"
    public static let meminfoPath = "/proc/meminfo"
    public static let vmstatPath = "/proc/vmstat"
    public static let rcLocalPath = "/etc/rc.local"
    public static let crontabPath = "/etc/crontab"
    public static let cronDirectory = "/etc/cron.d"
    public static let rootCrontabPath = "/var/spool/cron/crontabs/root"
    public static let xenDirectory = "/etc/xen"
    public static let xenAutoDirectory = "/etc/xen/auto"

    /// Files read whether or not a directory lists them.
    public static let fixedFiles: [String] = [
        capabilitiesPath, hypervisorTypePath, GrubDefaults.mainPath, GrubConfig.path, GrubEnvironment.path,
        XlConf.path, XendConfig.path, LibvirtLibxlConf.path, rcLocalPath, crontabPath, rootCrontabPath,
        meminfoPath, vmstatPath,
    ]

    /// Directories whose entries are read (filtered by ``filesToRead(listings:)``).
    public static let listedDirectories: [String] = [
        GrubDefaults.dropInDirectory, xenDirectory, xenAutoDirectory, cronDirectory,
    ]

    /// Every file to read, given the listings of ``listedDirectories``: GRUB drop-ins
    /// (`*.cfg`), guest configs (`/etc/xen/*.cfg`, everything in `/etc/xen/auto/`), and
    /// `/etc/cron.d` entries cron itself runs (names of letters, digits, `_` and `-`).
    public static func filesToRead(listings: [String: [String]]) -> [String] {
        var paths = fixedFiles
        for name in GrubDefaults.orderedDropIns(listings[GrubDefaults.dropInDirectory] ?? []) {
            paths.append(GrubDefaults.dropInDirectory + "/" + name)
        }
        paths += guestConfigPaths(listings: listings)
        for name in listings[cronDirectory] ?? [] where isCronName(name) {
            paths.append(cronDirectory + "/" + name)
        }
        return paths
    }

    static func guestConfigPaths(listings: [String: [String]]) -> [String] {
        var paths: [String] = []
        for name in (listings[xenDirectory] ?? []).sorted() where name.hasSuffix(".cfg") && !name.hasPrefix(".") {
            paths.append(xenDirectory + "/" + name)
        }
        for name in (listings[xenAutoDirectory] ?? []).sorted() where !name.hasPrefix(".") {
            paths.append(xenAutoDirectory + "/" + name)
        }
        return paths
    }

    static func isCronName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Which checks read `path` (a file or a listed directory): what to re-evaluate
    /// when it changes.
    public static func checks(reading path: String) -> Set<CheckID> {
        switch path {
        case capabilitiesPath, hypervisorTypePath: [.hostDom0]
        case GrubDefaults.mainPath, GrubConfig.path, GrubEnvironment.path, GrubDefaults.dropInDirectory:
            [.bootCmdlinePending, .bootDefaultEntry, .memDom0Mem, .cpuDom0Vcpus, .cpuDom0Pin]
        case XlConf.path: [.memAutoballoon, .cpuGuestOverlap]
        case XendConfig.path: [.memAutoballoon]
        case LibvirtLibxlConf.path, rcLocalPath, crontabPath, rootCrontabPath, cronDirectory: [.conflictActors]
        case meminfoPath, vmstatPath: [.memSwap]
        case xenDirectory, xenAutoDirectory: [.cpuGuestOverlap]
        default:
            if path.hasPrefix(GrubDefaults.dropInDirectory + "/") {
                [.bootCmdlinePending, .bootDefaultEntry, .memDom0Mem, .cpuDom0Vcpus, .cpuDom0Pin]
            } else if path.hasPrefix(cronDirectory + "/") {
                [.conflictActors]
            } else if path.hasPrefix(xenDirectory + "/") {
                [.cpuGuestOverlap]
            } else {
                []
            }
        }
    }
}
