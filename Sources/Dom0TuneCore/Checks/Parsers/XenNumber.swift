/// Xen's `simple_strtoull(s, &end, 0)` and `parse_size_and_unit`, so sizes and counts on
/// the Xen command line mean here exactly what they mean to the hypervisor.
enum XenNumber {
    /// Reads an unsigned number at the start of `text` with C base-0 rules (`0x` hex,
    /// leading `0` octal, else decimal). Returns the value and the unread rest; the value
    /// is `nil` when no digit was read or it overflows.
    static func unsignedPrefix(_ text: Substring) -> (value: UInt64?, rest: Substring) {
        var rest = text
        var base: UInt64 = 10
        if rest.hasPrefix("0x") || rest.hasPrefix("0X"), let third = rest.dropFirst(2).first, third.isHexDigit {
            base = 16
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("0") {
            base = 8
        }
        var value: UInt64 = 0
        var digits = 0
        var overflow = false
        while let character = rest.first, let digit = character.hexDigitValue, UInt64(digit) < base {
            let (product, productOverflow) = value.multipliedReportingOverflow(by: base)
            let (sum, sumOverflow) = product.addingReportingOverflow(UInt64(digit))
            overflow = overflow || productOverflow || sumOverflow
            value = sum
            digits += 1
            rest = rest.dropFirst()
        }
        if digits == 0 { return (nil, text) }
        return (overflow ? nil : value, rest)
    }

    /// `parse_size_and_unit`: a number with an optional `T`/`G`/`M`/`K`/`B` suffix
    /// (either case); without a suffix the number is KiB. A `%` right after the number is
    /// left unread and the bare number returned (Xen's percentage form).
    /// Returns `nil` for no digits or overflow.
    static func sizePrefix(_ text: Substring) -> (bytes: UInt64, isPercent: Bool, rest: Substring)? {
        let (parsed, afterNumber) = unsignedPrefix(text)
        guard let number = parsed else { return nil }
        var rest = afterNumber
        let shift: UInt64
        switch rest.first {
        case "T", "t": shift = 40; rest = rest.dropFirst()
        case "G", "g": shift = 30; rest = rest.dropFirst()
        case "M", "m": shift = 20; rest = rest.dropFirst()
        case "K", "k": shift = 10; rest = rest.dropFirst()
        case "B", "b": shift = 0; rest = rest.dropFirst()
        case "%": return (number, true, rest)
        default: shift = 10
        }
        guard number <= (UInt64.max >> shift) else { return nil }
        return (number << shift, false, rest)
    }

    /// Xen's `parse_bool`: `1/on/yes/true/enable` and `0/no/off/false/disable`.
    static func boolean(_ text: Substring) -> Bool? {
        switch text {
        case "1", "on", "yes", "true", "enable": true
        case "0", "no", "off", "false", "disable": false
        default: nil
        }
    }
}
