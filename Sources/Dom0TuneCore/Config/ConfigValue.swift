/// Parsers for the value syntaxes systemd-style configuration uses. Each returns
/// `nil` when the text is not valid; the caller turns that into a located error.
public enum ConfigValue {
    /// A decimal integer within `range`.
    public static func integer(_ text: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = Int(text), range.contains(value) else { return nil }
        return value
    }

    /// systemd's boolean spellings.
    public static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "yes", "y", "true", "t", "on": return true
        case "0", "no", "n", "false", "f", "off": return false
        default: return nil
        }
    }

    /// A systemd time span: `10`, `10s`, `500ms`, `1min 30s`, `1min30s`, `2h`. A bare number
    /// is seconds; blanks may separate the parts and a number from its unit. Spans of
    /// 10⁹ seconds (about 31 years) or more are refused rather than overflowing.
    public static func timeSpan(_ text: String) -> Duration? {
        let characters = Array(text)
        var index = 0
        func skipBlanks() {
            while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        }
        var total: Duration = .zero
        var parts = 0
        skipBlanks()
        while index < characters.count {
            let numberStart = index
            while index < characters.count, ("0"..."9").contains(characters[index]) || characters[index] == "." { index += 1 }
            guard index > numberStart, let number = Double(String(characters[numberStart..<index])), number.isFinite
            else { return nil }
            skipBlanks()
            let unitStart = index
            while index < characters.count, characters[index].isLetter { index += 1 }
            guard let unitSeconds = secondsPerUnit(String(characters[unitStart..<index])) else { return nil }
            let seconds = number * unitSeconds
            guard seconds < maxTimeSpanSeconds else { return nil }
            total += .nanoseconds(Int64((seconds * 1e9).rounded()))
            guard total < .seconds(maxTimeSpanSeconds) else { return nil }
            parts += 1
            skipBlanks()
        }
        return parts > 0 ? total : nil
    }

    /// Longest accepted time span, in seconds; keeps every conversion far from `Int64.max`.
    static let maxTimeSpanSeconds: Double = 1e9

    private static func secondsPerUnit(_ unit: String) -> Double? {
        switch unit {
        case "us", "usec", "µs", "μs": 1e-6
        case "ms", "msec": 1e-3
        case "", "s", "sec", "second", "seconds": 1
        case "m", "min", "minute", "minutes": 60
        case "h", "hr", "hour", "hours": 3600
        default: nil
        }
    }

    /// Untrusted text quoted for a diagnostic: at most 60 characters, control characters
    /// shown as `?`, so a megabyte of garbage gives a one-line message.
    public static func quoted(_ text: String) -> String {
        "'" + UntrustedText.excerpt(text) + "'"
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let c = components
        return c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
    }

    /// Whole microseconds, rounded down.
    public var microseconds: Int64 {
        let c = components
        return c.seconds * 1_000_000 + c.attoseconds / 1_000_000_000_000
    }
}
