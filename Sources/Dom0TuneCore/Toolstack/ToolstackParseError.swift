/// Output of a toolstack command (or a file such as `/proc/xen/capabilities`) that could not
/// be understood, located by line.
///
/// Every parser in this folder throws this error and never traps, whatever the input.
public struct ToolstackParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command or file whose output was parsed, e.g. `xl info` or `xl list -l`.
    public var source: String
    /// 1-based line number in that output; 0 when the error concerns the output as a whole.
    public var line: Int
    /// What was wrong, in a few words (never the whole offending line: it may be huge).
    public var message: String

    public init(source: String, line: Int, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `xl info: line 3: message`, or `xl info: message` for the whole output.
    public var description: String {
        line > 0 ? "\(source): line \(line): \(message)" : "\(source): \(message)"
    }
}
