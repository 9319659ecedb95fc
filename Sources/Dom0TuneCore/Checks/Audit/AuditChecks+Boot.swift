extension AuditChecks {
    /// The options dom0tuned audits, read from one command line, comparable by meaning
    /// (`512M` equals `524288`): a value Xen would refuse is kept as its error text.
    struct AuditedOptions: Equatable {
        var dom0Mem: String
        var dom0MaxVcpus: String
        var dom0VcpusPin: String

        init(_ line: XenCommandLine) {
            do { dom0Mem = try line.dom0Mem().map { "\($0.normalized)" } ?? "(unset)" } catch { dom0Mem = "invalid (\(error.message))" }
            do { dom0MaxVcpus = try line.dom0MaxVcpus().map { "\($0)" } ?? "(unset)" } catch {
                dom0MaxVcpus = "invalid (\(error.message))"
            }
            do { dom0VcpusPin = try line.dom0VcpusPin() ? "on" : "off" } catch { dom0VcpusPin = "invalid (\(error.message))" }
        }

        /// `name: a → b` for each option that differs.
        func differences(to other: AuditedOptions) -> [String] {
            var result: [String] = []
            if dom0Mem != other.dom0Mem { result.append("dom0_mem: \(dom0Mem) → \(other.dom0Mem)") }
            if dom0MaxVcpus != other.dom0MaxVcpus { result.append("dom0_max_vcpus: \(dom0MaxVcpus) → \(other.dom0MaxVcpus)") }
            if dom0VcpusPin != other.dom0VcpusPin { result.append("dom0_vcpus_pin: \(dom0VcpusPin) → \(other.dom0VcpusPin)") }
            return result
        }
    }

    // MARK: boot.cmdline-pending

    static func bootCmdlinePending(_ context: CheckContext) -> CheckResult {
        guard let running = context.running.value else {
            return result(
                .bootCmdlinePending, .unknown, "cannot read the running Xen command line",
                evidence: [context.running.reason ?? ""], remedy: "Check that xl works as root: \"xl info\".")
        }
        var evidence = ["running (xl info xen_commandline): \(running)"]
        let runningOptions = AuditedOptions(running)
        var nextBoot: (options: AuditedOptions, line: XenCommandLine)?
        switch context.grubConfig {
        case .available(let config)?:
            if let entry = context.nextBootXenEntry, let line = entry.xenCommandLine {
                evidence.append("next boot (\(GrubConfig.path):\(entry.line) '\(entry.title)'): \(line)")
                nextBoot = (AuditedOptions(line), line)
            } else {
                evidence.append("\(GrubConfig.path): no entry boots Xen (\(config.allEntries.count) entries)")
            }
        case .unavailable(let reason)?:
            evidence.append("\(GrubConfig.path): \(reason)")
        case nil:
            evidence.append("\(GrubConfig.path): missing")
        }
        var configured: AuditedOptions?
        if let defaults = context.grubDefaults {
            switch defaults.xenDefaultArguments {
            case .known(let text):
                let line = XenCommandLine(text)
                evidence.append(
                    "configured (GRUB_CMDLINE_XEN + GRUB_CMDLINE_XEN_DEFAULT in \(defaults.paths.joined(separator: ", "))): "
                        + (line.options.isEmpty ? "(empty)" : "\(line)"))
                configured = AuditedOptions(line)
            case .unknown(let reason):
                evidence.append("configured GRUB_CMDLINE_XEN_DEFAULT cannot be determined: \(reason)")
            }
            for error in defaults.errors { evidence.append("\(error)") }
        }
        guard nextBoot != nil || configured != nil else {
            return result(
                .bootCmdlinePending, .unknown, "no GRUB configuration for Xen found to compare with", evidence: evidence,
                remedy: "If Xen is booted another way (EFI xen.cfg, PXE), compare its command line with \"xl info\" by hand.")
        }
        var problems: [String] = []
        var remedies: [String] = []
        if let nextBoot {
            let differences = runningOptions.differences(to: nextBoot.options)
            if !differences.isEmpty {
                problems.append("the next boot changes \(differences.joined(separator: "; "))")
            }
            if let configured {
                let pending = nextBoot.options.differences(to: configured)
                if !pending.isEmpty {
                    problems.append("update-grub was not run after editing the GRUB defaults: \(pending.joined(separator: "; "))")
                    remedies.append("Run update-grub to write the configured options into \(GrubConfig.path)")
                }
            }
            if !differences.isEmpty || !remedies.isEmpty {
                remedies.append("reboot to run with them")
            }
        } else if let configured {
            let differences = runningOptions.differences(to: configured)
            if !differences.isEmpty {
                problems.append("the GRUB defaults differ from the running options: \(differences.joined(separator: "; "))")
                remedies.append("Run update-grub, then reboot to run with the configured options")
            }
        }
        if problems.isEmpty {
            return result(
                .bootCmdlinePending, .ok, "the next boot keeps the running dom0_mem, dom0_max_vcpus and dom0_vcpus_pin",
                evidence: evidence)
        }
        var remedy = remedies.joined(separator: ", then ") + "."
        remedy += " To keep the running options instead: " + keepRunningRemedy(context, running: running)
        return result(
            .bootCmdlinePending, .warning, "reboot pending: " + problems.joined(separator: "; "), evidence: evidence,
            remedy: remedy, reboot: true)
    }

    /// The GRUB edit that makes the next boot use the running dom0 options.
    static func keepRunningRemedy(_ context: CheckContext, running: XenCommandLine) -> String {
        var line = context.grubXenDefaultBase
        for name in ["dom0_mem", "dom0_max_vcpus", "dom0_vcpus_pin"] {
            let current = running.options.filter { $0.name == name || $0.name == "no-" + name }
            line = line.replacing(name, with: current.isEmpty ? nil : current.map(\.text).joined(separator: " "))
        }
        let (path, number) = context.grubFile(for: "GRUB_CMDLINE_XEN_DEFAULT")
        let place = number.map { "\(path) (line \($0))" } ?? path
        return "in \(place) set GRUB_CMDLINE_XEN_DEFAULT=\"\(line)\", then run update-grub (no reboot needed)."
    }

    // MARK: boot.default-entry

    static func bootDefaultEntry(_ context: CheckContext) -> CheckResult {
        var evidence: [String] = []
        var problems: [String] = []
        var decided = false
        let config = context.grubConfig?.value
        let environment = context.grubEnvironment
        if let problem = context.grubEnvironmentProblem { evidence.append(problem) }
        let xenTitle = config?.allEntries.first(where: { $0.bootsXen })?.title ?? debianXenTitle(context)

        if let config {
            let value = config.defaultValue
            let (entry, fellBack) = config.resolve(value, environment: environment)
            var line = "\(GrubConfig.path): set default=\"\(value)\""
            if value.contains("saved_entry") { line += " (saved_entry=\"\(environment.variables["saved_entry"] ?? "")\")" }
            if let entry {
                line += " → '\(entry.title)'\(fellBack ? " (names no entry; GRUB falls back to the first)" : "")"
                line += entry.bootsXen ? ", boots Xen" : ", does not boot Xen"
                decided = true
                if !entry.bootsXen { problems.append("GRUB's default entry '\(entry.title)' does not boot Xen") }
            } else {
                line += " → no menu entry"
            }
            evidence.append(line)
            if let next = environment.variables["next_entry"], !next.isEmpty {
                evidence.append("\(GrubEnvironment.path): next_entry=\"\(next)\" (one-time choice for the next boot)")
            }
        } else if let reason = context.grubConfig?.reason {
            evidence.append("\(GrubConfig.path): \(reason)")
        } else {
            evidence.append("\(GrubConfig.path): missing")
        }

        var configuredValue: String?
        if let defaults = context.grubDefaults {
            switch defaults.grubDefault {
            case .known(let value):
                configuredValue = value
                let location = defaults.location(of: "GRUB_DEFAULT").map { " (\($0.source):\($0.line))" } ?? " (default)"
                evidence.append("configured GRUB_DEFAULT=\"\(value)\"\(location)")
                if value == "saved" {
                    // update-grub writes set default="${saved_entry}": judged above via grubenv.
                } else if let config {
                    let (entry, _) = config.resolve(value, environment: environment)
                    if let entry {
                        decided = true
                        if !entry.bootsXen {
                            problems.append("after the next update-grub GRUB_DEFAULT=\"\(value)\" boots '\(entry.title)', without Xen")
                        }
                    }
                } else if value.hasSuffix("with Xen hypervisor") || value.lowercased().contains("xen") {
                    decided = true
                } else if value == "0" || value == "1" {
                    // Debian's 10_linux entries (Linux, then its "Advanced options" submenu) sort
                    // before 20_linux_xen's: entries 0 and 1 boot Linux without Xen.
                    decided = true
                    problems.append(
                        "GRUB_DEFAULT=\(value) boots Linux without Xen (Debian's menu lists 10_linux's entries before 20_linux_xen's)")
                } else if value.allSatisfy(\.isNumber) {
                    evidence.append("without \(GrubConfig.path) the entry numbered \(value) cannot be named")
                }
            case .unknown(let reason):
                evidence.append("configured GRUB_DEFAULT cannot be determined: \(reason)")
            }
        }

        if !problems.isEmpty {
            return result(
                .bootDefaultEntry, .warning, problems.joined(separator: "; "), evidence: evidence,
                remedy: defaultEntryRemedy(context, configuredValue: configuredValue, xenTitle: xenTitle))
        }
        guard decided else {
            return result(
                .bootDefaultEntry, .unknown, "cannot tell which entry GRUB boots by default", evidence: evidence,
                remedy: "Check /boot/grub/grub.cfg (run update-grub) and GRUB_DEFAULT in /etc/default/grub.")
        }
        return result(.bootDefaultEntry, .ok, "GRUB's default entry boots Xen", evidence: evidence)
    }

    static func debianXenTitle(_ context: CheckContext) -> String {
        let distributor = context.grubDefaults?.value("GRUB_DISTRIBUTOR").text ?? "Debian"
        return "\(distributor.isEmpty ? "Debian" : distributor) GNU/Linux, with Xen hypervisor"
    }

    static func defaultEntryRemedy(_ context: CheckContext, configuredValue: String?, xenTitle: String) -> String {
        if configuredValue == "saved" {
            return "Run: grub-set-default \"\(xenTitle)\" (GRUB_DEFAULT=saved keeps the last choice)."
        }
        let xenConfig = context.inputs.files[GrubDefaults.xenDropInPath]
        let location = context.grubDefaults?.location(of: "GRUB_DEFAULT")
        // Debian's xen.cfg sets GRUB_DEFAULT itself when XEN_OVERRIDE_GRUB_DEFAULT=1, unless a
        // file read after it sets GRUB_DEFAULT again.
        let order = context.grubDefaults?.paths ?? []
        let setAfterXenCfg = location.map { location in
            (order.firstIndex(of: location.source) ?? 0) > (order.firstIndex(of: GrubDefaults.xenDropInPath) ?? Int.max)
        } ?? false
        if let xenConfig, xenConfig.contains("XEN_OVERRIDE_GRUB_DEFAULT"), !setAfterXenCfg {
            return """
                In \(GrubDefaults.xenDropInPath) set XEN_OVERRIDE_GRUB_DEFAULT=1 (Debian's xen.cfg then makes \
                '\(xenTitle)' the default), run update-grub.
                """
        }
        let path = location?.source ?? GrubDefaults.mainPath
        let place = location.map { "\(path) (line \($0.line))" } ?? path
        return "In \(place) set GRUB_DEFAULT=\"\(xenTitle)\", run update-grub."
    }
}

extension Dom0MemSpec {
    /// The same spec with every amount in canonical units, for comparing by meaning.
    var normalized: String { description }
}
