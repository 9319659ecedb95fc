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
        /// An assignment continued with a trailing `\`; `broken` once a continuation line
        /// was refused, so the whole assignment is dropped.
        var pending: (key: String, value: String, line: Int, broken: Bool)?

        func error(_ line: Int, _ message: String) {
            diagnostics.append(ConfigDiagnostic(file: source.path, line: line, severity: .error, message: message))
        }

        func finish(_ assignment: (key: String, value: String, line: Int, broken: Bool)) {
            guard !assignment.broken else { return }
            guard let section else {
                error(assignment.line, "assignment '\(assignment.key)=' outside of any [Section]")
                return
            }
            assignments.append(
                INIAssignment(
                    section: section, key: assignment.key, value: trim(assignment.value),
                    file: source.path, line: assignment.line))
        }

        // Split on scalars: as Characters, "\r\n" is one grapheme and never equals "\n".
        let lines = source.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = String(String.UnicodeScalarView(rawLine))
            if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
            if offset == 0, line.unicodeScalars.first == "\u{FEFF}" { line.unicodeScalars.removeFirst() }  // a UTF-8 byte order mark
            let hasControlCharacter = line.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }

            if var continuing = pending {
                let stripped = trim(line)
                if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }  // comments inside continuations
                if hasControlCharacter {
                    // The value is unusable: report it here and drop the whole assignment.
                    error(number, "control character in line")
                    continuing.broken = true
                    if line.hasSuffix("\\") { pending = continuing } else { pending = nil }
                    continue
                }
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
            if hasControlCharacter {
                error(number, "control character in line")
                continue
            }

            if stripped.hasPrefix("[") {
                guard stripped.hasSuffix("]"), stripped.count > 2 else {
                    error(number, "malformed section header \(ConfigValue.quoted(stripped))")
                    section = nil
                    continue
                }
                section = trim(String(stripped.dropFirst().dropLast()))
                continue
            }

            guard let equals = stripped.firstIndex(of: "=") else {
                error(number, "expected 'Key=Value', found \(ConfigValue.quoted(stripped))")
                continue
            }
            let key = trim(String(stripped[..<equals]))
            guard !key.isEmpty else {
                error(number, "missing key before '='")
                continue
            }
            let value = String(stripped[stripped.index(after: equals)...])
            if value.hasSuffix("\\") {
                pending = (key, String(value.dropLast()), number, false)
            } else {
                finish((key, value, number, false))
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
