/// The daemon's command line, parsed. `dom0tuned [--config FILE] [--root DIR]`,
/// `dom0tuned check …` (parsed by the check command itself), `--version`.
/// `--help` and `--render-doc` are handled before this (see DocumentationCommand).
public enum DaemonArguments: Sendable, Equatable {
    case run(configPath: String?, root: String)
    case check(arguments: [String])
    case version

    public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func parse(_ arguments: [String]) throws(UsageError) -> DaemonArguments {
        if arguments.first == "check" { return .check(arguments: Array(arguments.dropFirst())) }
        if arguments == ["--version"] { return .version }
        var configPath: String?
        var root = "/"
        var index = 0
        func value(for option: String) throws(UsageError) -> String {
            index += 1
            guard index < arguments.count, !arguments[index].isEmpty else {
                throw UsageError(message: "\(option) needs a value")
            }
            return arguments[index]
        }
        /// `--option=value`: an empty value is as wrong as a missing one.
        func attached(_ argument: String, _ option: String) throws(UsageError) -> String {
            let value = String(argument.dropFirst(option.count + 1))
            guard !value.isEmpty else { throw UsageError(message: "\(option) needs a value") }
            return value
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--config": configPath = try value(for: argument)
            case "--root": root = try value(for: argument)
            default:
                if argument.hasPrefix("--config=") {
                    configPath = try attached(argument, "--config")
                } else if argument.hasPrefix("--root=") {
                    root = try attached(argument, "--root")
                } else {
                    throw UsageError(message: "unknown argument '\(argument)' (see --help)")
                }
            }
            index += 1
        }
        guard root.hasPrefix("/") else { throw UsageError(message: "--root needs an absolute path, not '\(root)'") }
        return .run(configPath: configPath, root: root)
    }

    /// The config file for a run: `--config`, else `/etc/dom0tuned.conf` below the root.
    public static func configPath(explicit: String?, root: String) -> (path: String, required: Bool) {
        if let explicit { return (explicit, true) }
        let base = root == "/" ? "" : (root.hasSuffix("/") ? String(root.dropLast()) : root)
        return (base + Config.defaultPath, false)
    }
}
