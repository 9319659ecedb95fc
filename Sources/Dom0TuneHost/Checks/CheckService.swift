public import Dispatch
public import Dom0TuneCore
public import Logging

/// The audit inside the daemon: runs every check before `READY=1`, then re-evaluates a
/// check when its inputs change — inotify on the files it reads, supervised
/// `xenstore-watch` for domains coming and going and for dom0's memory target — and
/// logs a journal entry only when a check's severity changes (`MESSAGE_ID` per check,
/// `DOM0TUNED_CHECK=`, `DOM0TUNED_SEVERITY=`). Nothing is re-read that cannot have
/// changed; dom0's weight comes from the daemon's own tuning readings.
///
/// Every method runs on ``queue`` (the daemon's state queue); file reads and xl run on
/// a private queue and come back to it.
public final class CheckService: DaemonComponent, @unchecked Sendable {
    public let queue: DispatchQueue
    private let files: RootedFileSystem
    private let runner: ProcessRunner
    private let logger: Logger
    private var config: Config
    private let observedWeight: () -> CheckInputs.ObservedWeight?
    private let io = DispatchQueue(label: "dom0tuned.checks.io")

    private var inputs = CheckInputs()
    private var tracker = CheckTracker()
    private var haveSnapshot = false
    private var fileWatcher: FileChangeWatcher?
    private var xenstoreWatches: [XenstoreWatchProcess] = []
    private var pendingPaths = Set<String>()
    private var pendingXl = Set<[String]>()
    private var flushScheduled = false
    private var xlInFlight = false

    /// How long changes are gathered before acting (an editor's save is several events).
    public var settleDelay: Duration = .milliseconds(150)
    /// Called for each severity change (after it is logged), e.g. for the control
    /// socket's event ring.
    public var onChange: ((CheckTracker.Change) -> Void)?
    /// Called with the STATUS= part (`checks ok`, `checks: 1 warning (…)`).
    public var onSummary: ((String) -> Void)?

    /// - Parameter observedWeight: dom0's scheduler and weight as the daemon last read
    ///   them (called on the queue).
    public init(
        queue: DispatchQueue, files: RootedFileSystem, runner: ProcessRunner, logger: Logger, config: Config,
        observedWeight: @escaping () -> CheckInputs.ObservedWeight?
    ) {
        self.queue = queue
        self.files = files
        self.runner = runner
        self.logger = logger
        self.config = config
        self.observedWeight = observedWeight
    }

    /// Wires a service to a daemon: dom0's weight from its tuning state, STATUS= through
    /// its `statusExtras`, and the initial run before `READY=1`.
    public static func attach(to daemon: Daemon) -> CheckService {
        let service = CheckService(
            queue: daemon.queue, files: daemon.files, runner: daemon.runner, logger: daemon.logger, config: daemon.config
        ) { [weak daemon] in
            guard let tuning = daemon?.tuningState, let scheduler = tuning.scheduler else { return nil }
            return CheckInputs.ObservedWeight(scheduler: scheduler, weight: tuning.observedWeight, source: "dom0tuned's last reading")
        }
        service.onSummary = { [weak daemon] summary in daemon?.statusExtras["checks"] = summary }
        // Follow the daemon's readings as they are recorded: no timer of our own (an
        // idle daemon's quiet periodic reads change nothing and record nothing).
        let previousReport = daemon.onTuningReport
        daemon.onTuningReport = { [weak service] in
            previousReport?()
            service?.weightMayHaveChanged()
        }
        daemon.components.append(service)
        let previous = daemon.beforeReady
        daemon.beforeReady = { ready in
            service.runAll { _ in
                if let previous { previous(ready) } else { ready() }
            }
        }
        return service
    }

    // MARK: - Results (for the control socket)

    /// The latest result of every check, in ``CheckID`` order (empty before the first run).
    public var results: [CheckResult] {
        dispatchPrecondition(condition: .onQueue(queue))
        refreshWeight()
        return tracker.results
    }

    /// The memory watch's `mem.swap` verdict (``MemoryWatch/swapCheck``), read on the
    /// queue whenever ``memoryChanged()`` is called; unset, `mem.swap` is judged from
    /// `/proc/meminfo`.
    public var swapCheckProvider: (() -> CheckResult)?

