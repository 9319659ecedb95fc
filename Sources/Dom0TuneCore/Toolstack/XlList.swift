/// The output of plain `xl list`: `Name ID Mem VCPUs State Time(s)`.
///
/// xl separates the columns with spaces and, around `State`, tabs in the header; rows are
/// read from the right so a domain name containing spaces stays whole.
public struct XlList: Sendable, Equatable {
    /// One domain row.
    public struct Domain: Sendable, Equatable {
        public var name: String
        public var id: Int
        /// Current memory, in MiB.
        public var memMiB: Int
        /// Online vCPUs.
        public var vcpus: Int
        /// Six flags as xl prints them, `-` when unset: r(unning), b(locked), p(aused),
        /// s(hutdown), c(rashed), d(ying), e.g. `r-----`.
        public var state: String
        /// CPU time used, in seconds.
        public var time: Double

        public init(name: String, id: Int, memMiB: Int, vcpus: Int, state: String, time: Double) {
            self.name = name
            self.id = id
            self.memMiB = memMiB
            self.vcpus = vcpus
            self.state = state
            self.time = time
        }
    }

    public var domains: [Domain]

    public init(domains: [Domain]) { self.domains = domains }

    /// The first row for the domain named `name`.
    public func domain(named name: String) -> Domain? { domains.first { $0.name == name } }

    /// The row for domain id `id`.
    public func domain(id: Int) -> Domain? { domains.first { $0.id == id } }

    static let source = "xl list"
    static let stateFlags: [Unicode.Scalar] = ["r", "b", "p", "s", "c", "d"]

    /// Parses `xl list` output.
    ///
    /// Throws when the header is missing or different (e.g. `xl list -v`), when a row has
    /// too few columns, a malformed number or time, or a state that is not six flags.
    public static func parse(_ text: String) throws(ToolstackParseError) -> XlList {
        let lines = ToolstackText.lines(text).filter { !ToolstackText.trimmed($0.text).isEmpty }
        guard let header = lines.first else {
            throw ToolstackParseError(source: source, line: 0, message: "empty output")
        }
        guard ToolstackText.fields(header.text) == ["Name", "ID", "Mem", "VCPUs", "State", "Time(s)"] else {
            throw ToolstackParseError(source: source, line: header.number, message: "unexpected header")
        }
        var domains: [Domain] = []
        for line in lines.dropFirst() {
            guard let (rest, fields) = ToolstackText.splitFromRight(line.text, count: 5), !rest.isEmpty else {
                throw ToolstackParseError(
                    source: source, line: line.number, message: "expected \"NAME ID MEM VCPUS STATE TIME\"")
            }
            let id = try ToolstackText.int(fields[0], field: "ID", source: source, line: line.number)
            let mem = try ToolstackText.int(fields[1], field: "Mem", source: source, line: line.number)
            let vcpus = try ToolstackText.int(fields[2], field: "VCPUs", source: source, line: line.number)
            let state = fields[3]
            let scalars = Array(state.unicodeScalars)
            guard scalars.count == 6, scalars.indices.allSatisfy({ scalars[$0] == "-" || scalars[$0] == stateFlags[$0] })
            else {
                throw ToolstackParseError(
                    source: source, line: line.number, message: "State is not six flags: \(ToolstackText.excerpt(state))")
            }
            guard let time = ToolstackText.nonNegativeDecimal(fields[4]) else {
                throw ToolstackParseError(
                    source: source, line: line.number, message: "Time(s) is not a number: \(ToolstackText.excerpt(fields[4]))")
            }
            domains.append(
                Domain(name: String(rest), id: id, memMiB: mem, vcpus: vcpus, state: String(state), time: time))
        }
        return XlList(domains: domains)
    }
}
