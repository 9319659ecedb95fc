extension AuditChecks {
    // MARK: cpu.dom0-vcpus

    static func cpuDom0Vcpus(_ context: CheckContext) -> CheckResult {
        guard let running = context.running.value, let cpus = context.info.value?.nrCpus else {
            return result(
                .cpuDom0Vcpus, .unknown, "cannot read the running Xen command line",
                evidence: [context.running.reason ?? context.info.reason ?? "xl info has no nr_cpus"],
                remedy: "Check that xl works as root: \"xl info\".")
        }
        let actual = context.list.value?.domain(id: 0)?.vcpus ?? context.dom0VcpuRows.map { $0.filter(\.isOnline).count }
        let options = running.options.filter { $0.name == "dom0_max_vcpus" }.map(\.text)
        var evidence = [
            "xl info: nr_cpus \(cpus), xen_commandline " + (options.isEmpty ? "has no dom0_max_vcpus=" : options.joined(separator: " "))
        ]
        if let actual { evidence.append("xl list: Domain-0 has \(actual) vCPUs online") }
        let spec: Dom0MaxVcpusSpec?
        do {
            spec = try running.dom0MaxVcpus()
        } catch {
            return result(
                .cpuDom0Vcpus, .warning, "Xen rejected the running dom0_max_vcpus=: \(error.message)", evidence: evidence,
                remedy: context.grubRemedy(option: "dom0_max_vcpus", replacement: "dom0_max_vcpus=1"), reboot: true)
        }
        guard let spec else {
            return result(
                .cpuDom0Vcpus, .warning, "no dom0_max_vcpus=: dom0 gets a vCPU for each of the \(cpus) pCPUs",
                evidence: evidence,
                remedy: context.grubRemedy(option: "dom0_max_vcpus", replacement: "dom0_max_vcpus=\(suggestedVcpus(cpus))")
                    + " Choose how many vCPUs dom0 needs.",
                reboot: true)
        }
        let expected = spec.vcpuCount(poolCPUs: cpus)
        guard spec.decidesCount(poolCPUs: cpus) else {
            return result(
                .cpuDom0Vcpus, .warning,
                "dom0_max_vcpus=\(spec) does not fix dom0's vCPUs: it follows the pCPU count (\(expected) here)",
                evidence: evidence,
                remedy: context.grubRemedy(option: "dom0_max_vcpus", replacement: "dom0_max_vcpus=\(spec.min)"), reboot: true)
        }
        guard let actual else {
            return result(
                .cpuDom0Vcpus, .unknown, "dom0_max_vcpus=\(spec) gives \(expected) vCPUs; cannot read dom0's count",
                evidence: evidence + [context.list.reason ?? ""], remedy: "Check that xl works as root: \"xl list\".")
        }
        if UInt64(actual) == expected {
            return result(.cpuDom0Vcpus, .ok, "dom0 has the \(expected) vCPU\(expected == 1 ? "" : "s") dom0_max_vcpus=\(spec) gives", evidence: evidence)
        }
        return result(
            .cpuDom0Vcpus, .warning, "dom0 has \(actual) vCPU\(actual == 1 ? "" : "s") online, dom0_max_vcpus=\(spec) gives \(expected)",
            evidence: evidence,
            remedy: "Bring dom0 back to \(expected) vCPUs: \"xl vcpu-set 0 \(expected)\" (or reboot).")
    }

    static func suggestedVcpus(_ cpus: Int) -> Int { cpus >= 16 ? 2 : 1 }

    // MARK: cpu.dom0-pin

    static func cpuDom0Pin(_ context: CheckContext) -> CheckResult {
        guard let rows = context.dom0VcpuRows, !rows.isEmpty, let cpus = context.info.value?.nrCpus else {
            return result(
                .cpuDom0Pin, .unknown, "cannot read dom0's vCPU affinity",
                evidence: [context.vcpuList.reason ?? context.info.reason ?? "xl vcpu-list has no Domain-0 rows"],
                remedy: "Check that xl works as root: \"xl vcpu-list\".")
        }
        var evidence = rows.map { "xl vcpu-list: Domain-0 vCPU \($0.vcpu) hard affinity \($0.hardAffinity)" }
        let pinOnCommandLine = (try? context.running.value?.dom0VcpusPin()) ?? nil
        if let pinOnCommandLine { evidence.append("xen_commandline: dom0_vcpus_pin \(pinOnCommandLine ? "on" : "off")") }
        var seen = Set<Int>()
        var problems: [String] = []
        for row in rows {
            let hard = row.hardAffinity.resolved(cpuCount: cpus)
            guard let members = hard.cpus, members.count == 1 else {
                problems.append("vCPU \(row.vcpu) may run on \(row.hardAffinity)")
                continue
            }
            if !seen.insert(members[0]).inserted { problems.append("vCPU \(row.vcpu) shares pCPU \(members[0])") }
        }
        if problems.isEmpty {
            return result(.cpuDom0Pin, .ok, "each dom0 vCPU is pinned to its own pCPU", evidence: evidence)
        }
        let pins = rows.map { "xl vcpu-pin Domain-0 \($0.vcpu) \($0.vcpu)" }.joined(separator: "; ")
        if pinOnCommandLine == true {
            return result(
                .cpuDom0Pin, .warning, "dom0 is not pinned 1:1 although dom0_vcpus_pin is set: " + problems.joined(separator: "; "),
                evidence: evidence, remedy: "Pin again now: \(pins).")
        }
        return result(
            .cpuDom0Pin, .warning, "dom0's vCPUs are not pinned 1:1: " + problems.joined(separator: "; "), evidence: evidence,
            remedy: context.grubRemedy(option: "dom0_vcpus_pin", replacement: "dom0_vcpus_pin")
                + " Until then: \(pins).",
            reboot: true)
    }

    // MARK: cpu.guest-overlap

    static func cpuGuestOverlap(_ context: CheckContext) -> CheckResult {
        guard let rows = context.dom0VcpuRows, !rows.isEmpty, let all = context.allCPUs, let cpus = context.info.value?.nrCpus else {
            return result(
                .cpuGuestOverlap, .unknown, "cannot read dom0's pCPUs",
                evidence: [context.vcpuList.reason ?? context.info.reason ?? "xl vcpu-list has no Domain-0 rows"],
                remedy: "Check that xl works as root: \"xl vcpu-list\".")
        }
        var evidence: [String] = []
        // dom0's pCPUs: where it is pinned, or where dom0_vcpus_pin would pin it (0…n-1).
        var dom0CPUs = Set<Int>()
        let pinned = rows.allSatisfy { $0.hardAffinity.resolved(cpuCount: cpus).count == 1 }
        if pinned {
            for row in rows { dom0CPUs.formUnion(row.hardAffinity.resolved(cpuCount: cpus).cpus ?? []) }
            evidence.append("dom0 runs on pCPUs \(dom0CPUs.cpuListText) (its hard affinity)")
        } else {
            dom0CPUs = Set(0..<min(rows.count, cpus))
            evidence.append("dom0 is not pinned; judged against pCPUs \(dom0CPUs.cpuListText), where dom0_vcpus_pin puts its \(rows.count) vCPUs")
        }
        let free = all.subtracting(dom0CPUs)
        let freeText = free.cpuListText
        var problems: [String] = []
        var remedies: [String] = []
        var undecided: [String] = []

        // Running guests.
        if let list = context.vcpuList.value {
            var byDomain: [Int: [VcpuList.Vcpu]] = [:]
            for row in list.vcpus where row.domid != 0 { byDomain[row.domid, default: []].append(row) }
            for (domid, vcpus) in byDomain.sorted(by: { $0.key < $1.key }) {
                let name = vcpus[0].name
                var overlap = Set<Int>()
                for vcpu in vcpus {
                    overlap.formUnion(Set(vcpu.hardAffinity.resolved(cpuCount: cpus).cpus ?? []).intersection(dom0CPUs))
                }
                let affinities = Set(vcpus.map { $0.hardAffinity.description }).sorted().joined(separator: ", ")
                evidence.append("xl vcpu-list: \(name) (id \(domid)) hard affinity \(affinities)")
                if !overlap.isEmpty {
                    problems.append("running guest \(name) may use dom0's pCPU(s) \(overlap.cpuListText)")
                    remedies.append("xl vcpu-pin \(name) all \(freeText)")
                }
            }
        }

        // Guest configs, with xl.conf's global masks applied as xl does.
        let conf = context.xlConf?.value
        var seenTexts = Set<String>()
        for path in CheckInputs.guestConfigPaths(listings: context.inputs.directories) {
            guard let text = context.inputs.files[path], seenTexts.insert(text).inserted else { continue }
            do {
                let guest = try XlGuestConfig(parsing: text, source: path)
                let affinity = try guest.hardAffinity(allCPUs: all, nodeCPUs: context.nodeCPUs, xlConf: conf)
                var overlap = Set<Int>()
                for set in affinity { overlap.formUnion(set.intersection(dom0CPUs)) }
                let where_ = guest.cpusLine.map { "\(path):\($0)" } ?? path
                let cpusText: String
                switch guest.cpus {
                case .all(let spec)?: cpusText = "cpus=\"\(spec)\""
                case .perVCPU(let specs)?: cpusText = "cpus=[" + specs.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
                case nil: cpusText = "no cpus="
                }
                evidence.append("\(where_): \(guest.name ?? "guest") \(cpusText)")
                if !overlap.isEmpty {
                    problems.append("guest config \(path) lets \(guest.name ?? "its guest") use dom0's pCPU(s) \(overlap.cpuListText)")
                    let line = guest.cpusLine.map { " (line \($0))" } ?? ""
                    remedies.append("in \(path)\(line) set cpus=\"\(freeText)\"")
                }
            } catch {
                undecided.append("\(error)")
            }
        }

        // xl.conf's global masks on their own.
        if let conf {
            for (type, typeMask) in [("PV", conf.pvCpumask), ("HVM/PVH", conf.hvmCpumask)] {
                let masks = [conf.cpumask, typeMask].compactMap { $0 }
                guard !masks.isEmpty else { continue }
                do {
                    var effective = all
                    for mask in masks { effective.formIntersection(try mask.spec.resolve(allCPUs: all, nodeCPUs: context.nodeCPUs)) }
                    let overlap = effective.intersection(dom0CPUs)
                    let described = masks.map { "\($0.key)=\"\($0.spec)\"" }.joined(separator: " ∩ ")
                    evidence.append("\(XlConf.path): \(described) → \(type) guests may use \(effective.cpuListText)")
                    if !overlap.isEmpty {
                        problems.append("\(XlConf.path) lets \(type) guests use dom0's pCPU(s) \(overlap.cpuListText)")
                        for mask in masks where !(try mask.spec.resolve(allCPUs: all, nodeCPUs: context.nodeCPUs)).isDisjoint(with: dom0CPUs) {
                            remedies.append("in \(XlConf.path) (line \(mask.line)) set \(mask.key)=\"\(freeText)\"")
                        }
                    }
                } catch {
                    undecided.append("\(XlConf.path): \(error.message)")
                }
            }
        } else if let reason = context.xlConf?.reason {
            undecided.append(reason)
        }
        evidence += undecided

        if !problems.isEmpty {
            var remedy: String
            if free.isEmpty {
                remedy = "dom0 uses every pCPU: first give it fewer (see cpu.dom0-vcpus and cpu.dom0-pin), then keep guests off its pCPUs."
            } else {
                var unique: [String] = []
                for item in remedies where !unique.contains(item) { unique.append(item) }
                remedy = "Keep guests on pCPUs \(freeText): " + unique.joined(separator: "; ") + "."
                if conf?.cpumask == nil {
                    remedy += " Host-wide for new guests: vm.cpumask=\"\(freeText)\" in \(XlConf.path)."
                }
            }
            return result(
                .cpuGuestOverlap, .warning, problems.joined(separator: "; "), evidence: evidence, remedy: remedy)
        }
        if !undecided.isEmpty {
            return result(
                .cpuGuestOverlap, .unknown, "cannot resolve every guest CPU list", evidence: evidence,
                remedy: "Fix the config files named in the evidence.")
        }
        return result(.cpuGuestOverlap, .ok, "no guest can run on dom0's pCPU(s) \(dom0CPUs.cpuListText)", evidence: evidence)
    }
}
