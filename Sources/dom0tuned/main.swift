import Dispatch
import Dom0TuneCore
import Dom0TuneHost
import Glibc
import Logging

// Start-up sequence only; the daemon's logic lives in Dom0TuneHost.Daemon.

let arguments = Array(CommandLine.arguments.dropFirst())
handleDocumentationFlags(arguments)

let parsed: DaemonArguments
do {
    parsed = try DaemonArguments.parse(arguments)
} catch {
    printError("dom0tuned: \(error)")
    exit(DaemonExitStatus.usageError.rawValue)
}

let configPath: String
let configRequired: Bool
let root: String
switch parsed {
case .version:
    print("dom0tuned \(Dom0Tune.version)")
    exit(DaemonExitStatus.success.rawValue)
case .check(let checkArguments):
    exit(runCheckCommand(checkArguments))
case .run(let explicitConfig, let givenRoot):
    (configPath, configRequired) = DaemonArguments.configPath(explicit: explicitConfig, root: givenRoot)
    root = givenRoot
}

// One malloc arena: the daemon's few threads allocate little (footprint).
MallocArenas.limitToOne()

// Signals first: libdispatch's own handler catches them once a source exists, so
// nothing that arrives during start-up is lost. (No SIG_IGN: see DESIGN.md.)
let stateQueue = DispatchQueue(label: "dom0tuned.state")
let signals = SignalRouter(queue: stateQueue)
signal(SIGPIPE, SIG_IGN)  // a client closing its socket must not kill us

let logSink = LogSink(destination: LogSink.detectDestination())
LoggingSystem.bootstrap { _ in JournalLogHandler(sink: logSink) }
let logger = Logger(label: "dom0tuned")

let config: Config
do {
    let (loaded, warnings) = try ConfigFiles.load(mainPath: configPath, requireMain: configRequired)
    config = loaded
    for warning in warnings { logger.warning("\(warning)") }
} catch {
    for diagnostic in error.errors {
        printError("dom0tuned: \(diagnostic)")
    }
    if logSink.destination == .journal {
        logger.error(
            "Configuration rejected: \(error.errors.first.map { "\($0)" } ?? "")",
            metadata: ["message_id": "\(MessageID.configRejected)"])
        logSink.flush(timeout: .milliseconds(500))
    }
    exit(DaemonExitStatus.configError.rawValue)
}

stateQueue.async {
    let instance = Daemon(
        queue: stateQueue,
        options: Daemon.Options(configPath: configPath, configRequired: configRequired, root: root),
        config: config, logger: logger, logSink: logSink)
    wireComponents(instance)
    logger.info("dom0tuned \(Dom0Tune.version) starting (config \(configPath), root \(root))")
    instance.start()
    signals.attach(instance)
}
dispatchMain()
