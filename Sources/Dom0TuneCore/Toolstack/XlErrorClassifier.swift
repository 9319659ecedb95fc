/// Turns the exit status and standard error of a failed `xl` call into an ``XlFailure``.
///
/// The messages matched are xl 4.17's own (tools/xl/xl.c, xl_utils.c, xl_sched.c) and
/// libxl's (libxl_sched.c). libxl's log lines (`libxl: error: file.c:N:func: message`) may
/// come before xl's own line; the most specific known message wins.
public enum XlErrorClassifier {
    /// Classifies a failed call. Pure and total: any input gives a result.
    public static func classify(exitStatus: Int32, stderr: String) -> XlFailure {
        let lines = ToolstackText.lines(stderr).map { ToolstackText.trimmed($0.text) }.filter { !$0.isEmpty }

        if lines.contains(where: { $0 == "cannot init xl context" }) { return .cannotInitContext }
        if lines.contains(where: { $0 == "command not implemented" }) { return .notImplemented }
        for line in lines {
            if let mismatch = schedulerMismatch(line) { return mismatch }
        }
        for line in lines {
            if let range = line.firstRange(of: " is an invalid domain identifier") {
                return .invalidDomain(clean(line[..<range.lowerBound]))
            }
        }
        if lines.contains(where: { $0.contains("Cpu weight out of range") }) { return .weightOutOfRange }
        if lines.contains(where: { $0.contains("Cpu cap out of range") }) { return .capOutOfRange }
        if let index = lines.firstIndex(where: { $0 == "libxl_domain_sched_params_set failed." }) {
            let detail = lines[..<index].last(where: { $0.hasPrefix("libxl: error: ") }).map(libxlMessage)
            return .setFailed(detail: detail)
        }
        if let first = lines.first { return .other(clean(first)) }
        return .other("xl exited with status \(exitStatus) and printed nothing on standard error")
    }

    /// `libxl_domain_sched_params_get returned credit2 not credit.` (also the per-vCPU
    /// `libxl_vcpu_sched_params_get…` variants).
    private static func schedulerMismatch(_ line: Substring) -> XlFailure? {
        guard line.hasPrefix("libxl_"), let returned = line.firstRange(of: "_get returned ") else { return nil }
        var rest = line[returned.upperBound...]
        if rest.last == "." { rest = rest.dropLast() }
        let words = ToolstackText.fields(rest)
        guard words.count == 3, words[1] == "not" else { return nil }
        return .schedulerMismatch(
            running: XenScheduler(name: String(words[0])), requested: XenScheduler(name: String(words[2])))
    }

    /// The message part of `libxl: error: libxl_sched.c:232:sched_credit_domain_set: MESSAGE`.
    private static func libxlMessage(_ line: Substring) -> String {
        let body = line.dropFirst("libxl: error: ".count)
        if let separator = body.firstRange(of: ": ") { return clean(body[separator.upperBound...]) }
        return clean(body)
    }

    /// At most 200 characters, control characters replaced, for logs and status lines.
    private static func clean(_ text: Substring) -> String {
        let excerpt = ToolstackText.excerpt(text, limit: 200)
        return String(excerpt.dropFirst().dropLast())
    }
}
