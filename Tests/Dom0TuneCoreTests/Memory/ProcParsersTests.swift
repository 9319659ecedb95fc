import Testing
@testable import Dom0TuneCore

@Suite struct VMStatParserTests {
    @Test func readsSwapCountersFromRealCapture() throws {
        let stat = try VMStat.parse(MemoryFixture.text("proc-vmstat.txt"))
        #expect(stat.pagesSwappedIn == 0)
        #expect(stat.pagesSwappedOut == 0)
        #expect(stat["pgmajfault"] == 277)
        #expect(stat["nr_free_pages"] == 76111)
        #expect(stat.counters.count == 173)
    }

    @Test func keepsLargeCounters() throws {
        let stat = try VMStat.parse("pswpin 18446744073709551615\npswpout 7\n")
        #expect(stat.pagesSwappedIn == .max)
    }

    @Test func refusesTextCutShort() throws {
        let full = try MemoryFixture.text("proc-vmstat.txt")
        let cut = String(full.prefix(full.utf8.count / 2))
        #expect(throws: ProcParseError.self) { try VMStat.parse(cut) }
        let error = #expect(throws: ProcParseError.self) { try VMStat.parse("pswpin 1\npswpout") }
        #expect(error?.reason == .truncated)
    }

    @Test func saysWhichCounterIsMissing() {
        let error = #expect(throws: ProcParseError.self) { try VMStat.parse("nr_free_pages 1\npswpin 3\n") }
        #expect(error?.field == "pswpout")
        #expect(error?.reason == .missingField)
    }

    @Test(arguments: [
        ("pswpin 1\npswpout -2\n", 2), ("pswpin 1\npswpout 2 3\n", 2), ("pswpin x\npswpout 2\n", 1),
        ("pswpin 1\npswpout 99999999999999999999999\n", 2), ("PSWPIN 1\npswpout 2\n", 1),
        ("pswpin 1\npswpin 1\npswpout 2\n", 2), ("pswpin +1\npswpout 2\n", 1), ("pswp\u{0}in 1\npswpout 2\n", 1),
    ])
    func refusesMalformedLinesWithTheirNumber(_ text: String, _ line: Int) {
        let error = #expect(throws: ProcParseError.self) { try VMStat.parse(text) }
        #expect(error?.line == line)
    }

    @Test func refusesEmptyGarbageAndHugeInput() {
        #expect(throws: ProcParseError(file: VMStat.path, reason: .empty)) { try VMStat.parse("") }
        #expect(throws: ProcParseError(file: VMStat.path, reason: .empty)) { try VMStat.parse("\n\n") }
        #expect(throws: ProcParseError.self) { try VMStat.parse("\u{FF}\u{FE}garbage\n") }
        let huge = String(repeating: "nr_x 1\n", count: 50_000)
        #expect(throws: ProcParseError(file: VMStat.path, reason: .tooLarge)) { try VMStat.parse(huge) }
    }

    @Test func errorDescriptionPointsAtTheLine() {
        let error = #expect(throws: ProcParseError.self) { try VMStat.parse("pswpin 1\npswpout abc\n") }
        #expect(error?.description == "/proc/vmstat:2: pswpout: 'abc' is not a valid number")
    }
}

@Suite struct MemInfoParserTests {
    @Test func readsFiguresFromRealCapture() throws {
        let info = try MemInfo.parse(MemoryFixture.text("proc-meminfo.txt"))
        #expect(info == MemInfo(memTotalKiB: 399_024, memAvailableKiB: 348_228, swapTotalKiB: 0, swapFreeKiB: 0))
        #expect(info.swapUsedKiB == 0)
    }

    @Test func toleratesMissingKeys() throws {
        let info = try MemInfo.parse("MemTotal:  1000 kB\nMemFree:  10 kB\nHugePages_Total:       0\n")
        #expect(info.memTotalKiB == 1000)
        #expect(info.memAvailableKiB == nil)
        #expect(info.swapUsedKiB == nil)
    }

    @Test func swapUsedIsTotalMinusFreeNeverNegative() {
        #expect(MemInfo(swapTotalKiB: 1000, swapFreeKiB: 250).swapUsedKiB == 750)
        #expect(MemInfo(swapTotalKiB: 10, swapFreeKiB: 20).swapUsedKiB == 0)
    }

