import Testing
@testable import Dom0TuneCore

@Suite struct AuditChecksTests {
    @Test func aWellTunedDom0FlagsNothing() throws {
        let scenario = try CheckScenario.wellTuned()
        let results = scenario.results
        #expect(results.map(\.id) == CheckID.allCases.map(\.rawValue))
        for result in results {
            #expect(result.severity == .ok, "\(result.id): \(result.summary) \(result.evidence)")
            #expect(result.remedy == nil && !result.evidence.isEmpty)
        }
        #expect(CheckResult.worst(results) == .ok)
    }

    @Test func notInDom0IsCritical() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[CheckInputs.capabilitiesPath] = ""
        #expect(scenario.result(.hostDom0).severity == .critical)
        scenario.inputs.files[CheckInputs.capabilitiesPath] = nil
        #expect(scenario.result(.hostDom0).severity == .critical)
        #expect(scenario.flagged == ["host.dom0"])
    }

    @Test func weightDifferentFromTheConfigurationIsFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.configuredWeight = 512
        #expect(scenario.flagged == ["sched.weight"])
        let result = scenario.result(.schedWeight)
        #expect(result.severity == .warning)
        #expect(result.remedy?.contains("xl sched-credit2 -d Domain-0 -w 512") == true)
        scenario.inputs.observedWeight = .init(scheduler: .rtds, weight: nil, source: "xl cpupool-list")
        #expect(scenario.result(.schedWeight).severity == .warning)
        scenario.inputs.observedWeight = nil
        #expect(scenario.result(.schedWeight).severity == .unknown)
    }

    @Test func grubEditedButUpdateGrubNotRunIsPending() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.setConfigured("dom0_mem=1G,max:1G dom0_max_vcpus=1 dom0_vcpus_pin")
        #expect(scenario.flagged == ["boot.cmdline-pending"])
        let result = scenario.result(.bootCmdlinePending)
        #expect(result.summary.contains("update-grub was not run"))
        #expect(result.remedy?.hasPrefix("Run update-grub") == true)
        #expect(result.rebootRequired)
    }

    @Test func updateGrubRunButNotRebootedIsPending() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[GrubConfig.path] = try GrubFixture.grubCfg(xenArgs: "dom0_mem=1G,max:1G dom0_max_vcpus=1 dom0_vcpus_pin")
        scenario.setConfigured("dom0_mem=1G,max:1G dom0_max_vcpus=1 dom0_vcpus_pin")
        #expect(scenario.flagged == ["boot.cmdline-pending"])
        #expect(scenario.result(.bootCmdlinePending).summary.contains("dom0_mem: 512M,max:512M → 1G,max:1G"))
    }

    @Test func equalMeaningIsNotPending() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.setConfigured("dom0_mem=524288K,max:0x80000 dom0_max_vcpus=1-1 dom0_vcpus_pin=true")
        scenario.inputs.files[GrubConfig.path] = try GrubFixture.grubCfg(xenArgs: "max:512M dom0_max_vcpus=1 dom0_vcpus_pin=1 dom0_mem=512M,max:512M")
        #expect(scenario.flagged == [])
    }

    @Test func defaultEntryWithoutXenIsFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[GrubDefaults.xenDropInPath] = scenario.inputs.files[GrubDefaults.xenDropInPath]!
            .replacing("#XEN_OVERRIDE_GRUB_DEFAULT=\n", with: "XEN_OVERRIDE_GRUB_DEFAULT=0\n")
        scenario.inputs.files[GrubConfig.path] = try GrubFixture.grubCfg(default: "0", xenArgs: CheckScenario.tunedArgs)
        #expect(scenario.flagged == ["boot.default-entry"])
        let result = scenario.result(.bootDefaultEntry)
        #expect(result.remedy?.contains("XEN_OVERRIDE_GRUB_DEFAULT=1") == true)
    }

    @Test func savedEntryIsFollowedThroughGrubenv() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[GrubDefaults.mainPath] = scenario.inputs.files[GrubDefaults.mainPath]! + "GRUB_DEFAULT=saved\n"
        scenario.inputs.files[GrubDefaults.xenDropInPath] = scenario.inputs.files[GrubDefaults.xenDropInPath]!
            .replacing("#XEN_OVERRIDE_GRUB_DEFAULT=\n", with: "XEN_OVERRIDE_GRUB_DEFAULT=0\n")
        scenario.inputs.files[GrubConfig.path] = try GrubFixture.grubCfg(default: "${saved_entry}", xenArgs: CheckScenario.tunedArgs)
        var env = "# GRUB Environment Block\nsaved_entry=Debian GNU/Linux\n"
        env += String(repeating: "#", count: 1024 - env.utf8.count)
        scenario.inputs.files[GrubEnvironment.path] = env
        #expect(scenario.flagged == ["boot.default-entry"])
        #expect(scenario.result(.bootDefaultEntry).remedy?.hasPrefix("Run: grub-set-default") == true)
        env = env.replacing("saved_entry=Debian GNU/Linux\n", with: "saved_entry=2\n##################\n")
        scenario.inputs.files[GrubEnvironment.path] = env
        #expect(scenario.flagged == [])
    }

    @Test func withoutGrubCfgTheDefaultsFileDecidesWhereItCan() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[GrubConfig.path] = nil
        #expect(scenario.result(.bootDefaultEntry).severity == .ok)  // "Debian GNU/Linux, with Xen hypervisor"
        scenario.inputs.files[GrubDefaults.xenDropInPath] = scenario.inputs.files[GrubDefaults.xenDropInPath]!
            .replacing("#XEN_OVERRIDE_GRUB_DEFAULT=\n", with: "XEN_OVERRIDE_GRUB_DEFAULT=0\n")
        #expect(scenario.result(.bootDefaultEntry).severity == .warning)  // GRUB_DEFAULT=0: Debian's plain Linux entry
        scenario.inputs.files[GrubDefaults.mainPath] = scenario.inputs.files[GrubDefaults.mainPath]!.replacing("GRUB_DEFAULT=0", with: "GRUB_DEFAULT=4")
        #expect(scenario.result(.bootDefaultEntry).severity == .unknown)
    }

    @Test func defaultEntryIsUnknownWithoutGrub() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[GrubConfig.path] = nil
        scenario.inputs.files[GrubDefaults.mainPath] = nil
        scenario.inputs.files[GrubDefaults.xenDropInPath] = nil
        #expect(scenario.flagged == ["boot.default-entry", "boot.cmdline-pending"])
        #expect(scenario.results.filter { $0.severity != .ok }.allSatisfy { $0.severity == .unknown })
    }

    @Test(arguments: ["", "dom0_mem=512M", "dom0_mem=512M,max:1G", "dom0_mem=max:512M", "dom0_mem=1G+25%"])
    func dom0MemThatDoesNotFixTheSizeIsFlagged(_ option: String) throws {
        var scenario = try CheckScenario.wellTuned()
        try scenario.setEverywhere("\(option) dom0_max_vcpus=1 dom0_vcpus_pin console=com1")
        let expected: Set<String> =
            option.isEmpty || option.hasSuffix("%") ? ["mem.dom0-mem", "mem.dom0-actual"] : ["mem.dom0-mem"]
        // Without a fixed size there is nothing to compare dom0's memory with (unknown) unless
        // the size resolves to what dom0 has.
        let flagged = scenario.flagged
        #expect(flagged.contains("mem.dom0-mem"))
        #expect(flagged.isSubset(of: expected.union(["mem.dom0-actual"])))
        let result = scenario.result(.memDom0Mem)
        #expect(result.severity == .warning)
        #expect(result.remedy?.contains("dom0_mem=512M,max:512M") == true)
        #expect(result.remedy?.contains("/etc/default/grub.d/xen.cfg") == true)
        #expect(result.rebootRequired)
    }

    @Test func relativeDom0MemThatResolvesEquallyIsFine() throws {
        var scenario = try CheckScenario.wellTuned()
        try scenario.setEverywhere("dom0_mem=25%,max:25% dom0_max_vcpus=1 dom0_vcpus_pin")
        // 25% of 2047 MiB is 511 MiB: within a MiB of what xl list shows.
        #expect(scenario.flagged == [])
    }

    @Test func balloonedDom0IsFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.setXl("list", try XenFixtures.text("credit2/xl-list.txt").replacing("   512     1", with: "   384     1"))
        #expect(scenario.flagged == ["mem.dom0-actual"])
        #expect(scenario.result(.memDom0Actual).remedy?.contains("xl mem-set 0 512m") == true)
    }

    @Test(arguments: [
        ("autoballoon=\"on\"", true), ("autoballoon=1", true), ("autoballoon=\"off\"", false), ("autoballoon=0", false),
        ("autoballoon=\"auto\"", false), ("#autoballoon=\"auto\"", false),
    ])
    func autoballoonFollowsXlsRules(_ line: String, _ flagged: Bool) throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[XlConf.path] = try XenFixtures.text("etc/xen-xl.conf").replacing("#autoballoon=\"auto\"", with: line)
        #expect(scenario.flagged == (flagged ? ["mem.autoballoon"] : []))
    }

    @Test func autoWithoutARecognizedDom0MemBalloons() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[XlConf.path] = try XenFixtures.text("etc/xen-xl.conf")
        try scenario.setEverywhere("dom0_mem=25%,max:25% dom0_max_vcpus=1 dom0_vcpus_pin")
        #expect(scenario.flagged == ["mem.autoballoon"])
        #expect(scenario.result(.memAutoballoon).remedy?.contains("autoballoon=\"off\"") == true)
    }

    @Test func legacyXendBallooningIsFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[XendConfig.path] = "(xend-relocation-server no)\n(dom0-min-mem 196)\n(enable-dom0-ballooning yes)\n"
        #expect(scenario.flagged == ["mem.autoballoon"])
        #expect(scenario.result(.memAutoballoon).remedy?.contains("(line 3) write (enable-dom0-ballooning no)") == true)
        scenario.inputs.files[XendConfig.path] = "(enable-dom0-ballooning no)\n"
        #expect(scenario.flagged == [])
    }

    @Test(arguments: [
        ("dom0_mem=512M,max:512M dom0_vcpus_pin", "cpu.dom0-vcpus"),
        ("dom0_mem=512M,max:512M dom0_max_vcpus=1-4 dom0_vcpus_pin", "cpu.dom0-vcpus"),
        ("dom0_mem=512M,max:512M dom0_max_vcpus=2 dom0_vcpus_pin", "cpu.dom0-vcpus"),
        ("dom0_mem=512M,max:512M dom0_max_vcpus=1", "cpu.dom0-pin"),
        ("dom0_mem=512M,max:512M dom0_max_vcpus=1 dom0_vcpus_pin=0", "cpu.dom0-pin"),
    ])
    func cpuMisconfigurationsAreFlagged(_ args: String, _ id: String) throws {
        var scenario = try CheckScenario.wellTuned()
        try scenario.setEverywhere(args)
        if id == "cpu.dom0-pin" {
            scenario.setXl("vcpu-list", try XenFixtures.text("credit2/xl-vcpu-list.txt").replacing("0 / all", with: "all / all"))
        }
        #expect(scenario.flagged == [id])
        // dom0 with fewer vCPUs online than the option gives is fixed now with xl vcpu-set.
        #expect(scenario.result(CheckID(rawValue: id)!).rebootRequired == !args.contains("dom0_max_vcpus=2"))
    }

    @Test func anUnpinnedVcpuDespiteTheOptionIsRepinnedWithoutReboot() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.setXl("vcpu-list", try XenFixtures.text("credit2/xl-vcpu-list.txt").replacing("0 / all", with: "all / all"))
        #expect(scenario.flagged == ["cpu.dom0-pin"])
        let result = scenario.result(.cpuDom0Pin)
        #expect(result.remedy == "Pin again now: xl vcpu-pin Domain-0 0 0.")
        #expect(!result.rebootRequired)
    }

    @Test func theCapturedGuestPinnedAwayFromDom0IsFine() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.setXl("list", try XenFixtures.text("with-domu/xl-list.txt"))
        scenario.setXl("vcpu-list", try XenFixtures.text("with-domu/xl-vcpu-list.txt"))
        scenario.addGuestConfig("tiny.cfg", "name = \"tiny\"\nmemory = 128\ncpus = \"1\"\n")
        scenario.addGuestConfig("tiny", "name = \"tiny\"\nmemory = 128\ncpus = \"1\"\n", auto: true)
        #expect(scenario.flagged == [])
    }

    @Test func overlappingGuestsAndMasksAreFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.setXl("list", try XenFixtures.text("with-domu/xl-list.txt"))
        scenario.setXl("vcpu-list", try XenFixtures.text("with-domu/xl-vcpu-list.txt").replacing("1 / all\n", with: "all / all\n"))
        #expect(scenario.flagged == ["cpu.guest-overlap"])
        #expect(scenario.result(.cpuGuestOverlap).remedy?.contains("xl vcpu-pin tiny all 1") == true)

        scenario = try CheckScenario.wellTuned()
        scenario.addGuestConfig("web.cfg", "name='web'\nvcpus=2\ncpus=[\"1\", \"0-1,^1\"]\n")
        #expect(scenario.flagged == ["cpu.guest-overlap"])
        #expect(scenario.result(.cpuGuestOverlap).remedy?.contains("in /etc/xen/web.cfg (line 3) set cpus=\"1\"") == true)

        scenario = try CheckScenario.wellTuned()
        scenario.addGuestConfig("db.cfg", "name='db'\n")  // no cpus=: every pCPU
        #expect(scenario.flagged == ["cpu.guest-overlap"])
        scenario.inputs.files[XlConf.path]! += "vm.cpumask=\"1\"\n"  // …unless xl.conf keeps guests off
        #expect(scenario.flagged == [])
        scenario.inputs.files[XlConf.path]! += "vm.pv.cpumask=\"nodes:0\"\n"
        #expect(scenario.flagged == [])
        scenario.inputs.files[XlConf.path] = try XenFixtures.text("etc/xen-xl.conf")
            .replacing("#vm.cpumask=\"0-7\"", with: "vm.cpumask=\"0-7\"").replacing("#autoballoon=\"auto\"", with: "autoballoon=0")
        #expect(scenario.flagged == ["cpu.guest-overlap"])
    }

    @Test func swapInUseIsFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[CheckInputs.meminfoPath] = try XenFixtures.text("credit2/proc-meminfo.txt")
            .replacing("SwapTotal:             0 kB", with: "SwapTotal:       1048572 kB")
            .replacing("SwapFree:              0 kB", with: "SwapFree:         917500 kB")
        #expect(scenario.flagged == ["mem.swap"])
        #expect(scenario.result(.memSwap).summary == "dom0 has 131072 kB in swap")
        // The memory watch's verdict wins over the snapshot…
        scenario.inputs.swapCheck = CheckResult(id: "mem.swap", severity: .critical, summary: "dom0 is swapping (120 pages/s now)")
        #expect(scenario.result(.memSwap).severity == .critical)
        // …unless it cannot tell (watch off): then the snapshot decides, with the watch's word as evidence.
        scenario.inputs.swapCheck = CheckResult(id: "mem.swap", severity: .unknown, summary: "memory watch is off ([Memory] Watch=no)")
        #expect(scenario.result(.memSwap).severity == .warning)
        #expect(scenario.result(.memSwap).evidence.contains("memory watch: memory watch is off ([Memory] Watch=no)"))
    }

    @Test func conflictingActorsAreFlagged() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.processes?.append(.init(pid: 777, name: "xen-lowmemd"))
        #expect(scenario.flagged == ["conflict.actors"])

        scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[CheckInputs.rcLocalPath] = "#!/bin/sh -e\nxl sched-credit -d Domain-0 -w 512\nexit 0\n"
        #expect(scenario.flagged == ["conflict.actors"])
        #expect(scenario.result(.conflictActors).remedy?.contains("line 2 of /etc/rc.local") == true)

        scenario = try CheckScenario.wellTuned()
        scenario.inputs.directories[CheckInputs.cronDirectory] = ["xen-weight", "foo.dpkg-old"]
        scenario.inputs.files["/etc/cron.d/xen-weight"] = "@reboot root /usr/sbin/xl sched-credit2 -d Domain-0 -w 512\n"
        scenario.inputs.files["/etc/cron.d/foo.dpkg-old"] = "@reboot root xl sched-credit -d 0 -w 9\n"
        #expect(scenario.flagged == ["conflict.actors"])
        #expect(scenario.result(.conflictActors).evidence.filter { $0.contains("sched-credit") && !$0.hasPrefix("scanned") }.count == 1)

        scenario = try CheckScenario.wellTuned()
        scenario.inputs.files[LibvirtLibxlConf.path] = "autoballoon = 1\n"
        #expect(scenario.flagged == ["conflict.actors"])
        scenario.inputs.files[LibvirtLibxlConf.path] = "#autoballoon = 1\n"  // automatic: dom0_mem= is set
        #expect(scenario.flagged == [])
    }

    @Test func withoutXlEveryToolstackCheckIsUnknown() throws {
        var scenario = try CheckScenario.wellTuned()
        for key in ["info", "list", "vcpu-list"] { scenario.inputs.toolstack[key] = .failedToRun("cannot run xl: No such file or directory") }
        scenario.inputs.observedWeight = nil
        let results = scenario.results
        let unknown = Set(results.filter { $0.severity == .unknown }.map(\.id))
        #expect(unknown == [
            "sched.weight", "boot.cmdline-pending", "mem.dom0-mem", "mem.dom0-actual", "cpu.dom0-vcpus", "cpu.dom0-pin",
            "cpu.guest-overlap",
        ])
        #expect(results.filter { $0.severity != .ok && $0.severity != .unknown }.isEmpty)
        #expect(CheckResult.worst(results) == .unknown)
    }

    @Test func garbageToolstackOutputIsUnknownNotACrash() throws {
        for garbage in HostileInput.all {
            var scenario = try CheckScenario.wellTuned()
            for key in ["info", "list", "vcpu-list"] { scenario.setXl(key, garbage) }
            let results = scenario.results
            #expect(results.count == CheckID.allCases.count)
        }
    }

    @Test func reportsRenderEveryCheck() throws {
        var scenario = try CheckScenario.wellTuned()
        scenario.inputs.configuredWeight = 512
        let results = scenario.results
        let json = CheckReport.json(results)
        #expect(json["worst"]?.stringValue == "warning")
        #expect(json["checks"]?.arrayValue?.count == 12)
        #expect(json["checks"]?[1]?["remedy"]?.stringValue?.isEmpty == false)
        let text = CheckReport.text(results)
        #expect(text.hasPrefix("dom0tuned check: WARNING (1 warning of 12 checks)\n"))
        #expect(text.contains("WARNING   sched.weight"))
        #expect(text.contains("remedy: Start dom0tuned"))
    }
}
