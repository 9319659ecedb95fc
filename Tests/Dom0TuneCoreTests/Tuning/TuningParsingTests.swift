import Testing
@testable import Dom0TuneCore

@Suite struct TuningParsingTests {
    @Test func listLong_givesDom0sSchedulerWeightAndCap_fromTheCapture() throws {
        let found = TuningParsing.dom0FromListLong(try Captured.listLong())
        #expect(found?.scheduler == .credit2)
        #expect(found?.weight == 256)
        #expect(found?.cap == 0)
    }

    @Test func listLong_withoutDom0OrItsScheduler_givesNil() {
        #expect(TuningParsing.dom0FromListLong("[]") == nil)
        #expect(TuningParsing.dom0FromListLong(#"[{"domid": 1, "config": {"b_info": {"sched_params": {"sched": "credit2"}}}}]"#) == nil)
        #expect(TuningParsing.dom0FromListLong(#"[{"domid": 0}]"#) == nil)
        for input in HostileInput.all { #expect(TuningParsing.dom0FromListLong(input) == nil) }
    }

    @Test func cpupoolList_givesPool0sScheduler_onBothHosts() throws {
        #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: try XenFixtures.text("credit2/xl-cpupool-list.txt")) == .credit2)
        #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: try XenFixtures.text("credit/xl-cpupool-list.txt")) == .credit)
    }

    @Test func cpupoolList_prefersPool0_andOtherwiseTakesASinglePool() throws {
        let header = "Name               CPUs   Sched     Active   Domain count\n"
        let two = header + "fast                 1     rtds       y          0\nPool-0               1   credit       y          1\n"
        #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: two) == .credit)
        let renamed = header + "main                 2   credit2       y          1\n"
        #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: renamed) == .credit2)
        let ambiguous = header + "a                 1   credit2       y          1\nb                 1   credit       y          0\n"
        #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: ambiguous) == nil)
        // The -c form has no scheduler column.
        #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: try XenFixtures.text("credit2/xl-cpupool-list-c.txt")) == nil)
        for input in HostileInput.all { #expect(TuningParsing.dom0PoolScheduler(fromCpupoolList: input) == nil) }
    }

    @Test func schedTable_givesDomain0sWeightAndCap_onBothHosts() throws {
        let credit2 = TuningParsing.dom0Params(fromSchedTable: try XenFixtures.text("credit2/xl-sched-credit2-d-Domain-0.txt"))
        #expect(credit2?.weight == 256)
        #expect(credit2?.cap == 0)
        let credit = TuningParsing.dom0Params(fromSchedTable: try XenFixtures.text("credit/xl-sched-credit-d-Domain-0.txt"))
        #expect(credit?.weight == 256)
    }

    @Test func schedTable_headerOnlyOrGarbage_givesNil() throws {
        #expect(TuningParsing.dom0Params(fromSchedTable: try XenFixtures.failure("xl-sched-credit-d-Domain-0.on-credit2").stdout) == nil)
        for input in HostileInput.all { #expect(TuningParsing.dom0Params(fromSchedTable: input) == nil) }
    }

    @Test func onlyCannotInitContext_meansTheToolstackIsUnavailable() {
        #expect(XlFailure.cannotInitContext.meansToolstackUnavailable)
        #expect(!XlFailure.notImplemented.meansToolstackUnavailable)
        #expect(!XlFailure.schedulerMismatch(running: .credit2, requested: .credit).meansToolstackUnavailable)
        #expect(!XlFailure.other("x").meansToolstackUnavailable)
    }
}
