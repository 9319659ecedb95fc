/// A configuration or command output that could not be understood, located by the
/// source it came from (a path or a command) and, when known, the line.
///
/// Every parser behind the audit checks throws this; a check that meets one reports
/// `unknown` (or names the unparsable line in its evidence) instead of guessing.
public struct InputParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the text came from: a path such as `/etc/xen/xl.conf`, or `xl info`.
    public var source: String
    /// 1-based line number, 0 when the problem concerns the whole text or a single value.
    public var line: Int
    public var message: String

    public init(source: String, line: Int = 0, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    /// `source:line: message`, the form compilers use.
    public var description: String { line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)" }
}
