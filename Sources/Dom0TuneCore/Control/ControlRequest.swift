/// One request of the control protocol: `{"v":1,"cmd":"status","args":{}}` on one line.
public struct ControlRequest: Sendable, Equatable {
    public var version: Int
    public var command: ControlCommand
    public var args: JSONObject

    public init(_ command: ControlCommand, args: JSONObject = JSONObject(), version: Int = ControlProtocol.version) {
        self.version = version
        self.command = command
        self.args = args
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["v"] = .int(Int64(version))
        object["cmd"] = .string(command.rawValue)
        object["args"] = .object(args)
        return .object(object)
    }

    /// The request as sent on the wire: compact JSON and a newline.
    public var line: String { json.serialized() + "\n" }

    /// The boolean argument `name`, or `nil` when absent (validation has checked its type).
    public func bool(_ name: String) -> Bool? { args[name]?.boolValue }

    /// The integer argument `name`, or `nil` when absent (validation has checked its type).
    public func int(_ name: String) -> Int64? { args[name]?.intValue }
}
