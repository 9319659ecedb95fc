import Testing
@testable import Dom0TuneCore

@Suite struct CPUSetTests {
    @Test(arguments: ["all", "none", "0", "0-3,5", "1,3,5-7,9"])
    func printsWhatItParsesLikeXlsPrintBitmap(_ text: String) throws {
        #expect(try CPUSet.parse(text).description == text)
    }

    @Test func mergesAdjacentAndOverlappingRangesLikeXlWouldPrintThem() throws {
        #expect(try CPUSet.parse("3,0-1,2").description == "0-3")
        #expect(try CPUSet.parse("5,5,4-5").description == "4-5")
        #expect(CPUSet([7, 1, 2]).description == "1-2,7")
        #expect(CPUSet([]).description == "none")
    }

    @Test func allContainsEveryCPUAndIsTheIdentityOfIntersection() throws {
        let some = try CPUSet.parse("1-2")
        #expect(CPUSet.all.isAll && CPUSet.all.contains(4095) && !CPUSet.all.contains(-1))
        #expect(CPUSet.all.intersection(some) == some)
        #expect(some.intersection(.all) == some)
        #expect(CPUSet.all.count == nil && CPUSet.all.cpus == nil && !CPUSet.all.isEmpty)
    }

    @Test func intersectsAndUnitesRanges() throws {
        let a = try CPUSet.parse("0-3,8-10")
        let b = try CPUSet.parse("2-9")
        #expect(a.intersection(b).description == "2-3,8-9")
        #expect(a.intersection(try CPUSet.parse("4-7")).isEmpty)
        #expect(a.union(b).description == "0-10")
        #expect(a.union(.all).isAll)
        #expect(a.contains(9) && !a.contains(5))
        #expect(a.count == 7)
        #expect(b.cpus == [2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test func resolvesAllForAKnownHostSize() throws {
        #expect(CPUSet.all.resolved(cpuCount: 2) == CPUSet([0, 1]))
        #expect(CPUSet.all.resolved(cpuCount: 0) == CPUSet.none)
        #expect(try CPUSet.parse("1").resolved(cpuCount: 8) == CPUSet([1]))
    }

    @Test(arguments: ["", " ", "3-1", "1-", "-1", "1,,2", "a", "0x1", "all,1", "^1", "nodes:0", "1 2", "65536", "99999999999999999999", "1-99999999999999999999", "\u{0}"])
    func refusesWhatXlNeverPrints(_ text: String) {
        #expect(throws: ToolstackParseError.self) { try CPUSet.parse(text) }
    }

    @Test func aHugeRangeCostsOneRange() throws {
        let set = try CPUSet.parse("0-65535")
        #expect(set.ranges == [0...65535])
        #expect(set.count == 65536)
    }
}
