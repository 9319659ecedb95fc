/// The output of `xl info`: one `key : value` pair per line.
///
/// Every field is kept (key and value trimmed; values may contain `:` and may be empty, as
/// `xen_changeset` is). Line order does not matter and unknown keys are kept. The typed
/// accessors are checked while parsing, so a number that is present but malformed or too
/// large is a parse error rather than a silent nil.
public struct XlInfo: Sendable, Equatable {
    /// One `key : value` line.
    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// The fields in output order.
    public private(set) var fields: [Field]

    /// `nr_cpus`: the number of pCPUs.
    public private(set) var nrCpus: Int?
    /// `total_memory`, in MiB.
    public private(set) var totalMemoryMiB: Int?
    /// `free_memory`, in MiB.
    public private(set) var freeMemoryMiB: Int?

    /// Builds the value from fields, checking the typed ones like `parse` does.
    public init(fields: [Field]) throws(ToolstackParseError) {
        self.fields = []
        for (index, field) in fields.enumerated() { try add(field, line: index + 1) }
    }

    private init() { fields = [] }

    /// The value of `key` (the first one if xl ever printed a key twice), nil when absent.
    public subscript(key: String) -> String? {
        fields.first(where: { $0.key == key })?.value
    }

    /// `xen_scheduler`: the scheduler Xen booted with (`sched=` on its command line, the
    /// default pool's scheduler).
    public var xenScheduler: XenScheduler? {
        guard let name = self["xen_scheduler"], !name.isEmpty else { return nil }
        return XenScheduler(name: name)
    }

    /// `xen_commandline`: the command line the running Xen booted with (trimmed: xl prints a
    /// trailing space).
    public var xenCommandline: String? { self["xen_commandline"] }

    /// `xen_version` (e.g. `4.17.7`), or `xen_major.xen_minor` + `xen_extra` when only those
    /// are present.
    public var xenVersion: String? {
        if let version = self["xen_version"], !version.isEmpty { return version }
        guard let major = self["xen_major"], let minor = self["xen_minor"] else { return nil }
        return "\(major).\(minor)\(self["xen_extra"] ?? "")"
    }

    /// Parses `xl info` output.
    ///
    /// Blank lines are skipped. Throws when a line has no `:` or an empty key, when
    /// `nr_cpus`, `total_memory` or `free_memory` is not a non-negative integer that fits
    /// `Int`, and when there is no field at all.
    public static func parse(_ text: String) throws(ToolstackParseError) -> XlInfo {
        var info = XlInfo()
        for line in ToolstackText.lines(text) {
            let body = ToolstackText.trimmed(line.text)
            if body.isEmpty { continue }
            // Split at the first colon: values (hw_caps, cc_compile_date) contain colons.
            let parts = ToolstackText.split(body, where: { $0 == UInt8(ascii: ":") }, omittingEmpty: false, maxSplits: 1)
            guard parts.count == 2 else {
                throw ToolstackParseError(source: source, line: line.number, message: "expected \"key : value\"")
            }
            let key = ToolstackText.trimmed(parts[0])
            guard !key.isEmpty else {
                throw ToolstackParseError(source: source, line: line.number, message: "empty key")
            }
            let value = ToolstackText.trimmed(parts[1])
            try info.add(Field(key: String(key), value: String(value)), line: line.number)
        }
        guard !info.fields.isEmpty else {
            throw ToolstackParseError(source: source, line: 0, message: "no fields")
        }
        return info
    }

    static let source = "xl info"

    private mutating func add(_ field: Field, line: Int) throws(ToolstackParseError) {
        let isFirst = self[field.key] == nil
        fields.append(field)
        guard isFirst else { return }
        let number = { () throws(ToolstackParseError) -> Int in
            try ToolstackText.int(Substring(field.value), field: field.key, source: Self.source, line: line)
        }
        switch field.key {
        case "nr_cpus": nrCpus = try number()
        case "total_memory": totalMemoryMiB = try number()
        case "free_memory": freeMemoryMiB = try number()
        default: break
        }
    }
}
