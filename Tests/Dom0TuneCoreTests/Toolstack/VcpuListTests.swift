import Testing
@testable import Dom0TuneCore

@Suite struct VcpuListTests {
    @Test func readsDom0PinnedToPCPU0WithSoftAffinityAll() throws {
        let list = try VcpuList.parse(try XenFixtures.text("credit2/xl-vcpu-list.txt"))
        #expect(
            list.vcpus == [
                .init(
                    name: "Domain-0", domid: 0, vcpu: 0, cpu: 0, state: "r--", time: 49.3,
                    hardAffinity: CPUSet([0]), softAffinity: .all)
            ])
        #expect(try VcpuList.parse(try XenFixtures.text("credit/xl-vcpu-list.txt")).vcpus[0].hardAffinity == CPUSet([0]))
    }

    @Test func readsAPinnedGuestBesideDom0() throws {
        let list = try VcpuList.parse(try XenFixtures.text("with-domu/xl-vcpu-list.txt"))
        #expect(list.vcpus.count == 2)
        let tiny = list.vcpus(ofDomain: 1)
        #expect(tiny.map(\.hardAffinity) == [CPUSet([1])])
        #expect(tiny[0].state == "-b-")
        #expect(try VcpuList.parse(try XenFixtures.text("with-domu/xl-vcpu-list-tiny.txt")).vcpus == tiny)
    }

    @Test func headerOnlyIsAnEmptyList() throws {
        let failed = try XenFixtures.failure("xl-vcpu-list-nosuch")
        #expect(try VcpuList.parse(failed.stdout).vcpus.isEmpty)
    }

    @Test func readsOfflineVcpusRangesNoneAndNamesWithSpaces() throws {
        let text = """
            Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)
            Domain-0                             0     1    -   --p       0.0  0-3,5 / all
            my guest                             4     0    3   -b-  123456.7  none / 2-3
            """
        let list = try VcpuList.parse(text)
        #expect(list.vcpus[0].cpu == nil && !list.vcpus[0].isOnline)
        #expect(list.vcpus[0].hardAffinity.description == "0-3,5")
        #expect(list.vcpus[1].name == "my guest")
        #expect(list.vcpus[1].hardAffinity.isEmpty)
        #expect(list.vcpus[1].softAffinity == CPUSet([2, 3]))
        #expect(list.vcpus[1].time == 123456.7)
    }

    @Test func refusesTruncatedAndMalformedRows() {
        let header = "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n"
        for row in [
            "Domain-0                             0     0    0   r--      49.3  0 /",
            "Domain-0                             0     0    0   r--      49.3  0",
            "Domain-0                             0     0    0   r--      49.3  0 all",
            "0     0    0   r--      49.3  0 / all",
            "Domain-0 0 0 0 rb 49.3 0 / all",
            "Domain-0 0 0 x r-- 49.3 0 / all",
            "Domain-0 0 0 0 r-- 49.3 any cpu / all",
            "Domain-0 0 0 0 r-- 49.3 3-1 / all",
            "Domain-0 0 0 0 r-- 49.3 0 / 99999",
            "Domain-0 0 \(HostileInput.hugeNumber) 0 r-- 49.3 0 / all",
        ] {
            #expect(throws: ToolstackParseError.self, "\(row)") { try VcpuList.parse(header + row) }
        }
        #expect(throws: ToolstackParseError.self) { try VcpuList.parse("") }
        #expect(throws: ToolstackParseError.self) { try VcpuList.parse("Name ID VCPU CPU State Time(s)\n") }
    }

    @Test func neverTrapsOnHostileInput() {
        let header = "Name ID VCPU CPU State Time(s) Affinity (Hard / Soft)\n"
        for input in HostileInput.all {
            _ = try? VcpuList.parse(input)
            _ = try? VcpuList.parse(header + input)
            _ = try? VcpuList.parse(header + "d 0 0 0 r-- 1.0 \(input) / \(input)")
            _ = try? VcpuList.parse(header + "\(input) 0 0 0 r-- 1.0 all / all")
        }
    }
}
