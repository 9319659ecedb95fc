extension AuditChecks {
    // MARK: mem.dom0-mem

    static func memDom0Mem(_ context: CheckContext) -> CheckResult {
        guard let running = context.running.value else {
            return result(
                .memDom0Mem, .unknown, "cannot read the running Xen command line", evidence: [context.running.reason ?? ""],
                remedy: "Check that xl works as root: \"xl info\".")
        }
        let options = running.options.filter { $0.name == "dom0_mem" || $0.name == "no-dom0_mem" }.map(\.text)
        var evidence = ["xl info xen_commandline: " + (options.isEmpty ? "no dom0_mem=" : options.joined(separator: " "))]
        let spec: Dom0MemSpec?
        do {
            spec = try running.dom0Mem()
        } catch {
            let size = suggestedSize(context, spec: nil)
            return result(
                .memDom0Mem, .warning, "Xen rejected the running dom0_mem=: \(error.message)", evidence: evidence,
                remedy: context.grubRemedy(option: "dom0_mem", replacement: "dom0_mem=\(size),max:\(size)"), reboot: true)
        }
        guard let spec else {
            let size = suggestedSize(context, spec: nil)
            return result(
                .memDom0Mem, .warning, "no dom0_mem= on the Xen command line: dom0 starts with all memory and is ballooned down",
                evidence: evidence,
                remedy: context.grubRemedy(option: "dom0_mem", replacement: "dom0_mem=\(size),max:\(size)")
                    + " Choose the size dom0 needs; \(size) is what it has now.",
                reboot: true)
        }
        if let pages = context.availablePages { evidence.append("xl info total_memory: \(pages / 256) MiB") }
        switch spec.isFixed(availablePages: context.availablePages) {
        case true?:
            return result(.memDom0Mem, .ok, "dom0_mem=\(spec) fixes dom0's memory", evidence: evidence)
        case nil:
            return result(
                .memDom0Mem, .unknown, "cannot tell whether dom0_mem=\(spec) fixes dom0's memory without the host's total",
                evidence: evidence, remedy: "Check that xl works as root: \"xl info\".")
        case false?:
            let size = suggestedSize(context, spec: spec)
            let summary =
                spec.size == nil
                ? "dom0_mem=\(spec) has no size: dom0 starts with all memory (up to max:)"
                : spec.max == nil
                    ? "dom0_mem=\(spec) has no max: dom0 can balloon up without limit"
                    : "dom0_mem=\(spec): max: differs from the size, so dom0's memory is not fixed"
            return result(
                .memDom0Mem, .warning, summary, evidence: evidence,
                remedy: context.grubRemedy(option: "dom0_mem", replacement: "dom0_mem=\(size),max:\(size)"), reboot: true)
        }
    }

    /// The size a remedy proposes: the spec's own size (or max:), else dom0's memory now.
    static func suggestedSize(_ context: CheckContext, spec: Dom0MemSpec?) -> String {
        if let size = spec?.size, size.isAbsolute { return size.description }
        if let max = spec?.max, max.isAbsolute { return max.description }
        if let mebibytes = context.list.value?.domain(id: 0)?.memMiB, mebibytes > 0 { return "\(mebibytes)M" }
        return "1024M"
    }

    // MARK: mem.dom0-actual

    static func memDom0Actual(_ context: CheckContext) -> CheckResult {
        guard let dom0 = context.list.value?.domain(id: 0) else {
            return result(
                .memDom0Actual, .unknown, "cannot read dom0's memory",
                evidence: [context.list.reason ?? "xl list has no Domain-0 row"], remedy: "Check that xl works as root: \"xl list\".")
        }
        var evidence = ["xl list: Domain-0 has \(dom0.memMiB) MiB"]
        guard let running = context.running.value, let spec = try? running.dom0Mem(), spec.size != nil || spec.max != nil else {
            evidence.append(context.running.value == nil ? (context.running.reason ?? "") : "no usable dom0_mem= on the Xen command line")
            return result(
                .memDom0Actual, .unknown, "no dom0_mem= size to compare dom0's memory with (see mem.dom0-mem)", evidence: evidence,
                remedy: "Fix mem.dom0-mem first.")
        }
        guard let available = context.availablePages ?? (spec.isFixed(availablePages: nil) == true ? 0 : nil) else {
            evidence.append(context.info.reason ?? "xl info has no total_memory")
            return result(
                .memDom0Actual, .unknown, "cannot resolve dom0_mem=\(spec) without the host's memory", evidence: evidence,
                remedy: "Check that xl works as root: \"xl info\".")
        }
        let expected = spec.initialPages(availablePages: available) / 256
        evidence.append("dom0_mem=\(spec): \(expected) MiB")
        let tolerance = max(UInt64(1), expected / 100)
        let actual = UInt64(max(dom0.memMiB, 0))
        let difference = actual > expected ? actual - expected : expected - actual
        if difference <= tolerance {
            return result(.memDom0Actual, .ok, "dom0 has its \(expected) MiB: no ballooning", evidence: evidence)
        }
        let direction = actual < expected ? "ballooned down" : "ballooned up"
        return result(
            .memDom0Actual, .warning, "dom0 has \(actual) MiB instead of \(expected) MiB: it was \(direction)", evidence: evidence,
            remedy: """
                Give dom0 its memory back now: "xl mem-set 0 \(expected)m", and stop the ballooning \
                (see mem.autoballoon and conflict.actors).
                """)
    }

    // MARK: mem.autoballoon

    static func memAutoballoon(_ context: CheckContext) -> CheckResult {
        var evidence: [String] = []
        var problems: [String] = []
        var remedies: [String] = []
        var unknownReason: String?
        let commandLine = context.info.value?.xenCommandline

        switch context.xlConf {
        case .unavailable(let reason)?:
            evidence.append(reason)
            problems.append("\(XlConf.path) cannot be parsed")
            remedies.append("Fix the syntax of \(XlConf.path) and set autoballoon=\"off\" there")
        case .available(let conf)?:
            let line = conf.autoballoonLine.map { "\(XlConf.path):\($0)" } ?? XlConf.path
            if let invalid = conf.invalidAutoballoon {
                evidence.append("\(line): autoballoon=\"\(invalid)\" is not on/off/auto/1/0; xl uses auto")
            }
            let setting = conf.autoballoon ?? .auto
            if conf.autoballoon != nil {
                evidence.append("\(line): autoballoon=\"\(setting.rawValue)\"")
            } else if conf.invalidAutoballoon == nil {
                evidence.append("\(XlConf.path): autoballoon not set (xl's default \"auto\")")
            }
            judge(setting: setting, place: conf.autoballoonLine.map { "\(XlConf.path) (line \($0))" } ?? XlConf.path, conf: conf)
        case nil:
            evidence.append("\(XlConf.path): missing (xl's default autoballoon=\"auto\")")
            judge(setting: .auto, place: XlConf.path, conf: nil)
        }

        func judge(setting: XlConf.Autoballoon, place: String, conf: XlConf?) {
            switch setting {
            case .off:
                break
            case .on:
                problems.append("xl balloons dom0 down to start guests (autoballoon=\"on\")")
                remedies.append("In \(place) set autoballoon=\"off\"")
            case .auto:
                guard let commandLine else {
                    unknownReason = "autoballoon=\"auto\" depends on the Xen command line: \(context.info.reason ?? "unknown")"
                    return
                }
                if XlAutoballoonRule.commandLineFixesDom0Memory(commandLine) {
                    evidence.append("xl info xen_commandline has dom0_mem= in the form xl recognizes: auto means off")
                } else {
                    let hasDom0Mem = XenCommandLine(commandLine).mentions("dom0_mem")
                    evidence.append(
                        hasDom0Mem
                            ? "xl info xen_commandline: dom0_mem= is written in a form xl's auto rule does not recognize (percentages, T, -): auto means on"
                            : "xl info xen_commandline has no dom0_mem=: auto means on")
                    problems.append("xl balloons dom0 down to start guests (autoballoon=\"auto\" without a recognized dom0_mem=)")
                    remedies.append("In \(place) set autoballoon=\"off\"")
                }
            }
        }

        if let text = context.inputs.files[XendConfig.path] {
            do {
                let xend = try XendConfig(parsing: text)
                evidence.append(
                    "\(XendConfig.path): enable-dom0-ballooning \(xend.enableDom0Ballooning ?? "(default yes)"), dom0-min-mem \(xend.dom0MinMem.map(String.init) ?? "(default 196)")"
                )
                if xend.ballooningEnabled {
                    problems.append("legacy xend balloons dom0")
                    let line = xend.enableDom0BallooningLine.map { " (line \($0))" } ?? ""
                    remedies.append("In \(XendConfig.path)\(line) write (enable-dom0-ballooning no)")
                }
            } catch {
                evidence.append("\(error)")
            }
        }

        if !problems.isEmpty {
            return result(
                .memAutoballoon, .warning, problems.joined(separator: "; "), evidence: evidence,
                remedy: remedies.joined(separator: "; ") + ". No reboot needed: xl reads it at every command.")
        }
        if let unknownReason {
            evidence.append(unknownReason)
            return result(
                .memAutoballoon, .unknown, "cannot tell xl's effective autoballoon", evidence: evidence,
                remedy: "Set autoballoon=\"off\" in \(XlConf.path) to make it independent of the command line.")
        }
        return result(.memAutoballoon, .ok, "xl does not balloon dom0", evidence: evidence)
    }

    // MARK: mem.swap

    static func memSwap(_ context: CheckContext) -> CheckResult {
        let remedy = """
            dom0 is short of memory: raise dom0_mem= (size and max:) in GRUB_CMDLINE_XEN_DEFAULT \
            (\(context.grubFile(for: "GRUB_CMDLINE_XEN_DEFAULT").path)), run update-grub and reboot; \
            meanwhile find what grew in dom0 ("ps aux --sort=-rss | head").
            """
        var watchEvidence: [String] = []
        if let watched = context.inputs.swapCheck {
            guard watched.severity == .unknown else {
                var result = watched
                result.id = CheckID.memSwap.rawValue
                return result
            }
            watchEvidence.append("memory watch: \(watched.summary)")
        }
        guard let meminfo = context.inputs.files[CheckInputs.meminfoPath] else {
            return result(
                .memSwap, .unknown, "cannot read \(CheckInputs.meminfoPath)",
                evidence: [context.inputs.unreadable[CheckInputs.meminfoPath] ?? "\(CheckInputs.meminfoPath): missing"],
                remedy: "Check that /proc is mounted.")
        }
        let values = Self.keyedNumbers(meminfo, separator: ":")
        guard let total = values["SwapTotal"], let free = values["SwapFree"] else {
            return result(
                .memSwap, .unknown, "\(CheckInputs.meminfoPath) has no SwapTotal/SwapFree",
                evidence: ["\(CheckInputs.meminfoPath): \(values.count) fields"], remedy: "Check that /proc is mounted.")
        }
        var evidence = ["\(CheckInputs.meminfoPath): SwapTotal \(total) kB, SwapFree \(free) kB"] + watchEvidence
        if let vmstat = context.inputs.files[CheckInputs.vmstatPath] {
            let counters = Self.keyedNumbers(vmstat, separator: " ")
            if let swapIn = counters["pswpin"], let swapOut = counters["pswpout"] {
                evidence.append("\(CheckInputs.vmstatPath): pswpin \(swapIn), pswpout \(swapOut) pages since boot")
            }
        }
        let used = total > free ? total - free : 0
        if used > 0 {
            return result(
                .memSwap, .warning, "dom0 has \(used) kB in swap", evidence: evidence, remedy: remedy, reboot: true)
        }
        return result(.memSwap, .ok, total == 0 ? "dom0 has no swap in use (no swap configured)" : "dom0 has no swap in use", evidence: evidence)
    }

    /// `Key: 123 kB` / `key 123` lines as numbers (other lines skipped).
    static func keyedNumbers(_ text: String, separator: Character) -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in text.lineList() {
            guard let split = line.firstIndex(of: separator) else { continue }
            let key = String(line[..<split])
            let rest = line[line.index(after: split)...].trimmingBlanks()
            let number = rest.prefix { $0.isASCII && $0.isNumber }
            if let value = UInt64(number) { values[key] = value }
        }
        return values
    }
}
