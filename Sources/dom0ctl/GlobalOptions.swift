import ArgumentParser

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The daemon's control socket (default: [Control] Socket= from /etc/dom0tuned.conf, else /run/dom0tuned/control.sock).",
            valueName: "path"),
        completion: .file())
    var socket: String?

    @Flag(help: "Print the daemon's raw result as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Seconds to wait for the daemon's answer.", valueName: "seconds"))
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds") }
    }
}
