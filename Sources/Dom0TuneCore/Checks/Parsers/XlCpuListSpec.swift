/// One CPU list as xl.cfg(5) and xl.conf(5) write it: `"all"`, `"0-3,5,^1"`,
/// `"nodes:0"`, `"node:1-2,^3"`. Terms apply left to right; `^` removes.
///
/// Parsing keeps the terms; ``resolve(allCPUs:nodeCPUs:)`` turns them into plain pCPU
/// numbers once the host's CPUs (and NUMA nodes, for `nodes:`) are known.
public struct XlCpuListSpec: Sendable, Equatable, CustomStringConvertible {
    public enum Range: Sendable, Equatable {
        case all
        case cpus(ClosedRange<Int>)
        case nodes(ClosedRange<Int>)
    }

    public struct Term: Sendable, Equatable {
        public var excluded: Bool
        public var range: Range
    }

    public var terms: [Term]
    /// The text as written (for evidence and remedies).
    public var text: String

    /// CPU and node numbers above this are refused: Xen's NR_CPUS is at most 4096,
    /// and hostile input such as `0-4294967295` must not allocate a giant set.
    public static let maximumIndex = 16_383

    public var description: String { text }

    /// Parses one list.
    /// - Throws: ``InputParseError`` naming the bad term.
    public init(parsing text: String, source: String = "cpu list") throws(InputParseError) {
        self.text = text
        var terms: [Term] = []
        let trimmed = Substring(text).trimmingBlanks()
        if trimmed.isEmpty {
            throw InputParseError(source: source, message: "empty CPU list")
        }
        for rawTerm in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            var term = rawTerm.trimmingBlanks()
            guard !term.isEmpty else {
                throw InputParseError(source: source, message: "empty term in CPU list '\(text)'")
            }
            var excluded = false
            if term.first == "^" {
                excluded = true
                term = term.dropFirst()
            }
            if term == "all" {
                terms.append(Term(excluded: excluded, range: .all))
            } else if term.hasPrefix("nodes:") || term.hasPrefix("node:") {
                let numbers = term.drop(while: { $0 != ":" }).dropFirst()
                let range = try Self.range(numbers, in: text, source: source)
                terms.append(Term(excluded: excluded, range: .nodes(range)))
            } else {
                let range = try Self.range(term, in: text, source: source)
                terms.append(Term(excluded: excluded, range: .cpus(range)))
            }
        }
        self.terms = terms
    }

    /// The pCPUs this list selects on a host with `allCPUs`, where node `n` holds
    /// `nodeCPUs[n]`. CPUs outside `allCPUs` are dropped, as xl does.
    /// - Throws: ``InputParseError`` when a node is named that `nodeCPUs` does not know.
    public func resolve(allCPUs: Set<Int>, nodeCPUs: [Int: Set<Int>]) throws(InputParseError) -> Set<Int> {
        var result = Set<Int>()
        for term in terms {
            var selected = Set<Int>()
            switch term.range {
            case .all:
                selected = allCPUs
            case .cpus(let range):
                for cpu in range where allCPUs.contains(cpu) { selected.insert(cpu) }
            case .nodes(let range):
                for node in range {
                    guard let cpus = nodeCPUs[node] else {
                        throw InputParseError(source: "cpu list", message: "NUMA node \(node) in '\(text)' is not known on this host")
                    }
                    selected.formUnion(cpus)
                }
            }
            if term.excluded { result.subtract(selected) } else { result.formUnion(selected) }
        }
        return result
    }

    private static func range(_ text: Substring, in whole: String, source: String) throws(InputParseError) -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let low = number(parts[0]),
            let high = parts.count == 2 ? number(parts[1]) : low
        else {
            throw InputParseError(source: source, message: "'\(text)' in CPU list '\(whole)' is not a number or range")
        }
        guard low <= high else {
            throw InputParseError(source: source, message: "range '\(text)' in CPU list '\(whole)' is reversed")
        }
        guard high <= maximumIndex else {
            throw InputParseError(source: source, message: "'\(text)' in CPU list '\(whole)' exceeds \(maximumIndex)")
        }
        return low...high
    }

    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}

extension Set where Element == Int {
    /// Compact text such as `0-3,5` (`none` when empty), the form xl prints.
    public var cpuListText: String {
        let sorted = self.sorted()
        guard var start = sorted.first else { return "none" }
        var previous = start
        var parts: [String] = []
        for cpu in sorted.dropFirst() {
            if cpu == previous + 1 { previous = cpu; continue }
            parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
            start = cpu
            previous = cpu
        }
        parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
        return parts.joined(separator: ",")
    }
}
