/// The output of `xl sched-credit` and `xl sched-credit2`: per-pool scheduler parameter lines
/// and per-domain weight and cap rows.
///
/// Covers every form xl 4.17 prints for these two commands:
/// - no option: for each pool with this scheduler, `Cpupool NAME: PARAMS`, the header
///   `Name ID Weight Cap`, then that pool's domains (several pools in turn);
/// - `-d DOMAIN`: the header and one row, no pool line;
/// - `-s`: only the pool line;
/// - nothing at all: no pool uses this scheduler (e.g. `xl sched-credit` on a credit2 host).
///
/// Rows are read from the right (cap, weight, id), so a domain name containing spaces stays
/// whole.
public struct SchedParamsTable: Sendable, Equatable {
    /// One `Cpupool NAME: PARAMS` line.
    public struct Pool: Sendable, Equatable {
        /// The cpupool name, e.g. `Pool-0`.
        public var name: String
        /// The text after the colon, e.g. `tslice=30ms ratelimit=1000us migration-delay=0us`
        /// or `[sched params unavailable]`.
        public var rawParameters: String
        /// The `key=value` words of `rawParameters`, values as printed (`1000us`).
        public var parameters: [String: String]

        public init(name: String, rawParameters: String, parameters: [String: String]) {
            self.name = name
            self.rawParameters = rawParameters
            self.parameters = parameters
        }

        /// Whether xl could not read the pool's parameters (`[sched params unavailable]`).
        public var parametersUnavailable: Bool { rawParameters == "[sched params unavailable]" }
    }

    /// One domain row.
    public struct Domain: Sendable, Equatable {
        public var name: String
        public var id: Int
        public var weight: Int
        public var cap: Int
        /// The pool whose `Cpupool` line preceded this row; nil with `-d` (no pool line).
        public var pool: String?

        public init(name: String, id: Int, weight: Int, cap: Int, pool: String? = nil) {
            self.name = name
            self.id = id
            self.weight = weight
            self.cap = cap
            self.pool = pool
        }
    }

    public var pools: [Pool]
    public var domains: [Domain]

    public init(pools: [Pool] = [], domains: [Domain] = []) {
        self.pools = pools
        self.domains = domains
    }

    /// The first row for the domain named `name`.
    public func domain(named name: String) -> Domain? { domains.first { $0.name == name } }

    /// The first row for domain id `id`.
    public func domain(id: Int) -> Domain? { domains.first { $0.id == id } }

    /// The pool line for `name`.
    public func pool(named name: String) -> Pool? { pools.first { $0.name == name } }

    static let source = "xl sched-credit(2)"

    /// Parses the output of `xl sched-credit` or `xl sched-credit2` (any of the forms above).
    ///
    /// Empty output is a normal result (no pool uses that scheduler). Throws when a domain
    /// row comes before a header, when a header is not `Name ID Weight Cap` (e.g. rtds's
    /// `Period Budget` table), when a row lacks a name or has a field that is not a
    /// non-negative integer fitting `Int`, and for a `Cpupool` line without a colon.
    public static func parse(_ text: String) throws(ToolstackParseError) -> SchedParamsTable {
        var table = SchedParamsTable()
        var currentPool: String?
        var inTable = false
        for line in ToolstackText.lines(text) {
            let body = ToolstackText.trimmed(line.text)
            if body.isEmpty { continue }
            if body.hasPrefix("Cpupool ") || body.hasPrefix("Cpupool\t") {
                let pool = try parsePoolLine(body, line: line.number)
                table.pools.append(pool)
                currentPool = pool.name
                inTable = false
                continue
            }
            let fields = ToolstackText.fields(body)
            if fields.first == "Name" {
                guard fields == ["Name", "ID", "Weight", "Cap"] else {
                    throw ToolstackParseError(
                        source: source, line: line.number, message: "unexpected header (not Name ID Weight Cap)")
                }
                inTable = true
                continue
            }
            guard inTable else {
                throw ToolstackParseError(source: source, line: line.number, message: "domain row before the header")
            }
            table.domains.append(try parseRow(body, pool: currentPool, line: line.number))
        }
        return table
    }

    private static func parsePoolLine(_ body: Substring, line: Int) throws(ToolstackParseError) -> Pool {
        let afterWord = ToolstackText.trimmed(body.dropFirst("Cpupool".count))
        // Parameters never contain a colon, so the last one ends the pool name.
        guard let colon = afterWord.lastIndex(of: ":") else {
            throw ToolstackParseError(source: source, line: line, message: "Cpupool line without a colon")
        }
        let name = ToolstackText.trimmed(afterWord[..<colon])
        guard !name.isEmpty else {
            throw ToolstackParseError(source: source, line: line, message: "Cpupool line without a pool name")
        }
        let raw = ToolstackText.trimmed(afterWord[afterWord.index(after: colon)...])
        var parameters: [String: String] = [:]
        for word in ToolstackText.fields(raw) {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { continue }
            parameters[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return Pool(name: String(name), rawParameters: String(raw), parameters: parameters)
    }

    private static func parseRow(_ body: Substring, pool: String?, line: Int) throws(ToolstackParseError) -> Domain {
        guard let (rest, fields) = ToolstackText.splitFromRight(body, count: 3), !rest.isEmpty else {
            throw ToolstackParseError(source: source, line: line, message: "expected \"NAME ID WEIGHT CAP\"")
        }
        let id = try ToolstackText.int(fields[0], field: "ID", source: source, line: line)
        let weight = try ToolstackText.int(fields[1], field: "Weight", source: source, line: line)
        let cap = try ToolstackText.int(fields[2], field: "Cap", source: source, line: line)
        return Domain(name: String(rest), id: id, weight: weight, cap: cap, pool: pool)
    }
}
