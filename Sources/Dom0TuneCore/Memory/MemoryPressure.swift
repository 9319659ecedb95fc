/// One line of a PSI file: the share of time tasks were stalled, averaged over 10 s,
/// 60 s and 300 s (percent), and the total stall time since boot (microseconds).
public struct PressureLine: Sendable, Equatable {
    public var avg10: Double
    public var avg60: Double
    public var avg300: Double
    public var totalMicroseconds: UInt64

    public init(avg10: Double, avg60: Double, avg300: Double, totalMicroseconds: UInt64) {
        self.avg10 = avg10
        self.avg60 = avg60
        self.avg300 = avg300
        self.totalMicroseconds = totalMicroseconds
    }
}

/// `/proc/pressure/memory`: time some tasks (`some`) and all non-idle tasks (`full`)
/// were stalled waiting for memory.
public struct MemoryPressure: Sendable, Equatable {
    public static let path = "/proc/pressure/memory"

    public var some: PressureLine
    /// Absent on kernels that print only the `some` line.
    public var full: PressureLine?

    public init(some: PressureLine, full: PressureLine? = nil) {
        self.some = some
        self.full = full
    }

    /// Parses the text of `/proc/pressure/memory`.
    ///
    /// Each line is `some|full avg10=N avg60=N avg300=N total=N`; the averages are
    /// percentages (0–100) with a decimal point, `total` an unsigned count of µs. Keys
    /// may come in any order; unknown `key=value` pairs are skipped (future kernels).
    /// Throws ``ProcParseError`` when `some` is missing, a line or value is malformed,
    /// a line repeats, or the text is cut short.
    public static func parse(_ text: String) throws(ProcParseError) -> MemoryPressure {
        var some: PressureLine?
        var full: PressureLine?
        for (index, line) in try ProcText.lines(text, file: path).enumerated() {
            let number = index + 1
            let fields = ProcText.fields(line)
            if fields.isEmpty { continue }
            let kind = String(fields[0])
            guard kind == "some" || kind == "full" else {
                throw ProcParseError(file: path, line: number, reason: .malformedLine(String(line)))
            }
            let parsed = try parseLine(fields.dropFirst(), kind: kind, line: number, text: line)
            if kind == "some" {
                guard some == nil else { throw ProcParseError(file: path, line: number, field: kind, reason: .duplicateField) }
                some = parsed
            } else {
                guard full == nil else { throw ProcParseError(file: path, line: number, field: kind, reason: .duplicateField) }
                full = parsed
            }
        }
        guard let some else { throw ProcParseError(file: path, field: "some", reason: .missingField) }
        return MemoryPressure(some: some, full: full)
    }

    private static func parseLine(
        _ pairs: ArraySlice<Substring>, kind: String, line: Int, text: Substring
    ) throws(ProcParseError) -> PressureLine {
        var averages: [String: Double] = [:]
        var total: UInt64?
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "=") else {
                throw ProcParseError(file: path, line: line, field: kind, reason: .malformedLine(String(text)))
            }
            let key = String(pair[..<equals])
            let value = pair[pair.index(after: equals)...]
            let field = "\(kind).\(key)"
            switch key {
            case "avg10", "avg60", "avg300":
                guard let number = ProcText.decimal(value) else {
                    throw ProcParseError(file: path, line: line, field: field, reason: .invalidNumber(String(value)))
                }
                guard number <= 100 else {
                    throw ProcParseError(file: path, line: line, field: field, reason: .outOfRange(String(value)))
                }
                guard averages.updateValue(number, forKey: key) == nil else {
                    throw ProcParseError(file: path, line: line, field: field, reason: .duplicateField)
                }
            case "total":
                guard let number = ProcText.unsigned(value) else {
                    throw ProcParseError(file: path, line: line, field: field, reason: .invalidNumber(String(value)))
                }
                guard total == nil else {
                    throw ProcParseError(file: path, line: line, field: field, reason: .duplicateField)
                }
                total = number
            default:
                continue
            }
        }
        for key in ["avg10", "avg60", "avg300"] where averages[key] == nil {
            throw ProcParseError(file: path, line: line, field: "\(kind).\(key)", reason: .missingField)
        }
        guard let total else { throw ProcParseError(file: path, line: line, field: "\(kind).total", reason: .missingField) }
        return PressureLine(avg10: averages["avg10"]!, avg60: averages["avg60"]!, avg300: averages["avg300"]!, totalMicroseconds: total)
    }
}
