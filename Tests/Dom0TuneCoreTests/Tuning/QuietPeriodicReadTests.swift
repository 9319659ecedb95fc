import Testing
@testable import Dom0TuneCore

/// The daemon's idle ticker reads dom0's weight off the state queue and drops the read
/// when the machine, fed it, would change nothing; everything else goes to the machine.
@Suite struct QuietPeriodicReadTests {
    @Test func aReadShowingTheTargetInPlace_isQuiet() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        #expect(driver.machine.periodicReadArguments == Command.read(.credit2))
        #expect(driver.machine.periodicReadIsQuiet(Captured.ok(try Captured.schedTable(weight: 512))))
        // Judging it changed nothing: the real machine is untouched.
        #expect(!driver.machine.isBusy)
        #expect(driver.machine.driftCount == 0)
    }

    @Test func drift_aFailure_orAnotherScheduler_areNotQuiet() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        #expect(!driver.machine.periodicReadIsQuiet(Captured.ok(try Captured.schedTable(weight: 256))))
        #expect(!driver.machine.periodicReadIsQuiet(.timedOut))
        #expect(!driver.machine.periodicReadIsQuiet(.failedToRun("cannot run xl: No such file or directory")))
        #expect(!driver.machine.periodicReadIsQuiet(Captured.mismatch(running: "credit", requested: "credit2")))
        #expect(!driver.machine.periodicReadIsQuiet(Captured.ok("garbage\n")))
    }

    @Test func aChangedCap_isNotQuiet_evenWithoutACapConfigured() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        // The weight holds, but the observed cap the status shows would change.
        #expect(!driver.machine.periodicReadIsQuiet(Captured.ok(try Captured.schedTable(weight: 512, cap: 80))))
    }

    @Test func beforeDetection_orAfterANewTarget_nothingIsQuiet() throws {
        let fresh = TuningDriver()
        #expect(fresh.machine.periodicReadArguments == nil)
        #expect(!fresh.machine.periodicReadIsQuiet(Captured.ok(try Captured.schedTable(weight: 512))))

        var driver = TuningDriver()
        try driver.startApplied()
        driver.machine.updateTarget(WeightTarget(weight: 1024))
        // Not in place yet: even a read that happens to show 1024 goes to the machine.
        #expect(!driver.machine.periodicReadIsQuiet(Captured.ok(try Captured.schedTable(weight: 1024))))
    }

    @Test func aSchedulerWithoutWeight_hasNoPeriodicRead() throws {
        var driver = TuningDriver()
        try driver.startApplied()
        let report = driver.cycle(.periodic, [Captured.mismatch(running: "rtds", requested: "credit2")])
        #expect(report == .noWeight(scheduler: .rtds))
        #expect(driver.machine.periodicReadArguments == nil)
    }
}
