import Testing
@testable import Dom0TuneCore

@Suite struct TuningStateMachineTests {
    // MARK: - Start-up

    @Test func startup_onCredit2_detectsWithOneListCall_setsWeight_verifies_andReportsApplied() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(.credit2, weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.commands == [Command.detect, Command.set(.credit2, 512), Command.read(.credit2)])
        #expect(driver.steps == [.detect, .set, .verify])
        #expect(driver.machine.scheduler == .credit2)
        #expect(driver.machine.observedWeight == 512)
        #expect(driver.machine.driftCount == 0)
    }

    @Test func startup_onCredit_usesSchedCredit_forSetAndVerify() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong(scheduler: "credit")),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(.credit, weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit, weight: 512, cap: 0, changed: true))
        #expect(driver.commands == [Command.detect, ["sched-credit", "-d", "Domain-0", "-w", "512"], ["sched-credit", "-d", "Domain-0"]])
    }

    @Test func startup_whenWeightAlreadyAtTarget_setsNothing_andReportsUnchanged() throws {
        var driver = TuningDriver(WeightTarget(weight: 256))
        let report = driver.cycle(.startup, [Captured.ok(try Captured.listLong())])
        #expect(report == .applied(scheduler: .credit2, weight: 256, cap: 0, changed: false))
        #expect(driver.commands == [Command.detect])
    }

    @Test func startup_withoutCapConfigured_neverPassesDashC_andAcceptsAnyCap() throws {
        var driver = TuningDriver(WeightTarget(weight: 512))
        _ = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512, cap: 80)),
        ])
        #expect(driver.commands[1] == ["sched-credit2", "-d", "Domain-0", "-w", "512"])
        #expect(!driver.commands.joined().contains("-c"))
        #expect(driver.machine.observedCap == 80)
    }

    @Test func startup_withCapConfigured_passesDashC_andVerifiesTheCap() throws {
        var driver = TuningDriver(WeightTarget(weight: 512, cap: 50))
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512, cap: 50)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 50, changed: true))
        #expect(driver.commands[1] == Command.set(.credit2, 512, cap: 50))
    }

    @Test func startup_whenOnlyTheConfiguredCapDiffers_setsWeightAndCap() throws {
        var driver = TuningDriver(WeightTarget(weight: 256, cap: 10))
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 256, cap: 10)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 256, cap: 10, changed: true))
        #expect(driver.commands[1] == Command.set(.credit2, 256, cap: 10))
    }

    @Test func startup_withCapZeroConfigured_isMetByTheCapturedCapZero() throws {
        var driver = TuningDriver(WeightTarget(weight: 256, cap: 0))
        #expect(driver.cycle(.startup, [Captured.ok(try Captured.listLong())]) == .applied(scheduler: .credit2, weight: 256, cap: 0, changed: false))
    }

    @Test func startup_whenListLongLacksTheWeight_readsTheSchedTable() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong(weight: nil)),
            Captured.ok(try Captured.schedTable()),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.commands == [Command.detect, Command.read(.credit2), Command.set(.credit2, 512), Command.read(.credit2)])
    }

    // MARK: - Periodic checks

    @Test func periodicCheck_whenWeightHeld_runsExactlyOneReadCommand() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let report = driver.cycle(.periodic, [Captured.ok(try Captured.schedTable(weight: 512))])
        #expect(report == .held(scheduler: .credit2, weight: 512))
        #expect(driver.commands == [Command.read(.credit2)])
    }

    @Test func periodicCheck_onCredit_readsWithSchedCredit() throws {
        var driver = TuningDriver()
        try driver.startApplied(on: .credit)
        let report = driver.cycle(.periodic, [Captured.ok(try Captured.schedTable(.credit, weight: 512))])
        #expect(report == .held(scheduler: .credit, weight: 512))
        #expect(driver.commands == [["sched-credit", "-d", "Domain-0"]])
    }

    @Test func periodicCheck_whenWeightDrifted_setsAndVerifies_andCountsDrift() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let first = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(weight: 256)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(first == .driftRestored(scheduler: .credit2, from: 256, to: 512, driftCount: 1))
        #expect(driver.commands == [Command.read(.credit2), Command.set(.credit2, 512), Command.read(.credit2)])
        #expect(driver.machine.driftCount == 1)

        #expect(driver.cycle(.periodic, [Captured.ok(try Captured.schedTable(weight: 512))]) == .held(scheduler: .credit2, weight: 512))
        let second = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(weight: 1)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(second == .driftRestored(scheduler: .credit2, from: 1, to: 512, driftCount: 2))
        #expect(driver.machine.driftCount == 2)
    }

    @Test func reapply_whenWeightChanged_reportsApplied_notDrift() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let report = driver.cycle(.reapply, [
            Captured.ok(try Captured.schedTable(weight: 256)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.machine.driftCount == 0)
    }

    @Test func reload_withANewTarget_appliesIt_withoutCountingDrift() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        driver.machine.updateTarget(WeightTarget(weight: 1024, cap: 20))
        let report = driver.cycle(.reload, [
            Captured.ok(try Captured.schedTable(weight: 512)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 1024, cap: 20)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 1024, cap: 20, changed: true))
        #expect(driver.commands[1] == Command.set(.credit2, 1024, cap: 20))
        #expect(driver.machine.driftCount == 0)
    }

    @Test func periodicCheck_afterAFailedApply_retriesWithoutCallingItDrift() throws {
        var driver = TuningDriver()
        let failed = driver.cycle(.startup, [Captured.ok(try Captured.listLong()), try Captured.error("xl-sched-credit2-w-70000")])
        guard case .failed(.set, _, _, false)? = failed else {
            Issue.record("expected a failed set, got \(String(describing: failed))")
            return
        }
        // The weight was never in place: finding 256 again is the retry succeeding, not drift.
        let report = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(weight: 256)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.machine.driftCount == 0)
    }

    @Test func periodicCheck_beforeAnyDetection_detects_andAppliesWithoutCountingDrift() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.periodic, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.machine.driftCount == 0)
    }

    @Test func periodicCheck_afterATargetChangeThatFailedToApply_doesNotCountTheOldWeightAsDrift() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        driver.machine.updateTarget(WeightTarget(weight: 1024))
        _ = driver.cycle(.reload, [Captured.ok(try Captured.schedTable(weight: 512)), .timedOut])
        let report = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(weight: 512)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 1024)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 1024, cap: 0, changed: true))
        #expect(driver.machine.driftCount == 0)
    }

    @Test func periodicCheck_whenAReadTimedOutBetween_stillCountsLaterDrift() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        #expect(driver.cycle(.periodic, [.timedOut]) == .failed(step: .read, command: Command.read(.credit2), reason: "xl did not answer within its deadline", toolstackUnavailable: true))
        let report = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(weight: 256)), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .driftRestored(scheduler: .credit2, from: 256, to: 512, driftCount: 1))
    }

    // MARK: - Scheduler mismatch

    @Test func read_whenXlReportsAnotherScheduler_redetectsWithTheRunningScheduler() throws {
        var driver = TuningDriver()
        try driver.startApplied(on: .credit)
        // The real capture: `xl sched-credit -d Domain-0` on a credit2 host.
        let report = driver.cycle(.periodic, [
            try Captured.error("xl-sched-credit-d-Domain-0.on-credit2"),
            Captured.ok(try Captured.schedTable(.credit2, weight: 512)),
        ])
        #expect(report == .held(scheduler: .credit2, weight: 512))
        #expect(driver.commands == [Command.read(.credit), Command.read(.credit2)])
        #expect(driver.machine.scheduler == .credit2)
        // The next check uses the new scheduler straight away.
        _ = driver.cycle(.periodic, [Captured.ok(try Captured.schedTable(.credit2, weight: 512))])
        #expect(driver.commands == [Command.read(.credit2)])
    }

    @Test func read_whenMismatchAndWeightDiffers_setsWithTheRunningScheduler() throws {
        var driver = TuningDriver()
        try driver.startApplied(on: .credit)
        let report = driver.cycle(.periodic, [
            try Captured.error("xl-sched-credit-d-Domain-0.on-credit2"),
            Captured.ok(try Captured.schedTable(.credit2, weight: 256)),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(.credit2, weight: 512)),
        ])
        #expect(report == .driftRestored(scheduler: .credit2, from: 256, to: 512, driftCount: 1))
        #expect(driver.commands == [Command.read(.credit), Command.read(.credit2), Command.set(.credit2, 512), Command.read(.credit2)])
    }

    @Test func read_whenXlReportsASchedulerWithoutWeight_reportsNoWeight() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let report = driver.cycle(.periodic, [Captured.mismatch(running: "rtds", requested: "credit2")])
        #expect(report == .noWeight(scheduler: .rtds))
        #expect(driver.cycle(.periodic, []) == .noWeight(scheduler: .rtds))
    }

    @Test func mismatch_isFollowedAtMostTwice_thenFails() throws {
        var driver = TuningDriver()
        try driver.startApplied(on: .credit)
        let report = driver.cycle(.periodic, [
            Captured.mismatch(running: "credit2", requested: "credit"),
            Captured.mismatch(running: "credit", requested: "credit2"),
            Captured.mismatch(running: "credit2", requested: "credit"),
        ])
        guard case .failed(let step, _, let reason, let unavailable)? = report else {
            Issue.record("expected failed, got \(String(describing: report))")
            return
        }
        #expect(step == .read)
        #expect(reason.contains("another scheduler"))
        #expect(!unavailable)
        #expect(driver.commands.count == 3)
        // A new cycle may re-detect again.
        let next = driver.cycle(.periodic, [
            Captured.mismatch(running: "credit2", requested: "credit"), Captured.ok(try Captured.schedTable(.credit2, weight: 512)),
        ])
        #expect(next == .held(scheduler: .credit2, weight: 512))
    }

    @Test func verify_whenXlReportsAnotherScheduler_stillReportsTheChangeItMade() throws {
        var driver = TuningDriver()
        try driver.startApplied(on: .credit)
        let report = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(.credit, weight: 256)),
            Captured.ok(""),
            Captured.mismatch(running: "credit2", requested: "credit"),
            Captured.ok(try Captured.schedTable(.credit2, weight: 512)),
        ])
        #expect(report == .driftRestored(scheduler: .credit2, from: 256, to: 512, driftCount: 1))

        var fresh = TuningDriver()
        let startup = fresh.cycle(.startup, [
            Captured.ok(try Captured.listLong(scheduler: "credit")),
            Captured.ok(""),
            Captured.mismatch(running: "credit2", requested: "credit"),
            Captured.ok(try Captured.schedTable(.credit2, weight: 512)),
        ])
        #expect(startup == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
    }

    @Test func set_whenLibxlSaysTheSchedulerIsWrong_fails_withLibxlsDetail() throws {
        var driver = TuningDriver()
        // list -l claimed credit, but the pool runs credit2: the real set failure.
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong(scheduler: "credit")),
            try Captured.error("xl-sched-credit-d-Domain-0-w-512.on-credit2"),
        ])
        #expect(report == .failed(
            step: .set, command: ["sched-credit", "-d", "Domain-0", "-w", "512"],
            reason: "setting scheduler parameters failed: Getting domain sched credit: Invalid argument",
            toolstackUnavailable: false))
    }

    // MARK: - Schedulers without weight

    @Test(arguments: ["rtds", "null", "arinc653"])
    func startup_onASchedulerWithoutWeight_reportsNoWeight_andPeriodicRunsNothing(_ name: String) throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [Captured.ok(try Captured.listLong(scheduler: name))])
        #expect(report == .noWeight(scheduler: XenScheduler(name: name)))
        #expect(driver.commands == [Command.detect])
        #expect(driver.cycle(.periodic, []) == .noWeight(scheduler: XenScheduler(name: name)))
        #expect(driver.commands.isEmpty)
    }

    @Test func startup_whenCpupoolListShowsNull_reportsNoWeight() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            try Captured.error("xl-nosuchcommand"), Captured.ok(try Captured.cpupoolList(scheduler: "null")),
        ])
        #expect(report == .noWeight(scheduler: .null))
        #expect(driver.commands == [Command.detect, Command.pools])
    }

    @Test func reapply_onASchedulerWithoutWeight_detectsNothingAgain_andRunsNothing() throws {
        var driver = TuningDriver()
        _ = driver.cycle(.startup, [Captured.ok(try Captured.listLong(scheduler: "rtds"))])
        #expect(driver.cycle(.reapply, []) == .noWeight(scheduler: .rtds))
    }

    // MARK: - Detection fallback

    @Test(arguments: ["", "[]", "{}", "[{\"domid\": 0}]", "not json", "[{\"domid\": 0, \"config\": {\"b_info\": {\"sched_params\": {\"sched\": 7}}}}]"])
    func detect_whenListLongGivesNothingUsable_fallsBackToCpupoolList(_ stdout: String) throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            Captured.ok(stdout),
            Captured.ok(try Captured.cpupoolList()),
            Captured.ok(try Captured.schedTable()),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.commands == [Command.detect, Command.pools, Command.read(.credit2), Command.set(.credit2, 512), Command.read(.credit2)])
        #expect(driver.steps == [.detect, .detectPools, .read, .set, .verify])
    }

    @Test func detect_whenListLongIsNotImplemented_fallsBackToCpupoolList_onCredit() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            try Captured.error("xl-nosuchcommand"),
            Captured.ok(try XenFixtures.text("credit/xl-cpupool-list.txt")),
            Captured.ok(try Captured.schedTable(.credit)),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(.credit, weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit, weight: 512, cap: 0, changed: true))
        #expect(driver.commands[1...2] == [Command.pools, Command.read(.credit)])
    }

    @Test func detect_whenListLongAndCpupoolListAreBothGarbage_fails() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [Captured.ok("garbage"), Captured.ok("garbage")])
        guard case .failed(.detectPools, ["cpupool-list"], _, false)? = report else {
            Issue.record("expected a failed pool detection, got \(String(describing: report))")
            return
        }
    }

    @Test func detect_whenCpupoolListFails_fails_withXlsMessage() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [try Captured.error("xl-nosuchcommand"), try Captured.error("xl-nosuchcommand")])
        #expect(report == .failed(step: .detectPools, command: Command.pools, reason: "xl does not implement this command", toolstackUnavailable: false))
    }

    // MARK: - Toolstack unavailable

    @Test func timeoutsAtEveryStep_failWithToolstackUnavailable() throws {
        let prefixes: [[ToolstackOutcome]] = [
            [],
            [try Captured.error("xl-nosuchcommand")],
            [Captured.ok(try Captured.listLong())],
            [Captured.ok(try Captured.listLong()), Captured.ok("")],
        ]
        let expectedSteps: [TuningStateMachine.Step] = [.detect, .detectPools, .set, .verify]
        for (prefix, expectedStep) in zip(prefixes, expectedSteps) {
            for outcome in [ToolstackOutcome.timedOut, .failedToRun("xl: No such file or directory"), Captured.cannotInitContext] {
                var driver = TuningDriver()
                let report = driver.cycle(.startup, prefix + [outcome])
                guard case .failed(let step, let command, _, let unavailable)? = report else {
                    Issue.record("expected failed after \(prefix.count) steps, got \(String(describing: report))")
                    continue
                }
                #expect(step == expectedStep)
                #expect(command == driver.commands.last)
                #expect(unavailable)
            }
        }
        var driver = TuningDriver()
        try driver.startApplied()
        #expect(driver.cycle(.periodic, [Captured.cannotInitContext]) == .failed(
            step: .read, command: Command.read(.credit2),
            reason: "xl cannot initialise libxl (is Xen running and is this dom0?)", toolstackUnavailable: true))
    }

    @Test func failedToRun_keepsTheHostsReason() {
        var driver = TuningDriver()
        #expect(driver.cycle(.startup, [.failedToRun("cannot run xl: No such file or directory")]) == .failed(
            step: .detect, command: Command.detect, reason: "cannot run xl: No such file or directory", toolstackUnavailable: true))
    }

    @Test func cannotInitContext_atDetect_doesNotFallBackToCpupoolList() {
        var driver = TuningDriver()
        _ = driver.cycle(.startup, [Captured.cannotInitContext])
        #expect(driver.commands == [Command.detect])
    }

    @Test func afterToolstackUnavailable_theNextStartupDetectsAgain() throws {
        var driver = TuningDriver()
        _ = driver.cycle(.startup, [.timedOut])
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512)),
        ])
        #expect(report == .applied(scheduler: .credit2, weight: 512, cap: 0, changed: true))
        #expect(driver.commands.first == Command.detect)
    }

    // MARK: - Wrong answers

    @Test func verify_readingBackAnotherWeight_fails() throws {
        var driver = TuningDriver()
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 256)),
        ])
        #expect(report == .failed(
            step: .verify, command: Command.read(.credit2), reason: "read back weight 256 after setting 512", toolstackUnavailable: false))
        #expect(driver.machine.observedWeight == 256)
    }

    @Test func verify_readingBackAnotherCap_fails() throws {
        var driver = TuningDriver(WeightTarget(weight: 512, cap: 50))
        let report = driver.cycle(.startup, [
            Captured.ok(try Captured.listLong()), Captured.ok(""), Captured.ok(try Captured.schedTable(weight: 512, cap: 0)),
        ])
        guard case .failed(.verify, _, _, false)? = report else {
            Issue.record("expected a failed verify, got \(String(describing: report))")
            return
        }
    }

    @Test func set_whenLibxlRefusesTheWeight_failsWithItsReason() throws {
        var driver = TuningDriver(WeightTarget(weight: 70000))
        let report = driver.cycle(.startup, [Captured.ok(try Captured.listLong()), try Captured.error("xl-sched-credit2-w-70000")])
        #expect(report == .failed(
            step: .set, command: Command.set(.credit2, 70000), reason: "weight out of range (1-65535)", toolstackUnavailable: false))
    }

    @Test func read_whenDomain0IsUnknown_failsWithXlsMessage() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        #expect(driver.cycle(.periodic, [try Captured.error("xl-sched-credit2-d-nosuch")]) == .failed(
            step: .read, command: Command.read(.credit2), reason: "no domain nosuch", toolstackUnavailable: false))
    }

    @Test func read_whenTheTableHasNoDomain0Row_fails() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let headerOnly = try XenFixtures.failure("xl-sched-credit-d-Domain-0.on-credit2").stdout
        let report = driver.cycle(.periodic, [Captured.ok(headerOnly)])
        guard case .failed(.read, _, let reason, false)? = report else {
            Issue.record("expected a failed read, got \(String(describing: report))")
            return
        }
        #expect(reason.contains("Domain-0"))
    }

    @Test func garbageAtEveryStep_endsInFailed_neverTraps() throws {
        let garbage = HostileInput.all + [try Captured.listLong(), try Captured.cpupoolList(), "Name ID Weight Cap\nDomain-0 0 x y\n"]
        let okPrefixes: [[ToolstackOutcome]] = [
            [],  // detect
            [Captured.ok("garbage")],  // detectPools
            [Captured.ok(try Captured.listLong(weight: nil))],  // read
            [Captured.ok(try Captured.listLong()), Captured.ok("")],  // verify
        ]
        for prefix in okPrefixes {
            for text in garbage {
                for outcome in [Captured.ok(text), .exited(status: 1, stdout: text, stderr: text), .exited(status: -1, stdout: "", stderr: text)] {
                    var machine = TuningStateMachine(target: WeightTarget(weight: 512))
                    var action = machine.begin(.startup)
                    var script = prefix[...]
                    var fedGarbage = false
                    var steps = 0
                    while case .run = action {
                        steps += 1
                        #expect(steps < 10, "the machine keeps asking")
                        if steps >= 10 { break }
                        if let next = script.popFirst() {
                            action = machine.handle(next)
                        } else {
                            // Garbage once, then keep answering with garbage too.
                            action = machine.handle(outcome)
                            fedGarbage = true
                        }
                    }
                    #expect(fedGarbage)
                    if case .finished(let report) = action {
                        switch report {
                        case .failed, .noWeight, .applied: break
                        default: Issue.record("unexpected report \(report)")
                        }
                    }
                    #expect(!machine.isBusy)
                }
            }
        }
    }

    @Test func failedReports_nameTheStepAndTheCommandThatFailed() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let report = driver.cycle(.periodic, [
            Captured.ok(try Captured.schedTable(weight: 100)), .exited(status: 1, stdout: "", stderr: ""),
        ])
        #expect(report == .failed(
            step: .set, command: Command.set(.credit2, 512),
            reason: "xl exited with status 1 and printed nothing on standard error", toolstackUnavailable: false))
    }
}
