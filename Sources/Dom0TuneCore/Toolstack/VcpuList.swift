/// The output of `xl vcpu-list [DOMAIN…]`:
/// `Name ID VCPU CPU State Time(s) Affinity (Hard / Soft)`, one row per vCPU.
///
/// The affinities are printed by xl's `print_bitmap` (tools/xl/xl_utils.c): `all` when every
/// pCPU of the host is set, `none` when none is, otherwise comma-separated `N` and `N-M`
/// ranges; they are read as ``CPUSet``. An offline vCPU has `-` as CPU and `--p` as state.
/// Rows are read from the right so a domain name containing spaces stays whole.
public struct VcpuList: Sendable, Equatable {
    /// One vCPU row.
    public struct Vcpu: Sendable, Equatable {
        public var name: String
        public var domid: Int
        public var vcpu: Int
        /// The pCPU it runs on; nil when xl prints `-` (vCPU offline).
        public var cpu: Int?
        /// Three flags: r(unning) or `-`, b(locked) or `-`, p (offline) or `-`, e.g. `-b-`.
        public var state: String
        /// CPU time used, in seconds.
        public var time: Double
        public var hardAffinity: CPUSet
        public var softAffinity: CPUSet

        public init(
            name: String, domid: Int, vcpu: Int, cpu: Int?, state: String, time: Double,
            hardAffinity: CPUSet, softAffinity: CPUSet
        ) {
            self.name = name
            self.domid = domid
            self.vcpu = vcpu
            self.cpu = cpu
            self.state = state
            self.time = time
            self.hardAffinity = hardAffinity
            self.softAffinity = softAffinity
        }

        /// Whether the vCPU is online (xl prints a pCPU for it).
        public var isOnline: Bool { cpu != nil }
    }

    public var vcpus: [Vcpu]

    public init(vcpus: [Vcpu]) { self.vcpus = vcpus }

    /// The rows of domain `domid`, in output order.
    public func vcpus(ofDomain domid: Int) -> [Vcpu] { vcpus.filter { $0.domid == domid } }

    static let source = "xl vcpu-list"
    static let stateFlags: [Unicode.Scalar] = ["r", "b", "p"]

    /// Parses `xl vcpu-list` output. A header alone (no domain, or the stdout of a failed
    /// `xl vcpu-list nosuch`) gives an empty list.
    ///
    /// Throws when the header is missing or different, when a row has too few columns, a
    /// malformed number, time, state or affinity, or no name.
    public static func parse(_ text: String) throws(ToolstackParseError) -> VcpuList {
        let lines = ToolstackText.lines(text).filter { !ToolstackText.trimmed($0.text).isEmpty }
        guard let header = lines.first else {
            throw ToolstackParseError(source: source, line: 0, message: "empty output")
        }
        let expected: [Substring] = ["Name", "ID", "VCPU", "CPU", "State", "Time(s)", "Affinity", "(Hard", "/", "Soft)"]
        guard ToolstackText.fields(header.text) == expected else {
            throw ToolstackParseError(source: source, line: header.number, message: "unexpected header")
        }
        var vcpus: [Vcpu] = []
        for line in lines.dropFirst() { vcpus.append(try row(line)) }
        return VcpuList(vcpus: vcpus)
    }

    private static func row(_ line: NumberedLine) throws(ToolstackParseError) -> Vcpu {
        let n = line.number
        guard let (rest, f) = ToolstackText.splitFromRight(line.text, count: 8), !rest.isEmpty, f[6] == "/" else {
            throw ToolstackParseError(
                source: source, line: n, message: "expected \"NAME ID VCPU CPU STATE TIME HARD / SOFT\"")
        }
        let domid = try ToolstackText.int(f[0], field: "ID", source: source, line: n)
        let vcpu = try ToolstackText.int(f[1], field: "VCPU", source: source, line: n)
        let cpu: Int? = f[2] == "-" ? nil : try ToolstackText.int(f[2], field: "CPU", source: source, line: n)
        let scalars = Array(f[3].unicodeScalars)
        guard scalars.count == 3, scalars.indices.allSatisfy({ scalars[$0] == "-" || scalars[$0] == stateFlags[$0] }) else {
            throw ToolstackParseError(source: source, line: n, message: "State is not three flags: \(ToolstackText.excerpt(f[3]))")
        }
        guard let time = ToolstackText.nonNegativeDecimal(f[4]) else {
            throw ToolstackParseError(source: source, line: n, message: "Time(s) is not a number: \(ToolstackText.excerpt(f[4]))")
        }
        let hard = try CPUSet.parse(f[5], source: source, line: n)
        let soft = try CPUSet.parse(f[7], source: source, line: n)
        return Vcpu(
            name: String(rest), domid: domid, vcpu: vcpu, cpu: cpu, state: String(f[3]), time: time,
            hardAffinity: hard, softAffinity: soft)
    }
}
