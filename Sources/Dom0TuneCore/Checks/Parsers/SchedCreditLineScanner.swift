/// Finds the classic weight workaround in rc.local and crontabs: a command line that runs
/// `xl` or `xm` (by any path) with `sched-credit` or `sched-credit2`. Comment lines are
/// skipped. Such a line sets dom0's weight at an arbitrary time and fights dom0tuned.
public enum SchedCreditLineScanner {
    public struct Match: Sendable, Equatable {
        public var line: Int
        public var text: String
    }

    /// Lines longer than this are cut in the evidence.
    static let excerptLength = 160

    public static func scan(_ text: String) -> [Match] {
        var matches: [Match] = []
        for (index, raw) in text.lineList().enumerated() {
            let line = raw.trimmingBlanks()
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let words = line.split(whereSeparator: { " \t;&|()`$\"'".contains($0) })
            var sawTool = false
            for word in words {
                let base = word.split(separator: "/").last.map(String.init) ?? ""
                if base == "xl" || base == "xm" {
                    sawTool = true
                } else if sawTool && word.hasPrefix("sched-credit") {
                    let excerpt = line.count > excerptLength ? String(line.prefix(excerptLength)) + "…" : String(line)
                    matches.append(Match(line: index + 1, text: excerpt))
                    break
                }
            }
        }
        return matches
    }
}