    @Test func refusesAWantedFigureWithoutItsUnit() {
        // A read cut after the digits would otherwise pass as a smaller number.
        let error = #expect(throws: ProcParseError.self) { try MemInfo.parse("MemTotal:  3990\n") }
        #expect(error?.field == "MemTotal")
    }

    @Test(arguments: [
        "MemTotal 1000 kB\n", "MemTotal: kB\n", "MemTotal: 10 MB\n", "MemTotal: -1 kB\n", ": 1 kB\n",
        "Mem Total: 1 kB\n", "MemTotal: 1 kB extra\n", "MemTotal: 1 kB\nMemTotal: 1 kB\n", "MemTotal: 1 kB",
        "MemTotal: 1e3 kB\n", "",
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: ProcParseError.self) { try MemInfo.parse(text) }
    }

    @Test func refusesTruncatedRealCapture() throws {
        let full = try MemoryFixture.text("proc-meminfo.txt")
        #expect(throws: ProcParseError.self) { try MemInfo.parse(String(full.dropLast(4))) }
    }
}

@Suite struct MemoryPressureParserTests {
    @Test func readsRealCapture() throws {
        let pressure = try MemoryPressure.parse(MemoryFixture.text("proc-pressure-memory.txt"))
        #expect(pressure.some == PressureLine(avg10: 0, avg60: 0, avg300: 0, totalMicroseconds: 0))
        #expect(pressure.full != nil)
    }

    @Test func fullLineMayBeAbsentOnOldKernels() throws {
        let pressure = try MemoryPressure.parse("some avg10=12.34 avg60=1.50 avg300=0.07 total=123456789\n")
        #expect(pressure.some.avg10 == 12.34)
        #expect(pressure.some.totalMicroseconds == 123_456_789)
        #expect(pressure.full == nil)
    }

    @Test func acceptsKeysInAnyOrderAndSkipsUnknownOnes() throws {
        let pressure = try MemoryPressure.parse("some total=5 avg300=1.00 avg60=2.00 avg10=3.00 avg1=9.00\n")
        #expect(pressure.some == PressureLine(avg10: 3, avg60: 2, avg300: 1, totalMicroseconds: 5))
    }

    @Test(arguments: [
        "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",  // no some
        "some avg10=nan avg60=0.00 avg300=0.00 total=0\n", "some avg10=inf avg60=0.00 avg300=0.00 total=0\n",
        "some avg10=-1.00 avg60=0.00 avg300=0.00 total=0\n", "some avg10=100.01 avg60=0.00 avg300=0.00 total=0\n",
        "some avg10=1e2 avg60=0.00 avg300=0.00 total=0\n", "some avg10=0.00 avg60=0.00 total=0\n",
        "some avg10=0.00 avg60=0.00 avg300=0.00\n", "some avg10=0.00 avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
        "some avg10 avg60=0.00 avg300=0.00 total=0\n", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0",
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
        "most avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", "some avg10=. avg60=0.00 avg300=0.00 total=0\n", "\n",
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: ProcParseError.self) { try MemoryPressure.parse(text) }
    }
}

@Suite struct SwapDeviceParserTests {
    @Test func readsRealCaptureWithoutSwap() throws {
        #expect(try SwapDevice.parseAll(MemoryFixture.text("proc-swaps.txt")).isEmpty)
    }

    @Test func readsSwapAreasAndDecodesEscapes() throws {
        let text = """
            Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority
            /dev/vda2                               partition\t1048572\t\t2048\t\t-2
            /var/swap\\040file                       file\t\t524284\t\t0\t\t10

            """
        let devices = try SwapDevice.parseAll(text)
        #expect(devices == [
            SwapDevice(filename: "/dev/vda2", type: "partition", sizeKiB: 1_048_572, usedKiB: 2048, priority: -2),
            SwapDevice(filename: "/var/swap file", type: "file", sizeKiB: 524_284, usedKiB: 0, priority: 10),
        ])
    }

    @Test(arguments: [
        "/dev/vda2 partition 1 0 -2\n", "Filename Type Size Used Priority\n/dev/vda2 partition x 0 -2\n",
        "Filename Type Size Used Priority\n/dev/vda2 partition 1 0\n",
        "Filename Type Size Used Priority\n/dev/vda2 partition 1 0 99999999999999\n",
    ])
    func refusesMalformedInput(_ text: String) {
        #expect(throws: ProcParseError.self) { try SwapDevice.parseAll(text) }
    }
}
