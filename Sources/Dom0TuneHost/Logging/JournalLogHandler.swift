import Dom0TuneCore
public import Logging

/// A swift-log handler that sends structured entries to the systemd journal
/// (`sd_journal_sendv`), or plain lines to stderr when stderr is not the journal.
///
/// The handler is a cheap value; the destination is a shared ``LogSink`` that writes
/// on its own queue, so logging never blocks the caller (journald can stall).
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let sink: LogSink

    public init(sink: LogSink) { self.sink = sink }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var fields: [(String, String)] = []
        fields.reserveCapacity(merged.count)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append((key, "\(value)"))
        }
        if let error = event.error { fields.append(("error", "\(error)")) }
        sink.submit(
            LogRecord(
                priority: JournalFields.priority(event.level), level: event.level.rawValue,
                message: "\(event.message)", metadata: fields,
                file: event.file, line: event.line, function: event.function))
    }
}

/// One entry on its way to the journal or stderr.
public struct LogRecord: Sendable {
    public var priority: Int
    public var level: String
    public var message: String
    /// Metadata in swift-log spelling (`check`, `weight`, `message_id`).
    public var metadata: [(String, String)]
    public var file: String
    public var line: UInt
    public var function: String
}

/// Journal field naming: journald silently drops fields not matching `[A-Z0-9_]+`
/// or starting with `_`.
public enum JournalFields {
    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// `check` → `DOM0TUNED_CHECK`, `old-weight` → `DOM0TUNED_OLD_WEIGHT`; `message_id` → `MESSAGE_ID`.
    public static func name(forMetadataKey key: String) -> String {
        if key == "message_id" { return "MESSAGE_ID" }
        var name = "DOM0TUNED_"
        for scalar in key.unicodeScalars {
            switch scalar {
            case "a"..."z": name.unicodeScalars.append(Unicode.Scalar(scalar.value - 32)!)
            case "A"..."Z", "0"..."9": name.unicodeScalars.append(scalar)
            default: name += "_"
            }
        }
        // journald limits field names to 64 bytes.
        return String(name.prefix(64))
    }

    /// The `FIELD=value` strings for one record, MESSAGE first.
    public static func fields(for record: LogRecord, identifier: String) -> [String] {
        var fields = [
            "MESSAGE=\(record.message)",
            "PRIORITY=\(record.priority)",
            "SYSLOG_IDENTIFIER=\(identifier)",
            "CODE_FILE=\(record.file)",
            "CODE_LINE=\(record.line)",
            "CODE_FUNC=\(record.function)",
        ]
        for (key, value) in record.metadata {
            fields.append("\(name(forMetadataKey: key))=\(value)")
        }
        return fields
    }
}
