// Shared, internal helpers for the line- and column-oriented output of xl.

/// One line of command output with its 1-based number; a trailing `\r` (CRLF output) is gone.
struct NumberedLine {
    var number: Int
    var text: Substring
}

enum ToolstackText {
    /// Runs `body` on the UTF-8 bytes of `text` (without copying when the storage is
    /// contiguous, which it is for native strings).
    ///
    /// All scanning here works on UTF-8 bytes, not Characters: Swift treats `\r\n` as one
    /// `Character`, grapheme breaking is slow on hostile megabyte lines, and every separator
    /// xl uses (newline, space, tab, comma, dash, colon) is a single ASCII byte, so byte
    /// positions next to them are valid string boundaries.
    static func withBytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    /// The slice of `text` between two byte offsets.
    static func slice(_ text: Substring, _ from: Int, _ to: Int) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: from)
        return text[start..<utf8.index(start, offsetBy: to - from)]
    }

    /// Splits output into lines at `\n`, dropping the `\r` of CRLF endings; a final newline
    /// does not make an extra empty line.
    static func lines(_ text: String) -> [NumberedLine] {
        let text = Substring(text)
        let ranges = withBytes(text) { bytes -> [(Int, Int)] in
            var ranges: [(Int, Int)] = []
            var start = 0
            func append(_ end: Int) {
                var end = end
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                ranges.append((start, end))
            }
            for i in 0..<bytes.count where bytes[i] == 0x0A {
                append(i)
                start = i + 1
            }
            if start < bytes.count { append(bytes.count) }
            return ranges
        }
        return ranges.enumerated().map { NumberedLine(number: $0.offset + 1, text: slice(text, $0.element.0, $0.element.1)) }
    }

    static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    private static func isSpace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == 0x0D || byte == 0x0A }

    /// The text without leading and trailing spaces, tabs, `\r` and `\n`.
    static func trimmed(_ text: Substring) -> Substring {
        let (from, to) = withBytes(text) { bytes -> (Int, Int) in
            var from = 0
            var to = bytes.count
            while from < to, isSpace(bytes[from]) { from += 1 }
            while to > from, isSpace(bytes[to - 1]) { to -= 1 }
            return (from, to)
        }
        return slice(text, from, to)
    }

    /// Splits at runs of spaces and tabs.
    static func fields(_ text: Substring) -> [Substring] {
        split(text, where: isBlank, omittingEmpty: true)
    }

    /// Splits at every byte matching `isSeparator` (single-byte ASCII separators only).
    static func split(
        _ text: Substring, where isSeparator: (UInt8) -> Bool, omittingEmpty: Bool, maxSplits: Int = Int.max
    ) -> [Substring] {
        let ranges = withBytes(text) { bytes -> [(Int, Int)] in
            var ranges: [(Int, Int)] = []
            var start = 0
            for i in 0..<bytes.count where isSeparator(bytes[i]) && ranges.count < maxSplits {
                if !(omittingEmpty && i == start) { ranges.append((start, i)) }
                start = i + 1
            }
            if !(omittingEmpty && start == bytes.count) { ranges.append((start, bytes.count)) }
            return ranges
        }
        return ranges.map { slice(text, $0.0, $0.1) }
    }

    /// Removes the last whitespace-separated field: returns it and the text before it
    /// (with trailing blanks removed), or nil when nothing is left.
    static func popLastField(_ text: Substring) -> (rest: Substring, field: Substring)? {
        let body = trimmed(text)
        guard !body.isEmpty else { return nil }
        let blank = withBytes(body) { bytes -> Int? in
            var i = bytes.count - 1
            while i >= 0 {
                if isBlank(bytes[i]) { return i }
                i -= 1
            }
            return nil
        }
        guard let blank else { return (body[body.endIndex...], body) }
        return (trimmed(slice(body, 0, blank)), slice(body, blank + 1, body.utf8.count))
    }

    /// Takes `count` fields off the right of a row; the rest (possibly containing spaces, such
    /// as a domain name) is returned first. Nil when there are fewer fields than requested.
    static func splitFromRight(_ text: Substring, count: Int) -> (rest: Substring, fields: [Substring])? {
        var rest = text
        var fields: [Substring] = []
        for _ in 0..<count {
            guard let (before, field) = popLastField(rest) else { return nil }
            fields.insert(field, at: 0)
            rest = before
        }
        return (rest, fields)
    }

    enum NumberProblem: Error { case notANumber, outOfRange }

    /// A non-negative decimal integer made only of ASCII digits (no sign, no spaces).
    static func nonNegativeInt(_ text: Substring) -> Result<Int, NumberProblem> {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return .failure(.notANumber)
        }
        guard let value = Int(text) else { return .failure(.outOfRange) }
        return .success(value)
    }

    /// A non-negative decimal such as `39.8` (digits, at most one dot), as xl prints times.
    static func nonNegativeDecimal(_ text: Substring) -> Double? {
        var dots = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                dots += 1
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else {
                return nil
            }
        }
        guard dots <= 1, digits > 0, digits <= 30, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Parses a non-negative integer field or throws an error naming the field and line.
    static func int(
        _ text: Substring, field: String, source: String, line: Int, max: Int = Int.max
    ) throws(ToolstackParseError) -> Int {
        switch nonNegativeInt(text) {
        case .success(let value) where value <= max:
            return value
        case .success, .failure(.outOfRange):
            throw ToolstackParseError(source: source, line: line, message: "\(field) out of range: \(excerpt(text))")
        case .failure(.notANumber):
            throw ToolstackParseError(source: source, line: line, message: "\(field) is not a number: \(excerpt(text))")
        }
    }

    /// A short, printable excerpt of untrusted text for error messages and logs.
    static func excerpt(_ text: Substring, limit: Int = 60) -> String {
        "\"" + UntrustedText.excerpt(text, limit: limit) + "\""
    }
}
