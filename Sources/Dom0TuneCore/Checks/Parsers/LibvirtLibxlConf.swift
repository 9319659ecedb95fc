/// libvirt's `/etc/libvirt/libxl.conf`: its own `autoballoon` (libvirt balloons dom0
/// for guests it starts). Unset means libvirt applies xl's rule to the Xen command line.
public struct LibvirtLibxlConf: Sendable, Equatable {
    public static let path = "/etc/libvirt/libxl.conf"

    /// `nil` when unset (automatic).
    public var autoballoon: Bool?
    public var autoballoonLine: Int?

    /// - Throws: ``InputParseError`` for a syntax error or a non-boolean value.
    public init(parsing text: String, source: String = LibvirtLibxlConf.path) throws(InputParseError) {
        let file = try XlConfigFile(parsing: text, source: source)
        guard let setting = file["autoballoon"] else { return }
        autoballoonLine = setting.line
        switch setting.value.atom {
        case "1": autoballoon = true
        case "0": autoballoon = false
        default:
            throw InputParseError(source: source, line: setting.line, message: "autoballoon must be 0 or 1")
        }
    }

    public func ballooningEnabled(xenCommandLine: String) -> Bool {
        autoballoon ?? !XlAutoballoonRule.commandLineFixesDom0Memory(xenCommandLine)
    }
}
