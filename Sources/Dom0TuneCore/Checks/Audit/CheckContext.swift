/// The inputs of one audit, parsed once and shared by every check. A piece that could
/// not be had says why (``Availability/unavailable(_:)``), for the checks' evidence.
struct CheckContext {
    enum Availability<Value> {
        case available(Value)
        case unavailable(String)

        var value: Value? {
            if case .available(let value) = self { return value }
            return nil
        }

        var reason: String? {
            if case .unavailable(let reason) = self { return reason }
            return nil
        }
    }

    let inputs: CheckInputs
    let info: Availability<XlInfo>
    let list: Availability<XlList>
    let vcpuList: Availability<VcpuList>
    /// The running Xen command line (`xen_commandline` of `xl info`).
    let running: Availability<XenCommandLine>
    /// `nil` when neither `/etc/default/grub` nor any drop-in exists.
    let grubDefaults: GrubDefaults?
    let grubConfig: Availability<GrubConfig>?
    let grubEnvironment: GrubEnvironment
    let grubEnvironmentProblem: String?
    /// `nil` when `/etc/xen/xl.conf` does not exist.
    let xlConf: Availability<XlConf>?

    init(_ inputs: CheckInputs) {
        self.inputs = inputs
        info = Self.parse(inputs, ["info"]) { text throws(ToolstackParseError) in try XlInfo.parse(text) }
        list = Self.parse(inputs, ["list"]) { text throws(ToolstackParseError) in try XlList.parse(text) }
        vcpuList = Self.parse(inputs, ["vcpu-list"]) { text throws(ToolstackParseError) in try VcpuList.parse(text) }
        switch info {
        case .available(let info):
            if let line = info.xenCommandline {
                running = .available(XenCommandLine(line))
            } else {
                running = .unavailable("xl info has no xen_commandline")
            }
        case .unavailable(let reason):
            running = .unavailable(reason)
        }

        var grubFiles: [(path: String, text: String)] = []
        if let main = inputs.files[GrubDefaults.mainPath] { grubFiles.append((GrubDefaults.mainPath, main)) }
        for name in GrubDefaults.orderedDropIns(inputs.directories[GrubDefaults.dropInDirectory] ?? []) {
            let path = GrubDefaults.dropInDirectory + "/" + name
            if let text = inputs.files[path] { grubFiles.append((path, text)) }
        }
        grubDefaults = grubFiles.isEmpty ? nil : GrubDefaults(files: grubFiles)

        if let text = inputs.files[GrubConfig.path] {
            do {
                grubConfig = .available(try GrubConfig(parsing: text))
            } catch {
                grubConfig = .unavailable("\(error)")
            }
        } else if let reason = inputs.unreadable[GrubConfig.path] {
            grubConfig = .unavailable("\(GrubConfig.path): \(reason)")
        } else {
            grubConfig = nil
        }
        var environment = GrubEnvironment()
        var environmentProblem: String?
        if let text = inputs.files[GrubEnvironment.path] {
            do {
                environment = try GrubEnvironment(parsing: text)
            } catch {
                environmentProblem = "\(error)"
            }
        }
        grubEnvironment = environment
        grubEnvironmentProblem = environmentProblem

        if let text = inputs.files[XlConf.path] {
            do {
                xlConf = .available(try XlConf(parsing: text))
            } catch {
                xlConf = .unavailable("\(error)")
            }
        } else if let reason = inputs.unreadable[XlConf.path] {
            xlConf = .unavailable("\(XlConf.path): \(reason)")
        } else {
            xlConf = nil
        }
    }

    private static func parse<Value>(
        _ inputs: CheckInputs, _ arguments: [String], _ parser: (String) throws(ToolstackParseError) -> Value
    ) -> Availability<Value> {
        let command = "xl " + arguments.joined(separator: " ")
        guard let outcome = inputs.outcome(arguments) else { return .unavailable("\(command) was not run") }
        switch outcome {
        case .exited(0, let stdout, _):
            do {
                return .available(try parser(stdout))
            } catch {
                return .unavailable("\(command): unexpected output: \(error)")
            }
        case .exited(let status, _, let stderr):
            let first = stderr.split(separator: "\n").first.map(String.init) ?? ""
            return .unavailable("\(command) failed (exit \(status))\(first.isEmpty ? "" : ": \(first)")")
        case .timedOut:
            return .unavailable("\(command) timed out")
        case .failedToRun(let reason):
            return .unavailable("\(command) could not run: \(reason)")
        }
    }

    // MARK: derived facts

    /// The host's pCPUs (0…nr_cpus-1), when `xl info` answered.
    var allCPUs: Set<Int>? {
        guard let count = info.value?.nrCpus, count > 0 else { return nil }
        return Set(0..<count)
    }

    /// NUMA node → pCPUs; known only on single-node hosts (node 0 holds every pCPU).
    var nodeCPUs: [Int: Set<Int>] {
        guard let info = info.value, let all = allCPUs, info["nr_nodes"].flatMap({ Int($0) }) == 1 else { return [:] }
        return [0: all]
    }

    /// Host memory in 4 KiB pages (`total_memory` of `xl info`), for relative `dom0_mem`.
    var availablePages: UInt64? {
        info.value?.totalMemoryMiB.map { UInt64(max($0, 0)) * 256 }
    }

    var dom0VcpuRows: [VcpuList.Vcpu]? { vcpuList.value?.vcpus(ofDomain: 0) }

    /// The Xen entry the next boot runs per grub.cfg: the default entry when it boots Xen,
    /// else the first entry that does.
    var nextBootXenEntry: GrubConfig.Entry? {
        guard let config = grubConfig?.value else { return nil }
        let resolved = config.resolve(config.defaultValue, environment: grubEnvironment).entry
        if let resolved, resolved.bootsXen { return resolved }
        return config.allEntries.first { $0.bootsXen }
    }

    /// The file and line where a GRUB variable should be edited: where it was last
    /// assigned, else Debian's `xen.cfg` drop-in when present, else `/etc/default/grub`.
    func grubFile(for variable: String) -> (path: String, line: Int?) {
        if let location = grubDefaults?.location(of: variable) { return (location.source, location.line) }
        if inputs.files[GrubDefaults.xenDropInPath] != nil { return (GrubDefaults.xenDropInPath, nil) }
        return (GrubDefaults.mainPath, nil)
    }

    /// The current `GRUB_CMDLINE_XEN_DEFAULT` to edit in a remedy: the configured value
    /// when it is known, else the options the running Xen got.
    var grubXenDefaultBase: XenCommandLine {
        if let grubDefaults, let text = grubDefaults.value("GRUB_CMDLINE_XEN_DEFAULT").text {
            return XenCommandLine(text)
        }
        return running.value ?? XenCommandLine("")
    }

    /// A remedy line setting (or removing) one Xen option in `GRUB_CMDLINE_XEN_DEFAULT`.
    func grubRemedy(option: String, replacement: String?, reboot: Bool = true) -> String {
        let (path, line) = grubFile(for: "GRUB_CMDLINE_XEN_DEFAULT")
        let value = grubXenDefaultBase.replacing(option, with: replacement).description
        let place = line.map { "\(path) (line \($0))" } ?? path
        var text = "In \(place) set GRUB_CMDLINE_XEN_DEFAULT=\"\(value)\", run update-grub"
        if let common = grubDefaults?.value("GRUB_CMDLINE_XEN").text, XenCommandLine(common).mentions(option) {
            text += " (and remove \(option) from GRUB_CMDLINE_XEN)"
        }
        return text + (reboot ? ", then reboot." : ".")
    }
}
