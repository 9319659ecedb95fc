/// The content of `/proc/xen/capabilities`: `control_d` in a Xen control domain (dom0),
/// empty in a guest.
public struct XenCapabilities: Sendable, Equatable {
    /// The capability words, in order (separated by commas and/or whitespace).
    public var capabilities: [String]

    public init(capabilities: [String]) { self.capabilities = capabilities }

    /// Whether this kernel runs in Xen's control domain: the list contains `control_d`.
    /// An empty file (a domU) is not a control domain.
    public var isControlDomain: Bool { capabilities.contains("control_d") }

    /// Splits the file into capability words. Never fails: unexpected content is simply a
    /// list without `control_d`.
    public static func parse(_ text: String) -> XenCapabilities {
        let words = text.unicodeScalars.split(whereSeparator: {
            $0 == "," || $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r"
        })
        return XenCapabilities(capabilities: words.map { String(String.UnicodeScalarView($0)) })
    }
}
