extension AuditChecks {
    // MARK: conflict.actors

    static func conflictActors(_ context: CheckContext) -> CheckResult {
        let inputs = context.inputs
        var evidence: [String] = []
        var problems: [String] = []
        var remedies: [String] = []

        if let processes = inputs.processes {
            let lowmem = processes.filter { $0.name == "xen-lowmemd" }
            if lowmem.isEmpty {
                evidence.append("processes: no xen-lowmemd among \(processes.count)")
            } else {
                let pids = lowmem.map { String($0.pid) }.joined(separator: ", ")
                evidence.append("processes: xen-lowmemd running (pid \(pids))")
                problems.append("xen-lowmemd is running and balloons dom0")
                remedies.append("stop xen-lowmemd (kill \(pids)) and remove it from start-up")
            }
        } else {
            evidence.append("process list unavailable")
        }

        if let text = inputs.files[LibvirtLibxlConf.path] {
            do {
                let conf = try LibvirtLibxlConf(parsing: text)
                let line = conf.autoballoonLine.map { "\(LibvirtLibxlConf.path):\($0)" } ?? LibvirtLibxlConf.path
                if let explicit = conf.autoballoon {
                    evidence.append("\(line): autoballoon = \(explicit ? 1 : 0)")
                } else {
                    evidence.append("\(LibvirtLibxlConf.path): autoballoon not set (libvirt follows the Xen command line)")
                }
                let enabled: Bool?
                if let explicit = conf.autoballoon {
                    enabled = explicit
                } else if let commandLine = context.info.value?.xenCommandline {
                    enabled = conf.ballooningEnabled(xenCommandLine: commandLine)
                } else {
                    enabled = nil
                    evidence.append("libvirt's automatic choice depends on the Xen command line: \(context.info.reason ?? "")")
                }
                if enabled == true {
                    problems.append("libvirt's libxl driver balloons dom0")
                    remedies.append("in \(line) set autoballoon = 0 and run \"systemctl restart libvirtd\"")
                }
            } catch {
                evidence.append("\(error)")
                problems.append("\(LibvirtLibxlConf.path) cannot be parsed (libvirt may balloon dom0)")
                remedies.append("fix \(LibvirtLibxlConf.path) and set autoballoon = 0 there")
            }
        }

        var scanned: [String] = []
        var paths = [CheckInputs.rcLocalPath, CheckInputs.crontabPath, CheckInputs.rootCrontabPath]
        for name in (inputs.directories[CheckInputs.cronDirectory] ?? []).sorted() where CheckInputs.isCronName(name) {
            paths.append(CheckInputs.cronDirectory + "/" + name)
        }
        for path in paths {
            guard let text = inputs.files[path] else { continue }
            scanned.append(path)
            for match in SchedCreditLineScanner.scan(text) {
                evidence.append("\(path):\(match.line): \(match.text)")
                problems.append("\(path) line \(match.line) sets dom0's weight with xl/xm sched-credit")
                remedies.append("delete line \(match.line) of \(path)")
            }
        }
        if !scanned.isEmpty { evidence.append("scanned for xl/xm sched-credit: \(scanned.joined(separator: ", "))") }

        if problems.isEmpty {
            return result(.conflictActors, .ok, "nothing else balloons dom0 or sets its weight", evidence: evidence)
        }
        return result(
            .conflictActors, .warning, problems.joined(separator: "; "), evidence: evidence,
            remedy: remedies.joined(separator: "; ").capitalizedFirst + ". dom0tuned keeps the weight itself.")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
