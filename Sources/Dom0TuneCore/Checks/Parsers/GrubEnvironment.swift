/// `/boot/grub/grubenv`: GRUB's saved variables (`saved_entry`, `next_entry`), one
/// `name=value` a line, padded with `#` to 1024 bytes.
public struct GrubEnvironment: Sendable, Equatable {
    public static let path = "/boot/grub/grubenv"

    public var variables: [String: String]

    public init(variables: [String: String] = [:]) { self.variables = variables }

    /// - Throws: ``InputParseError`` when the text does not start with GRUB's header,
    ///   or a line is not `name=value`.
    public init(parsing text: String, source: String = GrubEnvironment.path) throws(InputParseError) {
        var variables: [String: String] = [:]
        let lines = text.lineList()
        guard let first = lines.first, first.hasPrefix("# GRUB Environment Block") else {
            throw InputParseError(source: source, line: 1, message: "not a GRUB environment block")
        }
        for (number, line) in lines.enumerated().dropFirst() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw InputParseError(source: source, line: number + 1, message: "'\(line.prefix(40))' is not name=value")
            }
            variables[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.variables = variables
    }
}
