/// One finding while reading the configuration, located by file and line
/// (line 0 when it concerns the whole file).
public struct ConfigDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case warning, error }

    public var file: String
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    /// `file:line: message`, the form compilers and systemd use.
    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// A configuration that could not be accepted: at least one diagnostic is an error.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [ConfigDiagnostic]
    public init(diagnostics: [ConfigDiagnostic]) { self.diagnostics = diagnostics }
    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
