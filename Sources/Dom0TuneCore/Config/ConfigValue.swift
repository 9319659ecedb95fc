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

    /// A systemd time span: `10`, `10s`, `500ms`, `1min 30s`, `2h`. A bare number is seconds.
    public static func timeSpan(_ text: String) -> Duration? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard !parts.isEmpty else { return nil }
        var total: Duration = .zero
        for part in parts {
            var digits = Substring(part)
            var unit = Substring("")
            if let firstLetter = part.firstIndex(where: { $0.isLetter }) {
                digits = part[..<firstLetter]
                unit = part[firstLetter...]
            }
            guard !digits.isEmpty, let number = Double(digits), number.isFinite, number >= 0, number < 1e9 else {
                return nil
            }
            let seconds: Double
            switch unit {
            case "us", "usec", "µs": seconds = number / 1_000_000
            case "ms", "msec": seconds = number / 1000
            case "", "s", "sec", "second", "seconds": seconds = number
            case "m", "min", "minute", "minutes": seconds = number * 60
            case "h", "hr", "hour", "hours": seconds = number * 3600
            default: return nil
            }
            total += .nanoseconds(Int64((seconds * 1e9).rounded()))
        }
        return total
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
