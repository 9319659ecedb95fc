/// One answer of the control protocol, on one line:
/// `{"v":1,"ok":true,"result":…}` or `{"v":1,"ok":false,"error":{"code":"…","message":"…"}}`.
public enum ControlResponse: Sendable, Equatable {
    case success(JSONValue)
    case failure(ControlError)

    public var json: JSONValue {
        var object = JSONObject()
        object["v"] = .int(Int64(ControlProtocol.version))
        switch self {
        case .success(let result):
            object["ok"] = .bool(true)
            object["result"] = result
        case .failure(let error):
            object["ok"] = .bool(false)
            object["error"] = ["code": .string(error.code.rawValue), "message": .string(error.message)]
        }
        return .object(object)
    }

    /// The response as sent on the wire: compact JSON (no raw newlines) and a newline.
    public var line: String { String(decoding: lineUTF8, as: UTF8.self) }

    /// ``line`` as the bytes the control socket sends.
    public var lineUTF8: [UInt8] {
        var bytes = json.serializedUTF8(capacity: 2048)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads a response line (the client side).
    ///
    /// - Throws: `ControlResponseError` when the line is not a v1 response.
    public static func parse(line: some Collection<UInt8>) throws(ControlResponseError) -> ControlResponse {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: Array(line), maxDepth: 64)
        } catch {
            throw ControlResponseError(reason: "\(error)")
        }
        guard let ok = value["ok"]?.boolValue else { throw ControlResponseError(reason: "no \"ok\" field") }
        if ok {
            return .success(value["result"] ?? .null)
        }
        guard let codeText = value["error"]?["code"]?.stringValue else {
            throw ControlResponseError(reason: "error without a code")
        }
        let message = value["error"]?["message"]?.stringValue ?? ""
        guard let code = ControlErrorCode(rawValue: codeText) else {
            // A newer daemon may add codes: keep the message, file it as a failure.
            return .failure(ControlError(.failed, "\(codeText): \(message)"))
        }
        return .failure(ControlError(code, message))
    }
}

/// A response line that is not a protocol v1 response.
public struct ControlResponseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var description: String { "malformed response from the daemon: \(reason)" }
}
