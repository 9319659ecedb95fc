/// The settings of `/etc/xen/xl.conf` that the audit reads: `autoballoon` and the global
/// vCPU hard-affinity masks `vm.cpumask`, `vm.pv.cpumask`, `vm.hvm.cpumask`.
public struct XlConf: Sendable, Equatable {
    public static let path = "/etc/xen/xl.conf"

    public enum Autoballoon: String, Sendable, Equatable {
        case on, off, auto
    }

    public struct Mask: Sendable, Equatable {
        public var key: String
        public var spec: XlCpuListSpec
        public var line: Int
    }

    /// `nil` when the file does not set it (xl's default is `auto`).
    public var autoballoon: Autoballoon?
    public var autoballoonLine: Int?
    /// The value as written when xl would refuse it (xl then keeps `auto`).
    public var invalidAutoballoon: String?
    public var cpumask: Mask?
    public var pvCpumask: Mask?
    public var hvmCpumask: Mask?

    public init() {}

    /// - Throws: ``InputParseError`` for a syntax error or a mask that is not a CPU list.
    public init(parsing text: String, source: String = XlConf.path) throws(InputParseError) {
        let file = try XlConfigFile(parsing: text, source: source)
        if let setting = file["autoballoon"] {
            autoballoonLine = setting.line
            switch setting.value.atom {
            case "on", "1": autoballoon = .on
            case "off", "0": autoballoon = .off
            case "auto": autoballoon = .auto
            default:
                invalidAutoballoon = setting.value.atom ?? "a list"
            }
        }
        func mask(_ key: String) throws(InputParseError) -> Mask? {
            guard let setting = file[key] else { return nil }
            guard let text = setting.value.atom else {
                throw InputParseError(source: source, line: setting.line, message: "\(key) must be a string")
            }
            do {
                return Mask(key: key, spec: try XlCpuListSpec(parsing: text, source: key), line: setting.line)
            } catch {
                throw InputParseError(source: source, line: setting.line, message: error.message)
            }
        }
        cpumask = try mask("vm.cpumask")
        pvCpumask = try mask("vm.pv.cpumask")
        hvmCpumask = try mask("vm.hvm.cpumask")
    }

    /// Whether xl balloons dom0 down to make room for guests, given the running Xen
    /// command line (needed only for `auto`, xl's default).
    public func ballooningEnabled(xenCommandLine: String) -> Bool {
        switch autoballoon ?? .auto {
        case .on: true
        case .off: false
        case .auto: !XlAutoballoonRule.commandLineFixesDom0Memory(xenCommandLine)
        }
    }
}
