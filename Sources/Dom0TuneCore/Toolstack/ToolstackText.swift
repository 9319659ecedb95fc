// Shared, internal helpers for the line- and column-oriented output of xl.

/// One line of command output with its 1-based number; a trailing `\r` (CRLF output) is gone.
struct NumberedLine {
    var number: Int
    var text: Substring
}

enum ToolstackText {
    /// Splits output into lines at `\n`, dropping the `\r` of CRLF endings; a final newline
    /// does not make an extra empty line. Works on Unicode scalars because Swift treats
    /// `\r\n` as one `Character`.
    static func lines(_ text: String) -> [NumberedLine] {
        let scalars = text.unicodeScalars
        var result: [NumberedLine] = []
        var start = scalars.startIndex
        var index = start
        func append(_ end: String.UnicodeScalarView.Index) {
            var end = end
            if end > start, scalars[scalars.index(before: end)] == "\r" { end = scalars.index(before: end) }
            result.append(NumberedLine(number: result.count + 1, text: Substring(scalars[start..<end])))
        }
        while index < scalars.endIndex {
            if scalars[index] == "\n" {
                append(index)
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        if start < scalars.endIndex { append(scalars.endIndex) }
        return result
    }

    static func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" }

    /// The text without leading and trailing spaces and tabs (and a stray `\r`).
    static func trimmed(_ text: Substring) -> Substring {
        var s = text
        while let first = s.first, isBlank(first) || first == "\r" { s = s.dropFirst() }
        while let last = s.last, isBlank(last) || last == "\r" { s = s.dropLast() }
        return s
    }

    /// Splits at runs of spaces and tabs.
    static func fields(_ text: Substring) -> [Substring] {
        text.split(whereSeparator: { isBlank($0) })
    }

    /// Removes the last whitespace-separated field: returns it and the text before it
    /// (with trailing blanks removed), or nil when nothing is left.
    static func popLastField(_ text: Substring) -> (rest: Substring, field: Substring)? {
        let body = trimmed(text)
        guard !body.isEmpty else { return nil }
        if let blank = body.lastIndex(where: { isBlank($0) }) {
            let field = body[body.index(after: blank)...]
            return (trimmed(body[..<blank]), field)
        }
        return (body[body.endIndex...], body)
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
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "?"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return "\"" + out + "\""
    }
}
