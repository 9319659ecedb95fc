/// One active swap area, a line of `/proc/swaps`.
public struct SwapDevice: Sendable, Equatable {
    public static let path = "/proc/swaps"

    /// The device or file, with the kernel's octal escapes (`\040` for a space) decoded.
    public var filename: String
    /// `partition` or `file`.
    public var type: String
    public var sizeKiB: UInt64
    public var usedKiB: UInt64
    public var priority: Int

    public init(filename: String, type: String, sizeKiB: UInt64, usedKiB: UInt64, priority: Int) {
        self.filename = filename
        self.type = type
        self.sizeKiB = sizeKiB
        self.usedKiB = usedKiB
        self.priority = priority
    }

    /// Parses `/proc/swaps`: a header line, then one line per swap area (none when swap
    /// is off). Throws ``ProcParseError`` for a missing header, a malformed line or
    /// number, or text cut short.
    public static func parseAll(_ text: String) throws(ProcParseError) -> [SwapDevice] {
        let lines = try ProcText.lines(text, file: path)
        guard let header = lines.first, ProcText.fields(header).first == "Filename" else {
            throw ProcParseError(file: path, line: 1, reason: .malformedLine(String(lines.first ?? "")))
        }
        var devices: [SwapDevice] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            let fields = ProcText.fields(line)
            if fields.isEmpty { continue }
            guard fields.count == 5 else {
                throw ProcParseError(file: path, line: number, reason: .malformedLine(String(line)))
            }
            guard let size = ProcText.unsigned(fields[2]) else {
                throw ProcParseError(file: path, line: number, field: "Size", reason: .invalidNumber(String(fields[2])))
            }
            guard let used = ProcText.unsigned(fields[3]) else {
                throw ProcParseError(file: path, line: number, field: "Used", reason: .invalidNumber(String(fields[3])))
            }
            guard fields[4].utf8.count <= 11, let priority = Int(fields[4]) else {
                throw ProcParseError(file: path, line: number, field: "Priority", reason: .invalidNumber(String(fields[4])))
            }
            devices.append(
                SwapDevice(
                    filename: unescape(fields[0]), type: String(fields[1]), sizeKiB: size, usedKiB: used,
                    priority: priority))
        }
        return devices
    }

    /// Decodes the kernel's `\ooo` octal escapes (space, tab, newline, backslash).
    static func unescape(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            if utf8[i] == UInt8(ascii: "\\"), i + 3 < utf8.count {
                let digits = utf8[(i + 1)...(i + 3)]
                if digits.allSatisfy({ $0 >= 48 && $0 <= 55 }) {
                    let value = digits.reduce(0) { $0 * 8 + Int($1 - 48) }
                    if value < 256 {
                        bytes.append(UInt8(value))
                        i += 4
                        continue
                    }
                }
            }
            bytes.append(utf8[i])
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
