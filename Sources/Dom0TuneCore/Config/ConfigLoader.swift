/// Builds a ``Config`` from the main file and its drop-ins, in the order given
/// (the host layer passes the main file first, then drop-ins in lexical order, so
/// later assignments win).
public enum ConfigLoader {
    public struct Result: Sendable {
        /// The config, or `nil` when any diagnostic is an error.
        public var config: Config?
        public var diagnostics: [ConfigDiagnostic]
        public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    public static func load(_ sources: [ConfigSource]) -> Result {
        var config = Config()
        var diagnostics: [ConfigDiagnostic] = []
        let knownSections = Set(ConfigSchema.sectionDocumentation.map(\.name))
        for source in sources {
            let parsed = INIParser.parse(source)
            diagnostics += parsed.diagnostics
            for assignment in parsed.assignments {
                guard
                    let key = ConfigSchema.keys.first(where: {
                        $0.section == assignment.section && $0.name == assignment.key
                    })
                else {
                    let what = knownSections.contains(assignment.section)
                        ? "unknown key '\(assignment.key)' in [\(assignment.section)], ignored"
                        : "unknown section [\(assignment.section)], '\(assignment.key)=' ignored"
                    diagnostics.append(
                        ConfigDiagnostic(file: assignment.file, line: assignment.line, severity: .warning, message: what))
                    continue
                }
                if let problem = key.apply(&config, assignment.value) {
                    diagnostics.append(
                        ConfigDiagnostic(file: assignment.file, line: assignment.line, severity: .error, message: problem))
                }
            }
        }
        // Cross-key rules, reported against the last file read.
        if config.memory.pressureStall > config.memory.pressureWindow, let last = sources.last {
            diagnostics.append(
                ConfigDiagnostic(
                    file: last.path, line: 0, severity: .error,
                    message: "PressureStallSec= must not be longer than PressureWindowSec="))
        }
        let failed = diagnostics.contains { $0.severity == .error }
        return Result(config: failed ? nil : config, diagnostics: diagnostics)
    }

    /// Loads or throws ``ConfigError``; warnings are returned beside the config.
    public static func require(_ sources: [ConfigSource]) throws(ConfigError) -> (Config, [ConfigDiagnostic]) {
        let result = load(sources)
        guard let config = result.config else { throw ConfigError(diagnostics: result.diagnostics) }
        return (config, result.warnings)
    }
}
