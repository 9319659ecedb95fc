import Testing
@testable import Dom0TuneCore

@Suite struct XlCpuListSpecTests {
    let all = Set(0..<16)
    let nodes: [Int: Set<Int>] = [0: Set(0..<8), 1: Set(8..<16)]

    @Test(arguments: [
        ("all", Set(0..<16)), ("0-3,5,^1", Set([0, 2, 3, 5])), ("2", Set([2])), ("3-8,^5", Set([3, 4, 6, 7, 8])),
        ("nodes:0", Set(0..<8)), ("node:1,^8-14", Set([15])), ("all,^0", Set(1..<16)), ("^0,0", Set([0])),
        (" 1 , 2 ", Set([1, 2])), ("14-40", Set([14, 15])),
    ])
    func resolvesXlCfgLists(_ text: String, _ expected: Set<Int>) throws {
        #expect(try XlCpuListSpec(parsing: text).resolve(allCPUs: all, nodeCPUs: nodes) == expected)
    }

    @Test(arguments: ["", ",", "1,", "a", "3-1", "1-2-3", "nodes:", "node:x", "^", "0-99999999", "1 2", "-1"])
    func refusesBadLists(_ text: String) {
        #expect(throws: InputParseError.self) { try XlCpuListSpec(parsing: text) }
    }

    @Test func unknownNodeIsAnError() throws {
        let spec = try XlCpuListSpec(parsing: "nodes:3")
        #expect(throws: InputParseError.self) { try spec.resolve(allCPUs: all, nodeCPUs: nodes) }
    }

    @Test func perVCPUListPinsEachVCPUAndLeavesTheRestFree() throws {
        let guest = try XlGuestConfig(parsing: "name='g'\nvcpus = 3\ncpus = [\"2\", \"3-8,^5\"]\n", source: "g.cfg")
        let affinity = try guest.hardAffinity(allCPUs: all, nodeCPUs: nodes, xlConf: nil)
        #expect(affinity == [Set([2]), Set([3, 4, 6, 7, 8]), all])
    }

    @Test func globalMasksNarrowEveryGuest() throws {
        let conf = try XlConf(parsing: "vm.cpumask=\"2-15\"\nvm.hvm.cpumask = '4-15'\n")
        let pv = try XlGuestConfig(parsing: "vcpus=1\n", source: "pv.cfg")
        let hvm = try XlGuestConfig(parsing: "type=\"hvm\"\ncpus=\"0-5\"\n", source: "hvm.cfg")
        #expect(try pv.hardAffinity(allCPUs: all, nodeCPUs: nodes, xlConf: conf) == [Set(2..<16)])
        #expect(try hvm.hardAffinity(allCPUs: all, nodeCPUs: nodes, xlConf: conf) == [Set([4, 5])])
    }

    @Test func printsCompactLists() {
        #expect(Set([0, 1, 2, 3, 5, 7, 8]).cpuListText == "0-3,5,7-8")
        #expect(Set<Int>().cpuListText == "none")
    }
}
