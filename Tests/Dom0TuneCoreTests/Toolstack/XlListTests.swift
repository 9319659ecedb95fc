import Testing
@testable import Dom0TuneCore

@Suite struct XlListTests {
    @Test func readsRowsSeparatedBySpacesAndTabs() throws {
        let list = try XlList.parse(try XenFixtures.text("credit2/xl-list.txt"))
        #expect(list.domains == [.init(name: "Domain-0", id: 0, memMiB: 512, vcpus: 1, state: "r-----", time: 49.2)])
    }

    @Test func readsAGuestBesideDom0() throws {
        let list = try XlList.parse(try XenFixtures.text("with-domu/xl-list.txt"))
        #expect(list.domain(named: "tiny") == .init(name: "tiny", id: 1, memMiB: 128, vcpus: 1, state: "-b----", time: 3.7))
        #expect(list.domain(id: 0)?.memMiB == 512)
        #expect(try XlList.parse(try XenFixtures.text("credit/xl-list.txt")).domains.count == 1)
    }

    @Test func keepsNamesWithSpacesAndAcceptsCRLF() throws {
        let text = "Name                                        ID   Mem VCPUs\tState\tTime(s)\r\nmy guest                                    12  4096     4     --p---       0.0\r\n"
        #expect(try XlList.parse(text).domains[0].name == "my guest")
    }

    @Test func refusesTruncatedAndMalformedRows() {
        let header = "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
        for row in [
            "Domain-0                                     0   512     1     r-----",
            "Domain-0                                     0   512",
            "0   512     1     r-----      39.8",
            "Domain-0 0 512 1 r----- 3e9",
            "Domain-0 0 512 1 r----- nan",
            "Domain-0 0 512 1 x----- 1.0",
            "Domain-0 0 512 1 r---- 1.0",
            "Domain-0 0 \(HostileInput.hugeNumber) 1 r----- 1.0",
            "Domain-0 -1 512 1 r----- 1.0",
        ] {
            #expect(throws: ToolstackParseError.self, "\(row)") { try XlList.parse(header + row) }
        }
        #expect(throws: ToolstackParseError.self) { try XlList.parse("") }
        #expect(throws: ToolstackParseError.self) { try XlList.parse("Domain-0 0 512 1 r----- 1.0\n") }
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all {
            _ = try? XlList.parse(input)
            _ = try? XlList.parse("Name ID Mem VCPUs State Time(s)\n" + input)
            _ = try? XlList.parse("Name ID Mem VCPUs State Time(s)\n\(input) 0 1 1 r----- 1.0")
        }
    }
}
