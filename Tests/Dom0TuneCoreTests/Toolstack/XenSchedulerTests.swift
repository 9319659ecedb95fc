import Testing
@testable import Dom0TuneCore

@Suite struct XenSchedulerTests {
    @Test(arguments: [
        ("credit", XenScheduler.credit), ("credit2", .credit2), ("rtds", .rtds), ("null", .null),
        ("arinc653", .arinc653), (" Credit2\n", .credit2), ("sedf", .other("sedf")),
    ])
    func readsXlsSpelling(_ name: String, _ expected: XenScheduler) {
        #expect(XenScheduler(name: name) == expected)
    }

    @Test func onlyCreditAndCredit2HaveAWeight() {
        #expect(XenScheduler.credit.hasWeight && XenScheduler.credit2.hasWeight)
        #expect(![XenScheduler.rtds, .null, .arinc653, .other("x")].contains { $0.hasWeight })
    }

    @Test func namesTheMatchingXlCommand() {
        #expect(XenScheduler.credit.xlCommand == "sched-credit")
        #expect(XenScheduler.credit2.xlCommand == "sched-credit2")
        #expect(XenScheduler.rtds.xlCommand == "sched-rtds")
        #expect(XenScheduler.null.xlCommand == nil)
        #expect(XenScheduler.arinc653.xlCommand == nil)
    }

    @Test func roundTripsItsName() {
        for scheduler in [XenScheduler.credit, .credit2, .rtds, .null, .arinc653, .other("future")] {
            #expect(XenScheduler(name: scheduler.name) == scheduler)
            #expect(scheduler.description == scheduler.name)
        }
    }
}
