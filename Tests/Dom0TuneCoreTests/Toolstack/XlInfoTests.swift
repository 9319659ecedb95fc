import Testing
@testable import Dom0TuneCore

@Suite struct XlInfoTests {
    @Test func readsTheCredit2HostsFieldsAndTypedValues() throws {
        let info = try XlInfo.parse(try XenFixtures.text("credit2/xl-info.txt"))
        #expect(info.xenScheduler == .credit2)
        #expect(info.xenVersion == "4.17.7")
        #expect(info.nrCpus == 2)
        #expect(info.totalMemoryMiB == 2047)
        #expect(info.freeMemoryMiB == 1512)
        #expect(info.fields.count == 34)
        #expect(info["host"] == "xen-dom0")
    }

    @Test func trimsTheTrailingSpaceOfTheXenCommandLine() throws {
        let info = try XlInfo.parse(try XenFixtures.text("credit2/xl-info.txt"))
        #expect(
            info.xenCommandline
                == "dom0_mem=512M,max:512M dom0_max_vcpus=1 dom0_vcpus_pin console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
        )
    }

    @Test func keepsEmptyValuesAndValuesContainingColons() throws {
        let info = try XlInfo.parse(try XenFixtures.text("credit/xl-info.txt"))
        #expect(info["xen_changeset"] == "")
        #expect(info["hw_caps"] == "178bf3fd:80002001:20100800:00000007:00000000:00000000:00000000:00000000")
        #expect(info["cc_compile_date"] == "Wed Nov  4 16:52:28 UTC 2026")
        #expect(info.xenScheduler == .credit)
        #expect(info.xenCommandline?.hasSuffix("sched=credit") == true)
    }

    @Test func toleratesReorderedLinesUnknownKeysCRLFAndBlankLines() throws {
        let text = "xen_scheduler : rtds\r\n\r\nbrand_new_key : a : b\r\nnr_cpus : 64\r\nxen_major : 4\r\nxen_minor : 19\r\nxen_extra : -rc\r\n"
        let info = try XlInfo.parse(text)
        #expect(info.xenScheduler == .rtds)
        #expect(info.nrCpus == 64)
        #expect(info["brand_new_key"] == "a : b")
        #expect(info.xenVersion == "4.19-rc")
        #expect(info.totalMemoryMiB == nil)
        #expect(info.xenCommandline == nil)
    }

    @Test func truncationInsideAValueKeepsTheFieldsReadSoFar() throws {
        let full = try XenFixtures.text("credit2/xl-info.txt")
        let cut = String(full.prefix(through: full.firstRange(of: "nr_cpus                : ")!.upperBound))
        let info = try XlInfo.parse(cut)
        #expect(info["host"] == "xen-dom0")
        #expect(info.xenScheduler == nil)
        #expect(throws: ToolstackParseError.self) { try XlInfo.parse(String(cut.dropLast())) }
    }

    @Test func truncationInsideAKeyIsAnErrorOnTheLastLine() throws {
        let full = try XenFixtures.text("credit2/xl-info.txt")
        let cut = String(full.prefix(300))
        #expect(throws: ToolstackParseError(source: "xl info", line: 9, message: "expected \"key : value\"")) {
            try XlInfo.parse(cut)
        }
    }

    @Test func refusesAMalformedOrOverflowingNumberWithItsLine() {
        #expect(throws: ToolstackParseError(source: "xl info", line: 2, message: "nr_cpus out of range: \"99999999999999999999\"")) {
            try XlInfo.parse("host : h\nnr_cpus : 99999999999999999999\n")
        }
        #expect(throws: ToolstackParseError.self) { try XlInfo.parse("total_memory : -5") }
        #expect(throws: ToolstackParseError.self) { try XlInfo.parse("free_memory : 12 MB") }
    }

    @Test func refusesEmptyOutputAndLinesWithoutAColon() {
        #expect(throws: ToolstackParseError.self) { try XlInfo.parse("") }
        #expect(throws: ToolstackParseError.self) { try XlInfo.parse("host : a\ngarbage here\n") }
        #expect(throws: ToolstackParseError.self) { try XlInfo.parse(" : value") }
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all {
            _ = try? XlInfo.parse(input)
            _ = try? XlInfo.parse("k : " + input)
            _ = try? XlInfo.parse("nr_cpus : " + input)
        }
    }
}