    /// The memory watch's state changed (an episode started or ended): re-evaluate `mem.swap`.
    public func memoryChanged() {
        dispatchPrecondition(condition: .onQueue(queue))
        let verdict = swapCheckProvider?()
        guard inputs.swapCheck != verdict else { return }
        inputs.swapCheck = verdict
        if haveSnapshot { evaluate([.memSwap]) }
    }

    // MARK: - Running

    /// Reads every input afresh and runs every check; `completion` runs on the queue.
    public func runAll(completion: @escaping ([CheckResult]) -> Void) {
        dispatchPrecondition(condition: .onQueue(queue))
        let reader = makeReader()
        let weight = config.scheduler.weight
        let done = QueueBound(completion)
        io.async { [self] in
            var read = CheckInputs(configuredWeight: weight)
            reader.readAllFiles(into: &read)
            reader.runToolstack(CheckInputs.xlCommands, into: &read)
            read.processes = reader.processes()
            let snapshot = read
            queue.async { [self] in
                inputs = snapshot
                inputs.swapCheck = swapCheckProvider?()
                inputs.observedWeight = observedWeight()
                haveSnapshot = true
                evaluate(Set(CheckID.allCases))
                done.value(tracker.results)
            }
        }
    }

    private func makeReader() -> CheckInputsReader {
        CheckInputsReader(
            files: files,
            toolstack: ProcessToolstack(runner: runner, xl: config.toolstack.xl, timeout: config.toolstack.timeout))
    }

    private func evaluate(_ ids: Set<CheckID>) {
        let changes = tracker.record(AuditChecks.run(ids, on: inputs))
        for change in changes { log(change) }
        if let summary = tracker.statusSummary { onSummary?(summary) }
    }

    private func log(_ change: CheckTracker.Change) {
        let result = change.result
        var metadata: Logger.Metadata = [
            "message_id": "\(CheckID(rawValue: result.id)?.messageID ?? "")", "check": "\(result.id)",
            "severity": "\(result.severity.name)",
        ]
        if let previous = change.previous { metadata["previous_severity"] = "\(previous.name)" }
        if let remedy = result.remedy { metadata["remedy"] = "\(remedy)" }
        if result.rebootRequired { metadata["reboot_required"] = "1" }
        if !result.evidence.isEmpty { metadata["evidence"] = "\(result.evidence.joined(separator: "\n"))" }
        let message = "Check \(result.id): \(result.severity.name): \(result.summary)"
        switch result.severity {
        case .ok: logger.notice("\(message)", metadata: metadata)
        case .unknown: logger.notice("\(message)", metadata: metadata)
        case .warning: logger.warning("\(message)", metadata: metadata)
        case .critical: logger.critical("\(message)", metadata: metadata)
        }
        onChange?(change)
    }

    /// Re-evaluates sched.weight when the daemon's reading moved (no I/O).
    private func refreshWeight() {
        guard haveSnapshot else { return }
        let current = observedWeight()
        guard current != inputs.observedWeight || inputs.configuredWeight != config.scheduler.weight else { return }
        inputs.observedWeight = current
        inputs.configuredWeight = config.scheduler.weight
        evaluate([.schedWeight])
    }

    // MARK: - Watching (DaemonComponent)

    public func start(config: Config) {
        dispatchPrecondition(condition: .onQueue(queue))
        self.config = config
        startFileWatcher()
        startXenstoreWatches()
        refreshWeight()
    }

    public func reconfigure(_ config: Config) {
        dispatchPrecondition(condition: .onQueue(queue))
        let restartWatches = config.toolstack.xenstoreWatch != self.config.toolstack.xenstoreWatch
        self.config = config
        if restartWatches {
            for watch in xenstoreWatches { watch.stop() }
            startXenstoreWatches()
        }
        refreshWeight()
    }

