/// The figures of `/proc/meminfo` the memory watch uses, in KiB.
///
/// Each is optional: old or unusual kernels lack some (`MemAvailable` appeared in
/// Linux 3.14; a kernel built without swap has no `Swap*` lines), and a missing
/// figure is reported as unknown rather than as zero.
public struct MemInfo: Sendable, Equatable {
    public static let path = "/proc/meminfo"

    public var memTotalKiB: UInt64?
    public var memAvailableKiB: UInt64?
    public var swapTotalKiB: UInt64?
    public var swapFreeKiB: UInt64?

    public init(
        memTotalKiB: UInt64? = nil, memAvailableKiB: UInt64? = nil,
        swapTotalKiB: UInt64? = nil, swapFreeKiB: UInt64? = nil
    ) {
        self.memTotalKiB = memTotalKiB
        self.memAvailableKiB = memAvailableKiB
        self.swapTotalKiB = swapTotalKiB
        self.swapFreeKiB = swapFreeKiB
    }

    /// Swap in use (`SwapTotal - SwapFree`), `nil` when either is unknown.
    public var swapUsedKiB: UInt64? {
        guard let total = swapTotalKiB, let free = swapFreeKiB else { return nil }
        return total > free ? total - free : 0
    }

    /// Stores the figure of `key` when it is one of the four read; `false` for others.
    private mutating func store(_ key: String, _ value: UInt64) -> Bool {
        switch key {
        case "MemTotal": memTotalKiB = value
        case "MemAvailable": memAvailableKiB = value
        case "SwapTotal": swapTotalKiB = value
        case "SwapFree": swapFreeKiB = value
        default: return false
        }
        return true
    }

    /// Parses the text of `/proc/meminfo`.
    ///
    /// Every line must be `Key: value` or `Key: value kB`; the four keys read must carry
    /// `kB`. Missing keys are a normal result (`nil`). Throws ``ProcParseError`` for a
    /// malformed line, a bad number or unit, a repeated key, or text cut short.
    public static func parse(_ text: String) throws(ProcParseError) -> MemInfo {
        var info = MemInfo()
        var seen: Set<String> = []
        for (index, line) in try ProcText.lines(text, file: path).enumerated() {
            let number = index + 1
            if ProcText.fields(line).isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ProcParseError(file: path, line: number, reason: .malformedLine(String(line)))
            }
            let key = line[..<colon]
            guard !key.isEmpty, key.utf8.allSatisfy({ isKeyByte($0) }) else {
                throw ProcParseError(file: path, line: number, reason: .malformedLine(String(line)))
            }
            let name = String(key)
            let rest = ProcText.fields(line[line.index(after: colon)...])
            guard rest.count == 1 || rest.count == 2 else {
                throw ProcParseError(file: path, line: number, field: name, reason: .malformedLine(String(line)))
            }
            guard let value = ProcText.unsigned(rest[0]) else {
                throw ProcParseError(file: path, line: number, field: name, reason: .invalidNumber(String(rest[0])))
            }
            if rest.count == 2, rest[1] != "kB" {
                throw ProcParseError(file: path, line: number, field: name, reason: .unexpectedUnit(String(rest[1])))
            }
            guard seen.insert(name).inserted else {
                throw ProcParseError(file: path, line: number, field: name, reason: .duplicateField)
            }
            guard info.store(name, value) else { continue }
            guard rest.count == 2 else {
                throw ProcParseError(file: path, line: number, field: name, reason: .unexpectedUnit(""))
            }
        }
        return info
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            || byte == 95 || byte == 40 || byte == 41  // _ ( )
    }
}
