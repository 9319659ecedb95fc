/// One `Key=Value` assignment as written, with where it was written.
public struct INIAssignment: Sendable, Equatable {
    public var section: String
    public var key: String
    public var value: String
    public var file: String
    public var line: Int
}

/// The text of one configuration file, read by the host layer.
public struct ConfigSource: Sendable, Equatable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// Parses systemd-style INI (as journald.conf): `[Section]` headers, `Key=Value` lines,
/// `#` and `;` comment lines, a trailing `\` continues a value on the next line.
///
/// Syntax problems are returned as error diagnostics; parsing continues so every
/// problem in a file is reported at once.
public enum INIParser {
    public static func parse(_ source: ConfigSource) -> (assignments: [INIAssignment], diagnostics: [ConfigDiagnostic]) {
        var assignments: [INIAssignment] = []
        var diagnostics: [ConfigDiagnostic] = []
        var section: String?
        var pending: (key: String, value: String, line: Int)?

        func error(_ line: Int, _ message: String) {
            diagnostics.append(ConfigDiagnostic(file: source.path, line: line, severity: .error, message: message))
        }

        func finish(_ assignment: (key: String, value: String, line: Int)) {
            guard let section else {
                error(assignment.line, "assignment '\(assignment.key)=' outside of any [Section]")
                return
            }
            assignments.append(
                INIAssignment(
                    section: section, key: assignment.key, value: trim(assignment.value),
                    file: source.path, line: assignment.line))
        }

        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }

            if var continuing = pending {
                let stripped = trim(line)
                if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }  // comments inside continuations
                if line.hasSuffix("\\") {
                    continuing.value += " " + String(line.dropLast())
                    pending = continuing
                } else {
                    continuing.value += " " + line
                    pending = nil
                    finish(continuing)
                }
                continue
            }

            let stripped = trim(line)
            if stripped.isEmpty || stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }
            if stripped.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) {
                error(number, "control character in line")
                continue
            }

            if stripped.hasPrefix("[") {
                guard stripped.hasSuffix("]"), stripped.count > 2 else {
                    error(number, "malformed section header '\(stripped)'")
                    section = nil
                    continue
                }
                section = trim(String(stripped.dropFirst().dropLast()))
                continue
            }

            guard let equals = stripped.firstIndex(of: "=") else {
                error(number, "expected 'Key=Value', found '\(stripped)'")
                continue
            }
            let key = trim(String(stripped[..<equals]))
            guard !key.isEmpty else {
                error(number, "missing key before '='")
                continue
            }
            let value = String(stripped[stripped.index(after: equals)...])
            if value.hasSuffix("\\") {
                pending = (key, String(value.dropLast()), number)
            } else {
                finish((key, value, number))
            }
        }
        if let pending { finish(pending) }  // a continuation at end of file ends there
        return (assignments, diagnostics)
    }

    static func trim(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