    public func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        fileWatcher?.stop()
        fileWatcher = nil
        for watch in xenstoreWatches { watch.stop() }
        xenstoreWatches = []
    }

    /// The directories holding what the checks read (not /proc or /sys: inotify does
    /// not see their changes).
    public static var watchedDirectories: Set<String> {
        var directories = Set(CheckInputs.listedDirectories)
        for path in CheckInputs.fixedFiles where !path.hasPrefix("/proc/") && !path.hasPrefix("/sys/") {
            directories.insert(FileChangeWatcher.parent(of: path))
        }
        return directories
    }

    private func startFileWatcher() {
        let watcher = FileChangeWatcher(root: files.root, directories: Self.watchedDirectories, queue: queue) {
            [weak self] paths in self?.filesChanged(paths)
        }
        do {
            try watcher.start()
            fileWatcher = watcher
        } catch {
            logger.warning("Checks will not notice file changes: \(error)")
        }
    }

    private func startXenstoreWatches() {
        let command = config.toolstack.xenstoreWatch
        let paths = XenstoreWatchEvent.watchedPaths
        let watch = XenstoreWatchProcess(
            command: command, paths: paths, queue: queue,
            onLine: { [weak self] line in self?.xenstoreFired(line) },
            onExit: { [weak self] reason, delay in
                self?.logger.warning(
                    "xenstore-watch \(reason); restarting in \(delay)",
                    metadata: ["command": "\(([command] + paths).joined(separator: " "))"])
            })
        watch.start()
        xenstoreWatches = [watch]
    }

    /// The daemon recorded a tuning report: dom0's observed weight may have changed.
    public func weightMayHaveChanged() {
        dispatchPrecondition(condition: .onQueue(queue))
        refreshWeight()
    }

    // MARK: - Changes

    private func filesChanged(_ paths: Set<String>) {
        let relevant = paths.filter { !CheckInputs.checks(reading: $0).isEmpty || Self.isReadFile($0) }
        guard !relevant.isEmpty else { return }
        pendingPaths.formUnion(relevant)
        scheduleFlush()
    }

    /// Whether `path` is one of the files the checks read (or a listed directory).
    static func isReadFile(_ path: String) -> Bool {
        CheckInputs.fixedFiles.contains(path) || CheckInputs.listedDirectories.contains(path)
            || CheckInputs.listedDirectories.contains(FileChangeWatcher.parent(of: path))
    }

    private func xenstoreFired(_ line: String) {
        let event = XenstoreWatchEvent(line: line)
        guard !event.xlCommands.isEmpty else { return }
        pendingXl.formUnion(event.xlCommands)
        scheduleFlush()
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        queue.asyncAfter(deadline: .now() + .nanoseconds(Int(settleDelay.nanosecondsClamped))) { [weak self] in
            self?.flush()
        }
    }

    /// Re-reads what changed (off the queue) and re-evaluates the checks that read it.
    private func flush() {
        flushScheduled = false
        guard haveSnapshot, !xlInFlight else {
            if !pendingPaths.isEmpty || !pendingXl.isEmpty { scheduleFlush() }
            return
        }
        let paths = pendingPaths
        let commands = pendingXl.sorted { $0.joined() < $1.joined() }
        pendingPaths = []
        pendingXl = []
        guard !paths.isEmpty || !commands.isEmpty else { return }
        var ids = Set<CheckID>()
        for path in paths { ids.formUnion(affectedChecks(path)) }
        for command in commands {
            switch command {
            case ["list"]: ids.formUnion([.memDom0Actual, .cpuDom0Vcpus, .memDom0Mem])
            default: ids.formUnion([.cpuDom0Pin, .cpuGuestOverlap])
            }
        }
        let reader = makeReader()
        let base = inputs
        let affected = ids
        xlInFlight = true
        io.async { [self] in
            var read = base
            for path in paths.sorted() {
                if CheckInputs.fixedFiles.contains(path) || CheckInputs.listedDirectories.contains(path) {
                    reader.refresh(path, into: &read)
                } else {
                    // An entry of a listed directory: re-list it, reading new and changed entries.
                    reader.refresh(FileChangeWatcher.parent(of: path), into: &read)
                }
            }
            reader.runToolstack(commands, into: &read)
            let snapshot = read
            queue.async { [self] in
                xlInFlight = false
                let swapCheck = inputs.swapCheck
                inputs = snapshot
                inputs.swapCheck = swapCheck
                inputs.observedWeight = observedWeight()
                inputs.configuredWeight = config.scheduler.weight
                evaluate(affected)
                if !pendingPaths.isEmpty || !pendingXl.isEmpty { scheduleFlush() }
            }
        }
    }

    private func affectedChecks(_ path: String) -> Set<CheckID> {
        let direct = CheckInputs.checks(reading: path)
        return direct.isEmpty ? CheckInputs.checks(reading: FileChangeWatcher.parent(of: path)) : direct
    }
}

/// A value only ever touched on the service's queue, carried through a hop to another
/// queue and back.
private struct QueueBound<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
