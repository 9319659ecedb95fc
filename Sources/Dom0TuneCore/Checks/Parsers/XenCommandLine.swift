/// A Xen hypervisor command line (`xen_commandline` of `xl info`, or the arguments of a
/// GRUB `multiboot2` line), read the way Xen 4.17's `parse_params` reads it: options
/// separated by spaces, `name=value` or a bare `name`, a `no-` prefix negating booleans,
/// names compared exactly, later options overriding earlier ones.
///
/// Only the options dom0tuned audits are interpreted: ``dom0Mem()``,
/// ``dom0MaxVcpus()``, ``dom0VcpusPin()``.
public struct XenCommandLine: Sendable, Equatable, CustomStringConvertible {
    public struct Option: Sendable, Equatable {
        /// The name as written, including a `no-` prefix.
        public var name: String
        /// The text after the first `=`, `nil` for a bare option.
        public var value: String?

        public var text: String { value.map { "\(name)=\($0)" } ?? name }
    }

    /// Xen copies each option into a 128-byte buffer and drops the rest.
    public static let maximumOptionLength = 127

    public var options: [Option]

    /// Splits `text` into options. Never fails: a command line is just words; what the
    /// words mean is checked by the accessors.
    public init(_ text: some StringProtocol) {
        var options: [Option] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            var bytes = Array(word.utf8)
            if bytes.count > Self.maximumOptionLength { bytes.removeLast(bytes.count - Self.maximumOptionLength) }
            let truncated = String(decoding: bytes, as: UTF8.self)
            if let equals = truncated.firstIndex(of: "=") {
                options.append(
                    Option(name: String(truncated[..<equals]), value: String(truncated[truncated.index(after: equals)...])))
            } else {
                options.append(Option(name: truncated, value: nil))
            }
        }
        self.options = options
    }

    public init(options: [Option]) { self.options = options }

    public var description: String { options.map(\.text).joined(separator: " ") }

    /// Whether any option (or its `no-` form) has this name.
    public func mentions(_ name: String) -> Bool {
        options.contains { $0.name == name || $0.name == "no-" + name }
    }

    /// `dom0_mem=`, all occurrences applied in order; `nil` when absent.
    /// - Throws: ``InputParseError`` when Xen would refuse a value.
    public func dom0Mem() throws(InputParseError) -> Dom0MemSpec? {
        var spec: Dom0MemSpec?
        for option in options where option.name == "dom0_mem" || option.name == "no-dom0_mem" {
            guard option.name == "dom0_mem", let value = option.value, !value.isEmpty else {
                throw InputParseError(source: "dom0_mem", message: "'\(option.text)' has no size")
            }
            var next = spec ?? Dom0MemSpec()
            try next.apply(value)
            spec = next
        }
        return spec
    }

    /// `dom0_max_vcpus=`, all occurrences applied in order; `nil` when absent.
    /// - Throws: ``InputParseError`` when Xen would refuse a value.
    public func dom0MaxVcpus() throws(InputParseError) -> Dom0MaxVcpusSpec? {
        var spec: Dom0MaxVcpusSpec?
        for option in options where option.name == "dom0_max_vcpus" || option.name == "no-dom0_max_vcpus" {
            guard option.name == "dom0_max_vcpus", let value = option.value else {
                throw InputParseError(source: "dom0_max_vcpus", message: "'\(option.text)' has no count")
            }
            var next = spec ?? Dom0MaxVcpusSpec()
            try next.apply(value)
            spec = next
        }
        return spec
    }

    /// `dom0_vcpus_pin` (a Xen boolean: bare, `=1/on/yes/true/enable`, `=0/no/off/false/disable`,
    /// or `no-dom0_vcpus_pin`); `false` when absent, as in Xen.
    /// - Throws: ``InputParseError`` for a value that is not a boolean (Xen ignores that
    ///   option and keeps the previous setting; the error says so).
    public func dom0VcpusPin() throws(InputParseError) -> Bool {
        try boolean("dom0_vcpus_pin", default: false)
    }

    /// Any Xen boolean option, read as Xen's `OPT_BOOL` does.
    public func boolean(_ name: String, default defaultValue: Bool) throws(InputParseError) -> Bool {
        var result = defaultValue
        for option in options {
            let positive: Bool
            if option.name == name {
                positive = true
            } else if option.name == "no-" + name {
                positive = false
            } else {
                continue
            }
            guard let value = option.value, !value.isEmpty else {
                result = positive
                continue
            }
            guard let parsed = XenNumber.boolean(Substring(value)) else {
                throw InputParseError(source: name, message: "'\(option.text)' is not a boolean")
            }
            result = parsed ? positive : !positive
        }
        return result
    }

    /// The same command line with every `name` (and `no-name`) option removed and
    /// `replacement` (e.g. `dom0_vcpus_pin` or `dom0_mem=512M,max:512M`) appended, or
    /// just removed when `replacement` is `nil`. Used to write remedies.
    public func replacing(_ name: String, with replacement: String?) -> XenCommandLine {
        var options = self.options.filter { $0.name != name && $0.name != "no-" + name }
        if let replacement { options.append(contentsOf: XenCommandLine(replacement).options) }
        return XenCommandLine(options: options)
    }
}
