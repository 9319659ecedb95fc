/// Untrusted text (a config value, a line of xl or /proc output) made fit for a
/// one-line message: shortened, control characters shown as `?`, so a megabyte of
/// garbage still gives a readable diagnostic. Shared by every parser's errors.
public enum UntrustedText {
    /// At most `limit` characters of `text`, then `…` if it was cut.
    public static func excerpt<S: StringProtocol>(_ text: S, limit: Int = 60) -> String {
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
        return out
    }
}
