/// Turns one request line into a ``ControlRequest``, checking in a strict order before
/// anything acts on it: size, encoding, JSON, version, command, permission, then arguments.
/// The first failed step decides the error, so a hostile line gets the cheapest refusal.
public struct ControlRequestValidator: Sendable {
    public var policy: ControlPolicy
    public var maxBytes: Int

    public init(policy: ControlPolicy = ControlPolicy(), maxBytes: Int = ControlProtocol.maxRequestBytes) {
        self.policy = policy
        self.maxBytes = maxBytes
    }

    /// Validates one line (without its newline; a trailing `\r` is tolerated).
    ///
    /// A refusal is a normal result, not a thrown error: it is what the server answers.
    public func validate(line: some Collection<UInt8>, peer: PeerCredentials) -> Result<ControlRequest, ControlError> {
        // 1. size
        guard line.count <= maxBytes else {
            return .failure(ControlError(.tooLarge, "request is \(line.count) bytes; the limit is \(maxBytes) bytes per line"))
        }
        var bytes = Array(line)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        // 2. encoding
        guard Self.isValidUTF8(bytes) else {
            return .failure(ControlError(.badEncoding, "request is not valid UTF-8"))
        }
        // 3. JSON
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes: bytes, maxDepth: 16)
        } catch {
            return .failure(ControlError(.badJSON, "request is not JSON: \(error)"))
        }
        guard case .object(let object) = document else {
            return .failure(ControlError(.badRequest, "request must be a JSON object like {\"v\":1,\"cmd\":\"status\"}"))
        }
        // 4. version
        guard let versionValue = object["v"] else {
            return .failure(ControlError(.badRequest, "request has no \"v\" (protocol version); \(Self.supportedText)"))
        }
        guard let version = versionValue.intValue, ControlProtocol.supportedVersions.contains(Int(version)) else {
            return .failure(ControlError(.badVersion, "protocol version \(versionValue.serialized()) is not supported; \(Self.supportedText)"))
        }
        // 5. command
        guard let commandName = object["cmd"]?.stringValue else {
            return .failure(ControlError(.badRequest, "request has no \"cmd\" string; commands: \(Self.commandList)"))
        }
        guard let command = ControlCommand(rawValue: commandName) else {
            return .failure(ControlError(.unknownCommand, "unknown command '\(Self.clipped(commandName))'; commands: \(Self.commandList)"))
        }
        // 6. permission
        if let refusal = policy.refusal(for: command, peer: peer) {
            return .failure(refusal)
        }
        // 7. arguments
        var args = JSONObject()
        switch object["args"] {
        case nil, .null?: break
        case .object(let given)?: args = given
        default: return .failure(ControlError(.badArgs, "\"args\" must be an object"))
        }
        if let error = Self.checkArguments(args, for: command) { return .failure(error) }
        return .success(ControlRequest(command, args: args, version: Int(version)))
    }

    static func checkArguments(_ args: JSONObject, for command: ControlCommand) -> ControlError? {
        for key in args.keys where !command.argumentNames.contains(key) {
            let accepted = command.argumentNames.isEmpty ? "it takes none" : "it takes: " + command.argumentNames.joined(separator: ", ")
            return ControlError(.badArgs, "'\(command)' has no argument '\(clipped(key))'; \(accepted)")
        }
        if let refresh = args["refresh"], refresh.boolValue == nil {
            return ControlError(.badArgs, "'refresh' must be true or false")
        }
        if let limit = args["limit"] {
            guard let n = limit.intValue, n >= 1 else {
                return ControlError(.badArgs, "'limit' must be a positive integer")
            }
        }
        return nil
    }

    static var supportedText: String {
        "supported versions: " + ControlProtocol.supportedVersions.map(String.init).joined(separator: ", ")
    }

    static var commandList: String { ControlCommand.allCases.map(\.rawValue).joined(separator: ", ") }

    /// Echoes client text back at most 64 characters long.
    static func clipped(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(64)) + "…"
    }

    /// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let b0 = bytes[index]
            if b0 < 0x80 { index += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let b1 = bytes[index + 1]
            guard b1 >= lower, b1 <= upper else { return false }
            for i in 2..<max(2, length) where bytes[index + i] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
