import Dom0TuneCore
import Dom0TuneHost
import Glibc

/// `dom0tuned check [--config FILE] [--root DIR] [--json]`: runs every audit check once,
/// without the daemon, and prints a report. Read-only. Exits with the worst severity
/// (0 ok, 1 warning, 2 critical, 3 unknown, the monitoring-plugin convention); a usage or
/// configuration error also exits 3 (UNKNOWN) with a message on stderr.
enum CheckCommand {
    static let usage = "usage: dom0tuned check [--config FILE] [--root DIR] [--json]"

    static func run(arguments: [String]) -> Int32 {
        var configPath: String?
        var root = "/"
        var json = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            func value() -> String? {
                index += 1
                return index < arguments.count && !arguments[index].isEmpty ? arguments[index] : nil
            }
            switch argument {
            case "--json":
                json = true
            case "--config":
                guard let path = value() else { return usageError("--config needs a value") }
                configPath = path
            case "--root":
                guard let path = value() else { return usageError("--root needs a value") }
                root = path
            case "-h", "--help":
                print(usage)
                return 0
            default:
                if argument.hasPrefix("--config=") {
                    configPath = String(argument.dropFirst("--config=".count))
                } else if argument.hasPrefix("--root=") {
                    root = String(argument.dropFirst("--root=".count))
                } else {
                    return usageError("unknown argument '\(argument)'")
                }
            }
            index += 1
        }
        guard root.hasPrefix("/") else { return usageError("--root needs an absolute path, not '\(root)'") }

        let (path, required) = DaemonArguments.configPath(explicit: configPath, root: root)
        let config: Config
        do {
            let (loaded, warnings) = try ConfigFiles.load(mainPath: path, requireMain: required)
            for warning in warnings { printError("dom0tuned: \(warning)") }
            config = loaded
        } catch {
            for diagnostic in error.errors { printError("dom0tuned: \(diagnostic)") }
            return CheckSeverity.unknown.exitStatus
        }

        let reader = CheckInputsReader(
            files: RootedFileSystem(root: root),
            toolstack: ProcessToolstack(runner: ProcessRunner(), xl: config.toolstack.xl, timeout: config.toolstack.timeout))
        var inputs = reader.snapshot(configuredWeight: config.scheduler.weight)
        // mem.swap as the daemon's memory watch judges it: two samples a second apart.
        inputs.swapCheck = MemoryWatch.checkOnce(settings: config.memory, root: root)
        let results = AuditChecks.runAll(inputs)
        if json {
            print(CheckReport.json(results).prettySerialized())
        } else {
            print(CheckReport.text(results), terminator: "")
        }
        return CheckResult.worst(results).exitStatus
    }

    private static func usageError(_ message: String) -> Int32 {
        printError("dom0tuned check: \(message)\n\(usage)")
        return CheckSeverity.unknown.exitStatus
    }
}

/// `main.swift`'s entry point for `dom0tuned check`.
func runCheckCommand(_ arguments: [String]) -> Int32 {
    CheckCommand.run(arguments: arguments)
}
