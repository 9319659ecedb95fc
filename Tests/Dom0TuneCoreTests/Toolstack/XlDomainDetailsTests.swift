import Testing
@testable import Dom0TuneCore

@Suite struct XlDomainDetailsTests {
    @Test func readsDom0sSchedulerWeightAndMemoryFromTheCapture() throws {
        let details = try XlDomainDetails.parse(try XenFixtures.text("credit2/xl-list-l-0.json"))
        #expect(
            details.domains == [
                .init(
                    domid: 0, name: "Domain-0", type: "pv", scheduler: .credit2, weight: 256, cap: 0,
                    maxMemKiB: 524288, targetMemKiB: 524287)
            ])
        #expect(details.domain(id: 0)?.maxVcpus == nil)
        #expect(details.domain(named: "Domain-0")?.availVcpus == nil)
    }

    @Test func readsVcpusPoolAndSeveralDomains() throws {
        let text = #"""
            [{"domid":0,"config":{"c_info":{"name":"Domain-0","pool_name":"Pool-0"},"b_info":{"max_vcpus":2,"avail_vcpus":[0,1],"sched_params":{"sched":"credit"}}}},
             {"domid":7,"config":{"c_info":{"type":"hvm","name":"win guest"},"b_info":{"sched_params":{"sched":"rtds"}}}}]
            """#
        let details = try XlDomainDetails.parse(text)
        #expect(details.domain(id: 0)?.maxVcpus == 2)
        #expect(details.domain(id: 0)?.availVcpus == CPUSet([0, 1]))
        #expect(details.domain(id: 0)?.poolName == "Pool-0")
        #expect(details.domain(id: 0)?.weight == nil)
        #expect(details.domain(named: "win guest")?.scheduler == .rtds)
        #expect(details.domain(named: "win guest")?.type == "hvm")
    }

    @Test func missingOptionalFieldsAreNilNotErrors() throws {
        let details = try XlDomainDetails.parse(#"[{"domid": 3}]"#)
        #expect(details.domains == [.init(domid: 3)])
        #expect(try XlDomainDetails.parse("[]").domains.isEmpty)
        #expect(try XlDomainDetails.parse(#"[{"domid":1,"config":null}]"#).domains[0].name == nil)
    }

    @Test func refusesANonArrayAMissingDomidAndWrongTypes() {
        for text in [
            "{}", "null", "42", #"[{"name":"x"}]"#, "[1]", #"[{"domid":"0"}]"#, #"[{"domid":-1}]"#,
            #"[{"domid":4294967296}]"#, #"[{"domid":0.5}]"#,
            #"[{"domid":0,"config":{"b_info":{"sched_params":{"weight":"512"}}}}]"#,
            #"[{"domid":0,"config":{"c_info":{"name":5}}}]"#,
            #"[{"domid":0,"config":{"b_info":{"max_memkb":99999999999999999999}}}]"#,
            #"[{"domid":0,"config":{"b_info":{"avail_vcpus":"0-1"}}}]"#,
            #"[{"domid":0,"config":{"b_info":{"avail_vcpus":[70000]}}}]"#,
        ] {
            #expect(throws: ToolstackParseError.self, "\(text)") { try XlDomainDetails.parse(text) }
        }
    }

    @Test func reportsTheLineOfInvalidJSON() throws {
        let full = try XenFixtures.text("credit2/xl-list-l-0.json")
        let truncated = String(full.prefix(200))
        do {
            _ = try XlDomainDetails.parse(truncated)
            Issue.record("truncated JSON was accepted")
        } catch {
            #expect(error.source == "xl list -l")
            #expect(error.line == truncated.filter { $0 == "\n" }.count + 1)
        }
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all + [String(repeating: "[", count: 100_000), #"[{"domid":0}"#] {
            _ = try? XlDomainDetails.parse(input)
        }
    }
}
