import ArgumentParser
import Dom0TuneCore
import Dom0TuneHost
import Glibc

/// One request to the daemon with the error handling every subcommand shares: clear
/// messages on stderr, and the exit status for each way it can fail.
struct DaemonCall {
    /// Exit status when the daemon cannot be reached (UNKNOWN in plugin terms).
    static let unreachable = ExitCode(3)
    /// Exit status when the daemon answered with an error.
    static let refused = ExitCode(1)

    let options: GlobalOptions

    /// Sends `command` and returns its result, or prints why not and throws the exit status
    /// (`unreachableStatus` when no answer came back).
    func run(_ command: ControlCommand, args: JSONObject = JSONObject(), unreachableStatus: ExitCode = unreachable) throws -> JSONValue {
        let settings = LocalSettings.load()
        let path = options.socket ?? settings.socket
        let client = ControlClient(path: path, timeout: .milliseconds(Int64(options.timeout * 1000)))
        let response: ControlResponse
        do {
            response = try client.send(ControlRequest(command, args: args))
        } catch {
            printError(Self.explain(error, group: settings.group))
            throw unreachableStatus
        }
        switch response {
        case .success(let result):
            return result
        case .failure(let error):
            var message = "dom0tuned refused '\(command)': \(error.message) [\(error.code)]"
            if error.code == .permissionDenied { message += "\nRun it as root, e.g.: sudo dom0ctl \(command)" }
            printError(message)
            throw command == .check ? unreachableStatus : Self.refused
        }
    }

    static func explain(_ error: ControlClientError, group: String) -> String {
        switch error {
        case .notRunning(let path):
            "dom0tuned is not running: nothing answers on \(path).\nStart it with: systemctl start dom0tuned"
        case .permissionDenied(let path):
            "permission denied on \(path).\nRun as root, or as a member of group '\(group)' (the [Control] Group= setting)."
        default:
            "\(error)"
        }
    }

    /// Prints the result as JSON (`--json`) or through `human`.
    func print(_ result: JSONValue, human: (JSONValue) -> String) {
        let text = options.json ? result.prettySerialized() + "\n" : human(result)
        writeAll(STDOUT_FILENO, text)
    }
}

func printError(_ message: String) {
    writeAll(STDERR_FILENO, "dom0ctl: " + message + "\n")
}

/// Writes all of `text` to `fd` (stdio's `stdout` is not usable from Swift 6 strict code).
func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        bytes = bytes.dropFirst(n)
    }
}
