import Foundation

/// Runs the built `dom0tuned` for real against the fake xl, a temp root and a notify
/// socket owned by the test.
final class DaemonHarness: @unchecked Sendable {
    let directory: TemporaryDirectory
    let notify: NotifyListener
    private(set) var process: Process?
    private let stderrPipe = Pipe()
    private var stderrData = Data()
    private let stderrLock = NSLock()

    /// The fake xl's state directory.
    var xlState: String { directory.path + "/xl" }
    var configPath: String { directory.path + "/dom0tuned.conf" }
    var root: String { directory.path + "/root" }

    init(scheduler: String = "credit2", weight: Int = 256, config: String? = nil, dom0: Bool = true) throws {
        directory = try TemporaryDirectory()
        notify = try NotifyListener(path: directory.path + "/notify.sock")
        try directory.write("xl/scheduler", scheduler + "\n")
        try directory.write("xl/weight", "\(weight)\n")
        try directory.write("root/proc/xen/capabilities", dom0 ? "control_d\n" : "")
        try directory.write(
            "dom0tuned.conf",
            config ?? """
                [Scheduler]
                CheckIntervalSec=1
                [Toolstack]
                Xl=\(TestPaths.fakeXl)
                TimeoutSec=2
                """)
    }

    func setXl(_ name: String, _ value: String) throws { try directory.write("xl/" + name, value + "\n") }
    func xl(_ name: String) -> String? { directory.read("xl/" + name)?.trimmingCharacters(in: .whitespacesAndNewlines) }
    var xlCalls: [String] { (directory.read("xl/calls") ?? "").split(separator: "\n").map(String.init) }

    /// The daemon's pid when it runs under a launcher (which writes it to this file).
    var pidFile: String { directory.path + "/daemon.pid" }
    private var launched = false

    /// Starts the daemon, directly or under `launcher` (a command that runs the rest
    /// of its arguments and writes the daemon's pid to `$PIDFILE`).
    func start(launcher: [String] = [], extraArguments: [String] = [], environment extra: [String: String] = [:]) throws {
        let process = Process()
        let daemonArguments = [TestPaths.daemon, "--config", configPath, "--root", root] + extraArguments
        let command = launcher + daemonArguments
        launched = !launcher.isEmpty
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : "/usr/bin/env")
        process.arguments = command[0].hasPrefix("/") ? Array(command.dropFirst()) : command
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notify.path
        environment["FAKE_XL_DIR"] = xlState
        environment["PIDFILE"] = pidFile
        environment.removeValue(forKey: "JOURNAL_STREAM")
        environment.removeValue(forKey: "WATCHDOG_USEC")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardError = stderrPipe
        process.standardOutput = FileHandle.nullDevice
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.stderrLock.lock()
            self.stderrData.append(data)
            self.stderrLock.unlock()
        }
        try process.run()
        self.process = process
    }

    var stderr: String {
        stderrLock.lock()
        defer { stderrLock.unlock() }
        return String(decoding: stderrData, as: UTF8.self)
    }

    func signal(_ number: Int32) {
        if launched {
            if let text = directory.read("daemon.pid"), let pid = Int32(text) { kill(pid, number) }
        } else if let pid = process?.processIdentifier {
            kill(pid, number)
        }
    }

    var isRunning: Bool { process?.isRunning ?? false }

    /// Waits for the process to exit; returns its status, or nil on timeout.
    func waitForExit(timeout: Double = 10) -> Int32? {
        guard let process else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    /// Waits until `condition` holds (polled), or the timeout passes.
    func eventually(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        stderrPipe.fileHandleForReading.readabilityHandler = nil
    }
}
