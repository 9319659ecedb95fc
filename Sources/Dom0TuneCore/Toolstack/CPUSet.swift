/// A set of physical CPU numbers as xl prints it: `all`, `none`, or ranges such as `0-3,5`.
///
/// `all` is kept symbolic because xl prints it for "every CPU of the host" without saying
/// how many there are; `resolved(cpuCount:)` turns it into numbers when the count is known.
/// The members are stored as sorted, disjoint, non-adjacent closed ranges, so a hostile
/// `0-60000` costs one range, not 60 001 integers.
public struct CPUSet: Sendable, Hashable, CustomStringConvertible {
    /// The highest pCPU number accepted when parsing. Xen's own limit (`NR_CPUS`) is 4095 on
    /// x86 builds; this leaves room while refusing absurd input.
    public static let maxCPU = 65_535

    private enum Storage: Sendable, Hashable {
        case all
        case ranges([ClosedRange<Int>])
    }

    private var storage: Storage

    /// Every pCPU of the host.
    public static let all = CPUSet(storage: .all)
    /// No pCPU (xl prints `none`).
    public static let none = CPUSet(storage: .ranges([]))

    private init(storage: Storage) { self.storage = storage }

    /// The set of the given CPU numbers (negative numbers are ignored).
    public init<S: Sequence>(_ cpus: S) where S.Element == Int {
        self.init(ranges: cpus.filter { $0 >= 0 }.map { $0...$0 })
    }

    /// The union of the given ranges (parts below 0 are ignored).
    public init(ranges: [ClosedRange<Int>]) {
        var sorted = ranges.compactMap { range -> ClosedRange<Int>? in
            guard range.upperBound >= 0 else { return nil }
            return max(range.lowerBound, 0)...range.upperBound
        }
        sorted.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Int>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound || range.lowerBound - 1 == last.upperBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        storage = .ranges(merged)
    }

    /// Whether this is the symbolic "every CPU".
    public var isAll: Bool { storage == .all }

    /// Whether no CPU is in the set (`all` is never empty).
    public var isEmpty: Bool { ranges?.isEmpty ?? false }

    /// The members as sorted, disjoint ranges; nil for `all`.
    public var ranges: [ClosedRange<Int>]? {
        if case .ranges(let ranges) = storage { return ranges }
        return nil
    }

    /// The members in increasing order; nil for `all`.
    public var cpus: [Int]? { ranges.map { $0.flatMap { Array($0) } } }

    /// The number of members; nil for `all`.
    public var count: Int? { ranges.map { $0.reduce(0) { $0 + $1.count } } }

    /// Whether `cpu` is in the set (`all` contains every non-negative number).
    public func contains(_ cpu: Int) -> Bool {
        switch storage {
        case .all: return cpu >= 0
        case .ranges(let ranges): return ranges.contains { $0.contains(cpu) }
        }
    }

    /// The CPUs in both sets; `all` is the identity.
    public func intersection(_ other: CPUSet) -> CPUSet {
        guard let mine = ranges else { return other }
        guard let theirs = other.ranges else { return self }
        var result: [ClosedRange<Int>] = []
        var i = 0
        var j = 0
        while i < mine.count && j < theirs.count {
            let low = max(mine[i].lowerBound, theirs[j].lowerBound)
            let high = min(mine[i].upperBound, theirs[j].upperBound)
            if low <= high { result.append(low...high) }
            if mine[i].upperBound < theirs[j].upperBound { i += 1 } else { j += 1 }
        }
        return CPUSet(ranges: result)
    }

    /// The CPUs in either set; `all` absorbs everything.
    public func union(_ other: CPUSet) -> CPUSet {
        guard let mine = ranges, let theirs = other.ranges else { return .all }
        return CPUSet(ranges: mine + theirs)
    }

    /// `all` made concrete for a host with `cpuCount` pCPUs (0…cpuCount-1); other sets are
    /// returned unchanged.
    public func resolved(cpuCount: Int) -> CPUSet {
        guard isAll else { return self }
        return cpuCount > 0 ? CPUSet(ranges: [0...(cpuCount - 1)]) : .none
    }

    /// xl's printed form: `all`, `none`, or `0-3,5` (a range when it spans more than one CPU),
    /// the form `print_bitmap` in xl_utils.c writes.
    public var description: String {
        guard let ranges else { return "all" }
        if ranges.isEmpty { return "none" }
        return ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }

    /// Parses xl's printed form: `all`, `none`, or comma-separated `N` / `N-M` items
    /// (surrounding blanks allowed).
    ///
    /// Throws for anything else, for a reversed range, and for a CPU above ``maxCPU``.
    public static func parse(_ text: String, source: String = "cpu list", line: Int = 0)
        throws(ToolstackParseError) -> CPUSet
    {
        try parse(Substring(text), source: source, line: line)
    }

    static func parse(_ text: Substring, source: String, line: Int) throws(ToolstackParseError) -> CPUSet {
        let body = ToolstackText.trimmed(text)
        if body == "all" { return .all }
        if body == "none" { return .none }
        guard !body.isEmpty else {
            throw ToolstackParseError(source: source, line: line, message: "empty cpu list")
        }
        var ranges: [ClosedRange<Int>] = []
        for item in ToolstackText.split(body, where: { $0 == UInt8(ascii: ",") }, omittingEmpty: false) {
            let item = ToolstackText.trimmed(item)
            let bounds = ToolstackText.split(item, where: { $0 == UInt8(ascii: "-") }, omittingEmpty: false, maxSplits: 1)
            let low = try ToolstackText.int(bounds[0], field: "cpu", source: source, line: line, max: maxCPU)
            var high = low
            if bounds.count == 2 {
                high = try ToolstackText.int(bounds[1], field: "cpu", source: source, line: line, max: maxCPU)
            }
            guard low <= high else {
                throw ToolstackParseError(
                    source: source, line: line, message: "reversed cpu range \(ToolstackText.excerpt(item))")
            }
            ranges.append(low...high)
        }
        return CPUSet(ranges: ranges)
    }
}
