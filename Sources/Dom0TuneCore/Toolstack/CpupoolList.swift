/// The output of `xl cpupool-list` (`Name CPUs Sched Active Domain count`) or of
/// `xl cpupool-list -c` (`Name CPU list`).
///
/// xl prints the name left-aligned in 19 columns; rows are read from the right so a pool
/// name containing spaces stays whole. Which form was parsed is told by the header.
public struct CpupoolList: Sendable, Equatable {
    /// One pool. The plain form fills `cpuCount`, `scheduler`, `active`, `domainCount`;
    /// the `-c` form fills `cpus` (and `cpuCount` from it).
    public struct Pool: Sendable, Equatable {
        public var name: String
        /// The number of pCPUs in the pool.
        public var cpuCount: Int
        /// The pool's scheduler; nil in the `-c` form.
        public var scheduler: XenScheduler?
        /// The `Active` column (xl 4.17 always prints `y`); nil in the `-c` form.
        public var active: Bool?
        /// The number of domains in the pool; nil in the `-c` form.
        public var domainCount: Int?
        /// The pool's pCPUs; nil in the plain form.
        public var cpus: CPUSet?

        public init(
            name: String, cpuCount: Int, scheduler: XenScheduler? = nil, active: Bool? = nil,
            domainCount: Int? = nil, cpus: CPUSet? = nil
        ) {
            self.name = name
            self.cpuCount = cpuCount
            self.scheduler = scheduler
            self.active = active
            self.domainCount = domainCount
            self.cpus = cpus
        }
    }

    /// Which of xl's two layouts the output had.
    public enum Form: Sendable, Equatable {
        /// `xl cpupool-list`.
        case summary
        /// `xl cpupool-list -c`.
        case cpuList
    }

    public var form: Form
    public var pools: [Pool]

    public init(form: Form, pools: [Pool]) {
        self.form = form
        self.pools = pools
    }

    /// The pool named `name`.
    public func pool(named name: String) -> Pool? { pools.first { $0.name == name } }

    static let source = "xl cpupool-list"

    /// Parses either form of `xl cpupool-list`.
    ///
    /// Throws when the first non-blank line is not one of the two headers, when a row has
    /// too few columns or a malformed number, `Active` flag or CPU list.
    public static func parse(_ text: String) throws(ToolstackParseError) -> CpupoolList {
        let lines = ToolstackText.lines(text).filter { !ToolstackText.trimmed($0.text).isEmpty }
        guard let header = lines.first else {
            throw ToolstackParseError(source: source, line: 0, message: "empty output")
        }
        let headerFields = ToolstackText.fields(header.text)
        let form: Form
        if headerFields == ["Name", "CPUs", "Sched", "Active", "Domain", "count"] {
            form = .summary
        } else if headerFields == ["Name", "CPU", "list"] {
            form = .cpuList
        } else {
            throw ToolstackParseError(source: source, line: header.number, message: "unexpected header")
        }
        var pools: [Pool] = []
        for line in lines.dropFirst() {
            switch form {
            case .summary: pools.append(try summaryRow(line))
            case .cpuList: pools.append(try cpuListRow(line))
            }
        }
        return CpupoolList(form: form, pools: pools)
    }

    private static func summaryRow(_ line: NumberedLine) throws(ToolstackParseError) -> Pool {
        guard let (rest, fields) = ToolstackText.splitFromRight(line.text, count: 4), !rest.isEmpty else {
            throw ToolstackParseError(
                source: source, line: line.number, message: "expected \"NAME CPUS SCHED ACTIVE DOMAINS\"")
        }
        let cpuCount = try ToolstackText.int(fields[0], field: "CPUs", source: source, line: line.number)
        let active: Bool
        switch fields[2] {
        case "y": active = true
        case "n": active = false
        default:
            throw ToolstackParseError(
                source: source, line: line.number,
                message: "Active is not y or n: \(ToolstackText.excerpt(fields[2]))")
        }
        let domains = try ToolstackText.int(fields[3], field: "Domain count", source: source, line: line.number)
        return Pool(
            name: String(ToolstackText.trimmed(rest)), cpuCount: cpuCount,
            scheduler: XenScheduler(name: String(fields[1])), active: active, domainCount: domains)
    }

    private static func cpuListRow(_ line: NumberedLine) throws(ToolstackParseError) -> Pool {
        // A pool without CPUs prints only its name.
        let body = ToolstackText.trimmed(line.text)
        guard let (rest, last) = ToolstackText.popLastField(body), !rest.isEmpty else {
            return Pool(name: String(body), cpuCount: 0, cpus: CPUSet.none)
        }
        let cpus = try CPUSet.parse(last, source: source, line: line.number)
        return Pool(name: String(rest), cpuCount: cpus.count ?? 0, cpus: cpus)
    }
}
