/// Something the daemon did or saw, kept in a bounded ring for `dom0ctl events`.
public struct DaemonEvent: Sendable, Equatable {
    /// What kind of event: a small open set of stable names (scripts filter on them).
    public struct Kind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The weight was applied (start-up, reapply, reload).
        public static let apply = Kind(rawValue: "apply")
        /// The weight had drifted and was restored.
        public static let drift = Kind(rawValue: "drift")
        /// dom0's scheduler has no weight (rtds, null, arinc653).
        public static let noWeight = Kind(rawValue: "no-weight")
        /// Applying the weight failed.
        public static let applyFailed = Kind(rawValue: "apply-failed")
        /// A reloaded configuration was invalid and the running one kept.
        public static let configRejected = Kind(rawValue: "config-rejected")
        /// A check's severity changed.
        public static let severity = Kind(rawValue: "severity")
        /// A swap episode started or ended.
        public static let episode = Kind(rawValue: "episode")
        /// The configuration was reloaded.
        public static let reload = Kind(rawValue: "reload")
    }

    /// Wall-clock time as the daemon formats it (e.g. `2026-11-28T06:30:00Z`).
    public var time: String
    /// Seconds since the daemon started (monotonic), for ordering and "ago".
    public var uptime: Double
    public var kind: Kind
    public var message: String
    /// Extra facts (`{"old":256,"new":512}`); keys lowerCamel.
    public var fields: JSONObject

    public init(time: String, uptime: Double, kind: Kind, message: String, fields: JSONObject = JSONObject()) {
        self.time = time
        self.uptime = uptime
        self.kind = kind
        self.message = message
        self.fields = fields
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["time"] = .string(time)
        object["uptime"] = .double((uptime * 1000).rounded() / 1000)
        object["kind"] = .string(kind.rawValue)
        object["message"] = .string(message)
        object["fields"] = .object(fields)
        return .object(object)
    }
}
