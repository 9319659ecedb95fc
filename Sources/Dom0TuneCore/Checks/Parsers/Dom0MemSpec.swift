/// The x86 `dom0_mem=` option, as Xen 4.17 reads it:
/// `List of ( min:<sz> | max:<sz> | <sz> )` where `<sz>` is `[-]<size>`,
/// `[-]<frac>%` or `[-]<size>+<frac>%` (`<frac>` below 100; a size without suffix is KiB;
/// a leading `-` subtracts from the host's available memory).
///
/// Several `dom0_mem=` options accumulate: each sets only the parts it names.
public struct Dom0MemSpec: Sendable, Equatable, CustomStringConvertible {
    /// One `<sz>`: an absolute part plus a percentage of the host's memory, or the host's
    /// memory minus that when `minus` is set.
    public struct Amount: Sendable, Equatable, CustomStringConvertible {
        /// Whole 4 KiB pages (Xen drops the remainder).
        public var pages: UInt64
        public var percent: Int
        public var minus: Bool

        public init(pages: UInt64, percent: Int = 0, minus: Bool = false) {
            self.pages = pages
            self.percent = percent
            self.minus = minus
        }

        public init(mebibytes: UInt64) { self.init(pages: mebibytes * 256) }

        /// The pages this amount gives on a host with `availablePages`, as Xen's
        /// `get_memsize` computes it.
        public func resolvedPages(availablePages: UInt64) -> UInt64 {
            let (scaled, overflow) = UInt64(percent).multipliedReportingOverflow(by: availablePages)
            let share = overflow ? availablePages : scaled / 100
            let pages = self.pages &+ share
            return minus ? (availablePages > pages ? availablePages - pages : 0) : pages
        }

        /// Whether the amount is the same on every host (no percentage, not subtracted).
        public var isAbsolute: Bool { percent == 0 && !minus }

        /// Short text such as `512M`, `1G+25%` or `-1G`.
        public var description: String {
            var parts: [String] = []
            if pages > 0 || percent == 0 { parts.append(Self.sizeText(pages: pages)) }
            if percent > 0 { parts.append("\(percent)%") }
            return (minus ? "-" : "") + parts.joined(separator: "+")
        }

        static func sizeText(pages: UInt64) -> String {
            let kib = pages * 4
            if kib > 0, kib % (1 << 20) == 0 { return "\(kib >> 20)G" }
            if kib % 1024 == 0 { return "\(kib >> 10)M" }
            return "\(kib)K"
        }
    }

    /// `<sz>`: dom0's initial memory (absent: all memory minus a reserve).
    public var size: Amount?
    /// `min:<sz>`.
    public var min: Amount?
    /// `max:<sz>`: also the most dom0 can balloon up to (absent: unlimited).
    public var max: Amount?

    public init(size: Amount? = nil, min: Amount? = nil, max: Amount? = nil) {
        self.size = size
        self.min = min
        self.max = max
    }

    /// Parses one option value and applies it on top of `self` (Xen keeps parts set by
    /// earlier `dom0_mem=` options).
    /// - Throws: ``InputParseError`` where Xen would print "parameter has invalid value".
    public mutating func apply(_ value: String) throws(InputParseError) {
        var rest = Substring(value)
        var updated = self
        repeat {
            if rest.hasPrefix("min:") {
                updated.min = try Self.amount(&rest, skipping: 4, value: value)
            } else if rest.hasPrefix("max:") {
                updated.max = try Self.amount(&rest, skipping: 4, value: value)
            } else {
                updated.size = try Self.amount(&rest, skipping: 0, value: value)
            }
            guard let next = rest.first else { break }
            guard next == "," else {
                throw InputParseError(source: "dom0_mem", message: "unexpected '\(rest)' in '\(value)'")
            }
            rest = rest.dropFirst()
        } while true
        self = updated
    }

    public init(parsing value: String) throws(InputParseError) {
        self.init()
        try apply(value)
    }

    private static func amount(_ text: inout Substring, skipping count: Int, value: String) throws(InputParseError) -> Amount {
        var rest = text.dropFirst(count)
        var amount = Amount(pages: 0)
        if rest.first == "-" {
            amount.minus = true
            rest = rest.dropFirst()
        }
        var items = 0
        while true {
            guard let first = rest.first, first.isASCII, first.isNumber,
                let (number, isPercent, after) = XenNumber.sizePrefix(rest)
            else {
                throw InputParseError(source: "dom0_mem", message: "'\(text)' in '\(value)' is not a size")
            }
            rest = after
            if isPercent {
                guard number < 100 else {
                    throw InputParseError(source: "dom0_mem", message: "percentage \(number)% in '\(value)' must be below 100")
                }
                amount.percent = Int(number)
                rest = rest.dropFirst()
                items = 2
            } else {
                guard items == 0 else {
                    throw InputParseError(source: "dom0_mem", message: "a size must come before the percentage in '\(value)'")
                }
                amount.pages = number >> 12
                items = 1
            }
            if rest.first == "+" && items < 2 {
                rest = rest.dropFirst()
                continue
            }
            break
        }
        if let next = rest.first, next != "," {
            throw InputParseError(source: "dom0_mem", message: "unexpected '\(rest)' in '\(value)'")
        }
        text = rest
        return amount
    }

    /// dom0's initial pages: `size` (or everything minus Xen's reserve) kept within
    /// `min` and `max`, on a host with `availablePages`.
    public func initialPages(availablePages: UInt64) -> UInt64 {
        var pages: UInt64
        if let size {
            pages = size.resolvedPages(availablePages: availablePages)
        } else {
            let reserve = Swift.min(availablePages / 16, 128 * 256)
            pages = availablePages - reserve
        }
        if let min { pages = Swift.max(pages, min.resolvedPages(availablePages: availablePages)) }
        if let max { pages = Swift.min(pages, max.resolvedPages(availablePages: availablePages)) }
        return pages
    }

    /// Whether dom0's memory is fixed as the Xen Project advises: a size and a `max:`
    /// that give the same amount (a size above `max:` is not: Xen quietly cuts it).
    /// `availablePages` is needed only when the two are written differently and one is
    /// relative to the host; without it such a spec answers `nil` (cannot tell).
    public func isFixed(availablePages: UInt64?) -> Bool? {
        guard let size, let max else { return false }
        if size == max { return true }
        if size.isAbsolute && max.isAbsolute { return size.pages == max.pages }
        guard let availablePages else { return nil }
        return size.resolvedPages(availablePages: availablePages) == max.resolvedPages(availablePages: availablePages)
    }

    /// The value as it could be written back: `512M,max:512M`.
    public var description: String {
        var parts: [String] = []
        if let size { parts.append(size.description) }
        if let min { parts.append("min:\(min)") }
        if let max { parts.append("max:\(max)") }
        return parts.joined(separator: ",")
    }
}
