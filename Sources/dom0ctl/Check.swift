import ArgumentParser
import Dom0TuneCore
import Glibc

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "List every check with its remedy; exits 0/1/2/3 (OK/WARNING/CRITICAL/UNKNOWN).",
        discussion: "Usable as a monitoring plugin (Nagios, Icinga). Exits 3 when the daemon cannot be reached.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Run every check again now instead of showing the latest results.")
    var refresh = false

    func run() throws {
        let call = DaemonCall(options: options)
        var args = JSONObject()
        if refresh { args["refresh"] = .bool(true) }
        let result = try call.run(.check, args: args)
        call.print(result, human: ControlText.check)
        guard let report = CheckReport.parse(result) else {
            printError("the daemon's check result has an unexpected shape")
            throw ExitCode(3)
        }
        if report.severity != .ok { throw ExitCode(report.severity.exitStatus) }
    }
}
