import Testing
@testable import Dom0TuneCore

@Suite struct CpupoolListTests {
    @Test func readsThePoolsSchedulerOnCredit2AndCreditHosts() throws {
        let credit2 = try CpupoolList.parse(try XenFixtures.text("credit2/xl-cpupool-list.txt"))
        #expect(credit2.form == .summary)
        #expect(credit2.pools == [.init(name: "Pool-0", cpuCount: 2, scheduler: .credit2, active: true, domainCount: 1)])
        let credit = try CpupoolList.parse(try XenFixtures.text("credit/xl-cpupool-list.txt"))
        #expect(credit.pool(named: "Pool-0")?.scheduler == .credit)
    }

    @Test func readsTheCPUListForm() throws {
        let list = try CpupoolList.parse(try XenFixtures.text("credit2/xl-cpupool-list-c.txt"))
        #expect(list.form == .cpuList)
        #expect(list.pools[0].name == "Pool-0")
        #expect(list.pools[0].cpus == CPUSet([0, 1]))
        #expect(list.pools[0].cpuCount == 2)
        #expect(list.pools[0].scheduler == nil)
    }

    @Test func readsSeveralPoolsWithOtherSchedulersAndEmptyPools() throws {
        let text = """
            Name               CPUs   Sched     Active   Domain count\r
            Pool-0               2   credit2       y          1\r
            rt pool              4      rtds       y          0\r
            Pool-node1           0      null       y          0\r
            """
        let list = try CpupoolList.parse(text)
        #expect(list.pools.map(\.scheduler) == [.credit2, .rtds, .null])
        #expect(list.pool(named: "rt pool")?.cpuCount == 4)
        let cpus = try CpupoolList.parse("Name               CPU list\nPool-0             0,1\nempty\nbig                2,3,4,5\n")
        #expect(cpus.pools.map(\.name) == ["Pool-0", "empty", "big"])
        #expect(cpus.pool(named: "empty")?.cpus == CPUSet.none)
        #expect(cpus.pool(named: "big")?.cpus?.description == "2-5")
    }

    @Test func refusesMissingHeaderTruncatedRowsAndBadFlags() {
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse("") }
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse("Pool-0 2 credit2 y 1\n") }
        let header = "Name               CPUs   Sched     Active   Domain count\n"
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse(header + "Pool-0               2   credit2") }
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse(header + "Pool-0 2 credit2 maybe 1") }
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse(header + "Pool-0 -2 credit2 y 1") }
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse(header + "Pool-0 \(HostileInput.hugeNumber) credit2 y 1") }
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse("Name CPU list\nPool-0 0,,1\n") }
        #expect(throws: ToolstackParseError.self) { try CpupoolList.parse("Name CPU list\nPool-0 0-99999999\n") }
    }

    @Test func headerOnlyIsAListWithoutPools() throws {
        #expect(try CpupoolList.parse("Name               CPU list\n").pools.isEmpty)
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all {
            _ = try? CpupoolList.parse(input)
            _ = try? CpupoolList.parse("Name CPUs Sched Active Domain count\n" + input)
            _ = try? CpupoolList.parse("Name CPU list\n" + input)
            _ = try? CpupoolList.parse("Name CPU list\npool " + input)
        }
    }
}
