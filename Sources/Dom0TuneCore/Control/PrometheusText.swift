/// One metric family of the Prometheus text exposition format (version 0.0.4).
public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case gauge
        case counter
    }

    public struct Sample: Sendable, Equatable {
        public var labels: [(name: String, value: String)]
        public var value: Double

        public init(_ value: Double, labels: [(name: String, value: String)] = []) {
            self.value = value
            self.labels = labels
        }

        public static func == (lhs: Sample, rhs: Sample) -> Bool {
            lhs.value.bitPattern == rhs.value.bitPattern && lhs.labels.count == rhs.labels.count
                && zip(lhs.labels, rhs.labels).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`; counters end in `_total`.
    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [Sample]

    public init(_ name: String, _ kind: Kind, help: String, samples: [Sample]) {
        self.name = name
        self.kind = kind
        self.help = help
        self.samples = samples
    }
}

/// Renders metric families as Prometheus text (`# HELP`, `# TYPE`, one line per sample),
/// the format `dom0ctl metrics` prints and node_exporter's textfile collector reads.
///
/// Written here rather than taken from swift-prometheus: that library adds swift-atomics and
/// swift-metrics, ~2 MB of binary and ~1.5 MB of RSS to a daemon whose whole budget is 8 MiB,
/// models live registries of monotonic counters where we render a snapshot, and prints
/// `512.0` for integral gauges.
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            for sample in family.samples {
                out += family.name
                if !sample.labels.isEmpty {
                    out += "{"
                    out += sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",")
                    out += "}"
                }
                out += " " + format(sample.value) + "\n"
            }
        }
        return out
    }

    /// Label values escape backslash, double quote and newline.
    public static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        for c in value.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// HELP text escapes backslash and newline.
    public static func escapeHelp(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Integral values print without a fraction (`512`), others in Swift's shortest
    /// round-trip form; NaN and infinities as Prometheus spells them.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Whether `name` is a valid metric or label name.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !(first >= "0" && first <= "9") else { return false }
        return name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == ":"
        }
    }
}
