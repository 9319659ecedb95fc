/// Why the text of a `/proc` file could not be read as that file.
///
/// Carries the file it was meant to be, the 1-based line (0 when the problem is the
/// file as a whole) and the field involved, so a log line points at the exact spot.
public struct ProcParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// Nothing at all, or only blank lines.
        case empty
        /// The text does not end with a newline: the kernel always writes one, so the
        /// read was cut short.
        case truncated
        /// A line that does not have the file's shape.
        case malformedLine(String)
        /// A value that is not a number of the expected kind.
        case invalidNumber(String)
        /// A value with a unit other than the expected one.
        case unexpectedUnit(String)
        /// A number outside the range the kernel can print.
        case outOfRange(String)
        /// A field the caller needs is not there.
        case missingField
        /// The same field twice.
        case duplicateField
        /// More text than any real kernel writes (a hostile or runaway file).
        case tooLarge
    }

    /// The file the text was parsed as, e.g. `/proc/vmstat`.
    public var file: String
    /// 1-based line number, 0 when the error is about the file as a whole.
    public var line: Int
    /// The field involved, if any.
    public var field: String?
    public var reason: Reason

    public init(file: String, line: Int = 0, field: String? = nil, reason: Reason) {
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var text = file
        if line > 0 { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        switch reason {
        case .empty: text += "empty"
        case .truncated: text += "truncated (no final newline)"
        case .malformedLine(let l): text += "malformed line '\(ProcText.excerpt(l))'"
        case .invalidNumber(let v): text += "'\(ProcText.excerpt(v))' is not a valid number"
        case .unexpectedUnit(let u): text += "unexpected unit '\(ProcText.excerpt(u))'"
        case .outOfRange(let v): text += "'\(ProcText.excerpt(v))' is out of range"
        case .missingField: text += "missing"
        case .duplicateField: text += "appears twice"
        case .tooLarge: text += "larger than any kernel writes"
        }
        return text
    }
}

/// Helpers shared by the `/proc` parsers.
enum ProcText {
    /// Largest text accepted (real files are a few KiB; /proc/vmstat is the largest at ~5 KiB).
    static let maximumBytes = 256 * 1024

    /// Splits `text` into lines, checking size, emptiness and the final newline.
    static func lines(_ text: String, file: String) throws(ProcParseError) -> [Substring] {
        guard text.utf8.count <= maximumBytes else { throw ProcParseError(file: file, reason: .tooLarge) }
        guard text.contains(where: { !$0.isWhitespace }) else { throw ProcParseError(file: file, reason: .empty) }
        guard text.utf8.last == UInt8(ascii: "\n") else { throw ProcParseError(file: file, reason: .truncated) }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // after the final newline
        return lines
    }

    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// A decimal unsigned integer: ASCII digits only (no sign, no spaces), fitting 64 bits.
    static func unsigned(_ text: Substring) -> UInt64? {
        guard !text.isEmpty, text.utf8.count <= 20, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(text)
    }

    /// A non-negative decimal such as `12.34`: digits, optionally a dot and digits.
    /// Refuses `nan`, `inf`, exponents and signs, which `Double.init` would accept.
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text.utf8.count <= 24 else { return nil }
        var sawDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if sawDot { return nil }
                sawDot = true
            } else if byte >= 48 && byte <= 57 {
                if sawDot { digitsAfter += 1 } else { digitsBefore += 1 }
            } else {
                return nil
            }
        }
        guard digitsBefore > 0, !sawDot || digitsAfter > 0 else { return nil }
        return Double(text)
    }

    /// At most 60 printable characters of `text`, for error messages.
    static func excerpt(_ text: String) -> String { UntrustedText.excerpt(text) }
}
