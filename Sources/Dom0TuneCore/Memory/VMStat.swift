/// The counters of `/proc/vmstat`: one `name value` pair per line.
///
/// The memory watch needs `pswpin` and `pswpout` (pages swapped in and out since
/// boot); every other counter is kept too, by name, for evidence and metrics.
public struct VMStat: Sendable, Equatable {
    public static let path = "/proc/vmstat"

    /// Every counter in the file, by name.
    public var counters: [String: UInt64]

    /// Pages read in from swap since boot.
    public var pagesSwappedIn: UInt64
    /// Pages written out to swap since boot.
    public var pagesSwappedOut: UInt64

    public init(counters: [String: UInt64]) throws(ProcParseError) {
        guard let swappedIn = counters["pswpin"] else {
            throw ProcParseError(file: Self.path, field: "pswpin", reason: .missingField)
        }
        guard let swappedOut = counters["pswpout"] else {
            throw ProcParseError(file: Self.path, field: "pswpout", reason: .missingField)
        }
        self.counters = counters
        self.pagesSwappedIn = swappedIn
        self.pagesSwappedOut = swappedOut
    }

    /// A counter by name, `nil` when this kernel does not have it.
    public subscript(name: String) -> UInt64? { counters[name] }

    /// Parses the text of `/proc/vmstat`.
    ///
    /// Throws ``ProcParseError`` when a line is not `name value` (name of `[a-z0-9_]`,
    /// value an unsigned decimal), a name repeats, the text is cut short (no final
    /// newline) or `pswpin`/`pswpout` are missing (a kernel without swap support).
    public static func parse(_ text: String) throws(ProcParseError) -> VMStat {
        var counters: [String: UInt64] = [:]
        for (index, line) in try ProcText.lines(text, file: path).enumerated() {
            let number = index + 1
            let fields = ProcText.fields(line)
            if fields.isEmpty { continue }
            guard fields.count == 2,
                fields[0].utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 })
            else { throw ProcParseError(file: path, line: number, reason: .malformedLine(String(line))) }
            let name = String(fields[0])
            guard let value = ProcText.unsigned(fields[1]) else {
                throw ProcParseError(file: path, line: number, field: name, reason: .invalidNumber(String(fields[1])))
            }
            guard counters.updateValue(value, forKey: name) == nil else {
                throw ProcParseError(file: path, line: number, field: name, reason: .duplicateField)
            }
        }
        return try VMStat(counters: counters)
    }
}
