import Testing
@testable import Dom0TuneCore

@Suite struct SchedParamsTableTests {
    @Test func readsDom0sCredit2RowWithoutAPoolLine() throws {
        let table = try SchedParamsTable.parse(try XenFixtures.text("credit2/xl-sched-credit2-d-Domain-0.txt"))
        #expect(table.pools.isEmpty)
        #expect(table.domains == [.init(name: "Domain-0", id: 0, weight: 256, cap: 0)])
    }

    @Test func readsTheCredit2PoolLineAndAssignsRowsToThePool() throws {
        let table = try SchedParamsTable.parse(try XenFixtures.text("credit2/xl-sched-credit2.txt"))
        #expect(table.pools.map(\.name) == ["Pool-0"])
        #expect(table.pools[0].rawParameters == "ratelimit=1000us")
        #expect(table.pools[0].parameters == ["ratelimit": "1000us"])
        #expect(table.domain(named: "Domain-0")?.pool == "Pool-0")
    }

    @Test func readsEveryDomainOfAHostWithAGuest() throws {
        let table = try SchedParamsTable.parse(try XenFixtures.text("with-domu/xl-sched-credit2.txt"))
        #expect(table.domains.map(\.name) == ["Domain-0", "tiny"])
        #expect(table.domain(id: 1)?.weight == 256)
    }

    @Test func readsCreditPoolParametersWithAndWithoutRows() throws {
        let all = try SchedParamsTable.parse(try XenFixtures.text("credit/xl-sched-credit.txt"))
        #expect(all.pools[0].parameters == ["tslice": "30ms", "ratelimit": "1000us", "migration-delay": "0us"])
        #expect(all.domain(named: "Domain-0")?.weight == 256)
        let onlyPool = try SchedParamsTable.parse(try XenFixtures.text("credit/xl-sched-credit-s.txt"))
        #expect(onlyPool.pools.count == 1)
        #expect(onlyPool.domains.isEmpty)
        let dom0 = try SchedParamsTable.parse(try XenFixtures.text("credit/xl-sched-credit-d-Domain-0.txt"))
        #expect(dom0.domain(named: "Domain-0")?.cap == 0)
    }

    @Test func headerOnlyFromAFailedCallIsAnEmptyTable() throws {
        let failed = try XenFixtures.failure("xl-sched-credit-d-Domain-0.on-credit2")
        let table = try SchedParamsTable.parse(failed.stdout)
        #expect(table.domains.isEmpty)
    }

    @Test func emptyOutputMeansNoPoolUsesThisScheduler() throws {
        #expect(try SchedParamsTable.parse("") == SchedParamsTable())
    }

    @Test func readsSeveralPoolsAndNamesWithSpacesFromTheRight() throws {
        let text = """
            Cpupool Pool-0: ratelimit=1000us\r
            Name                                ID Weight  Cap\r
            Domain-0                             0    512    0\r
            Cpupool fast pool: [sched params unavailable]
            Name                                ID Weight  Cap
            my guest with spaces                 7  65535  200
            a-very-long-domain-name-longer-than-thirty-three-columns   12    256    0
            """
        let table = try SchedParamsTable.parse(text)
        #expect(table.pools.map(\.name) == ["Pool-0", "fast pool"])
        #expect(table.pools[1].parametersUnavailable)
        #expect(table.pools[1].parameters.isEmpty)
        #expect(table.domain(named: "Domain-0") == .init(name: "Domain-0", id: 0, weight: 512, cap: 0, pool: "Pool-0"))
        #expect(table.domain(id: 7) == .init(name: "my guest with spaces", id: 7, weight: 65535, cap: 200, pool: "fast pool"))
        #expect(table.domain(id: 12)?.name == "a-very-long-domain-name-longer-than-thirty-three-columns")
    }

    @Test func refusesRowsTruncatedMidLine() {
        #expect(throws: ToolstackParseError(source: "xl sched-credit(2)", line: 2, message: "expected \"NAME ID WEIGHT CAP\"")) {
            try SchedParamsTable.parse("Name ID Weight Cap\nDomain-0      0    25")
        }
        #expect(throws: ToolstackParseError.self) { try SchedParamsTable.parse("Name ID Weight Cap\n5 0 256") }
        #expect(throws: ToolstackParseError.self) { try SchedParamsTable.parse("Cpupool Pool-0 ratelimit=1000us") }
    }

    @Test func refusesRowsBeforeAHeaderAndForeignHeaders() throws {
        #expect(throws: ToolstackParseError.self) { try SchedParamsTable.parse("Domain-0 0 256 0\n") }
        let rtds = try XenFixtures.failure("xl-sched-rtds-d-Domain-0.on-credit2")
        #expect(throws: ToolstackParseError.self) { try SchedParamsTable.parse(rtds.stdout) }
    }

    @Test func refusesNegativeOverflowingAndGarbageNumbers() {
        for bad in ["-1", HostileInput.hugeNumber, "0x10", "２５６", "25\u{0}6"] {
            #expect(throws: ToolstackParseError.self) { try SchedParamsTable.parse("Name ID Weight Cap\nd 0 \(bad) 0") }
        }
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all {
            _ = try? SchedParamsTable.parse(input)
            _ = try? SchedParamsTable.parse("Name ID Weight Cap\n" + input)
            _ = try? SchedParamsTable.parse("Cpupool " + input)
            _ = try? SchedParamsTable.parse("Name ID Weight Cap\n\(input) 1 2 3")
        }
    }
}
