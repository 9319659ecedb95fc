/// Legacy xend's `/etc/xen/xend-config.sxp`: the two settings that let xend balloon
/// dom0, `(enable-dom0-ballooning yes|no)` and `(dom0-min-mem MiB)` (0: never balloon).
public struct XendConfig: Sendable, Equatable {
    public static let path = "/etc/xen/xend-config.sxp"

    public var enableDom0Ballooning: String?
    public var enableDom0BallooningLine: Int?
    public var dom0MinMem: Int?
    public var dom0MinMemLine: Int?

    /// Whether xend would balloon dom0 (its defaults: ballooning on, 196 MiB floor).
    public var ballooningEnabled: Bool {
        if let value = enableDom0Ballooning, ["no", "false", "0", "off"].contains(value) { return false }
        if dom0MinMem == 0 { return false }
        return true
    }

    /// Reads top-level `(name value)` lines; other lines and `#` comments are skipped.
    /// - Throws: ``InputParseError`` when one of the two settings has a malformed value.
    public init(parsing text: String, source: String = XendConfig.path) throws(InputParseError) {
        for (index, raw) in text.lineList().enumerated() {
            let line = raw.trimmingBlanks()
            guard line.hasPrefix("("), !line.hasPrefix("#") else { continue }
            var body = line.dropFirst()
            if let comment = body.firstIndex(of: "#") { body = body[..<comment] }
            body = body.trimmingBlanks()
            guard body.hasSuffix(")") else { continue }
            let words = body.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count == 2 else { continue }
            let value = String(words[1]).trimmingQuotes()
            switch words[0] {
            case "enable-dom0-ballooning":
                enableDom0Ballooning = value
                enableDom0BallooningLine = index + 1
            case "dom0-min-mem":
                guard let megabytes = Int(value), megabytes >= 0 else {
                    throw InputParseError(source: source, line: index + 1, message: "dom0-min-mem must be MiB, not '\(value)'")
                }
                dom0MinMem = megabytes
                dom0MinMemLine = index + 1
            default:
                continue
            }
        }
    }
}

extension String {
    func trimmingQuotes() -> String {
        if count >= 2, let first, first == last, first == "'" || first == "\"" { return String(dropFirst().dropLast()) }
        return self
    }
}
