import Testing
@testable import Dom0TuneCore

@Suite struct XenCommandLineTests {
    static let captured = "dom0_mem=512M,max:512M dom0_max_vcpus=1 dom0_vcpus_pin console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all "

    @Test func readsTheCapturedCommandLine() throws {
        let line = XenCommandLine(Self.captured)
        #expect(line.options.count == 7)
        let mem = try #require(try line.dom0Mem())
        #expect(mem == Dom0MemSpec(size: .init(mebibytes: 512), max: .init(mebibytes: 512)))
        #expect(mem.isFixed(availablePages: nil) == true)
        #expect(try line.dom0MaxVcpus() == Dom0MaxVcpusSpec(min: 1, max: 1))
        #expect(try line.dom0VcpusPin())
    }

    @Test(arguments: [
        ("512M,max:512M", "512M,max:512M"),
        ("max:512M,512M", "512M,max:512M"),
        ("524288", "512M"),  // no suffix: KiB
        ("524288k,max:0x80000K", "512M,max:512M"),
        ("536870912B", "512M"),
        ("1g", "1G"),
        ("1T", "1024G"),
        ("min:256M,max:1G,512M", "512M,min:256M,max:1G"),
        ("1G+25%", "1G+25%"),
        ("25%,max:50%", "25%,max:50%"),
        ("-1G", "-1G"),
        ("-512M+10%,max:4G", "-512M+10%,max:4G"),
        ("01000000", "256M"),  // octal, as simple_strtoull base 0 reads it
    ])
    func acceptsEveryDom0MemSpelling(_ value: String, _ canonical: String) throws {
        let spec = try Dom0MemSpec(parsing: value)
        #expect(spec.description == canonical)
    }

    @Test(arguments: ["", "M", "512X", "max:", "min:512M,", "100%", "25%+1G", "1G+25%+5%", "1G,,max:1G", "abc", "512M max:512M", "-", "1G+", "99999999999999999999G"])
    func refusesWhatXenRefuses(_ value: String) {
        #expect(throws: InputParseError.self) { try Dom0MemSpec(parsing: value) }
    }

    @Test func laterDom0MemOptionsOnlyReplaceWhatTheyName() throws {
        let line = XenCommandLine("dom0_mem=512M dom0_mem=max:1G dom0_mem=768M")
        #expect(try line.dom0Mem()?.description == "768M,max:1G")
    }

    @Test func fixedNeedsSizeAndEqualMax() throws {
        #expect(try Dom0MemSpec(parsing: "512M").isFixed(availablePages: nil) == false)
        #expect(try Dom0MemSpec(parsing: "max:512M").isFixed(availablePages: nil) == false)
        #expect(try Dom0MemSpec(parsing: "512M,max:1G").isFixed(availablePages: nil) == false)
        #expect(try Dom0MemSpec(parsing: "1G,max:512M").isFixed(availablePages: nil) == false)  // Xen cuts it to max:
        #expect(try Dom0MemSpec(parsing: "512M,max:524288").isFixed(availablePages: nil) == true)
        #expect(try Dom0MemSpec(parsing: "25%,max:25%").isFixed(availablePages: nil) == true)
        // Relative sizes need the host's memory to compare.
        #expect(try Dom0MemSpec(parsing: "1G,max:25%").isFixed(availablePages: nil) == nil)
        #expect(try Dom0MemSpec(parsing: "1G,max:25%").isFixed(availablePages: 4 * 262_144) == true)
        #expect(try Dom0MemSpec(parsing: "1G+25%").initialPages(availablePages: 256 * 262_144) == 65 * 262_144)
    }

    @Test(arguments: [
        ("1", 1, UInt64?(1)), ("4-8", 4, 8), ("2-", 2, nil), ("-4", 1, 4), ("0", 1, 1), ("0x2", 2, 2), ("1-1", 1, 1),
    ])
    func acceptsEveryDom0MaxVcpusSpelling(_ value: String, _ min: UInt64, _ max: UInt64?) throws {
        #expect(try Dom0MaxVcpusSpec(parsing: value) == Dom0MaxVcpusSpec(min: min, max: max))
    }

    @Test(arguments: ["", "a", "1-a", "1-2-3", "1,2", "-", "- 1", "99999999999999999999"])
    func refusesBadDom0MaxVcpus(_ value: String) {
        #expect(throws: InputParseError.self) { try Dom0MaxVcpusSpec(parsing: value) }
    }

    @Test func dom0MaxVcpusFollowsThePoolWithinItsBounds() throws {
        let range = try Dom0MaxVcpusSpec(parsing: "4-8")
        #expect(range.vcpuCount(poolCPUs: 2) == 4)
        #expect(range.vcpuCount(poolCPUs: 6) == 6)
        #expect(range.vcpuCount(poolCPUs: 10) == 8)
        #expect(range.decidesCount(poolCPUs: 2) && !range.decidesCount(poolCPUs: 6) && range.decidesCount(poolCPUs: 10))
    }

    @Test(arguments: [
        ("dom0_vcpus_pin", true), ("dom0_vcpus_pin=1", true), ("dom0_vcpus_pin=true", true), ("dom0_vcpus_pin=yes", true),
        ("dom0_vcpus_pin=on", true), ("dom0_vcpus_pin=enable", true), ("dom0_vcpus_pin=", true),
        ("dom0_vcpus_pin=0", false), ("dom0_vcpus_pin=no", false), ("dom0_vcpus_pin=off", false),
        ("dom0_vcpus_pin=false", false), ("dom0_vcpus_pin=disable", false), ("no-dom0_vcpus_pin", false),
        ("no-dom0_vcpus_pin=0", true), ("dom0_vcpus_pin no-dom0_vcpus_pin", false), ("no-dom0_vcpus_pin dom0_vcpus_pin", true),
        ("", false), ("dom0-vcpus-pin", false), ("xdom0_vcpus_pin", false),
    ])
    func readsDom0VcpusPinAsXenDoes(_ text: String, _ expected: Bool) throws {
        #expect(try XenCommandLine(text).dom0VcpusPin() == expected)
    }

    @Test func refusesANonBooleanPin() {
        #expect(throws: InputParseError.self) { try XenCommandLine("dom0_vcpus_pin=maybe").dom0VcpusPin() }
    }

    @Test func truncatesOptionsAsXensBufferDoes() throws {
        let long = "dom0_mem=" + String(repeating: "1", count: 200)
        let line = XenCommandLine(long)
        #expect(line.options[0].text.utf8.count == XenCommandLine.maximumOptionLength)
    }

    @Test func replacingKeepsOtherOptions() {
        let line = XenCommandLine("console=com1 dom0_mem=1G no-dom0_vcpus_pin loglvl=all")
        #expect(line.replacing("dom0_mem", with: "dom0_mem=512M,max:512M").description == "console=com1 no-dom0_vcpus_pin loglvl=all dom0_mem=512M,max:512M")
        #expect(line.replacing("dom0_vcpus_pin", with: "dom0_vcpus_pin").description == "console=com1 dom0_mem=1G loglvl=all dom0_vcpus_pin")
    }

    @Test func survivesHostileInput() {
        for text in HostileInput.all + ["dom0_mem=" + HostileInput.megabyteLine, "dom0_max_vcpus=" + HostileInput.hugeNumber] {
            let line = XenCommandLine(text)
            _ = try? line.dom0Mem()
            _ = try? line.dom0MaxVcpus()
            _ = try? line.dom0VcpusPin()
            _ = XlAutoballoonRule.commandLineFixesDom0Memory(text)
        }
    }

    @Test(arguments: [
        ("dom0_mem=512M,max:512M console=com1", true), ("console=com1 dom0_mem=512M", true), ("dom0_mem=max:4G", true),
        ("dom0_mem=524288", true), ("dom0_mem=512max:512M", true), ("dom0_mem=1G+25%", false), ("dom0_mem=25%", false),
        ("dom0_mem=1T", false), ("dom0_mem=-1G", false), ("xdom0_mem=512M", false), ("console=com1", false),
        ("dom0_mem=512M\tconsole=com1", false), ("", false),
    ])
    func appliesXlsAutoballoonExpression(_ text: String, _ matches: Bool) {
        #expect(XlAutoballoonRule.commandLineFixesDom0Memory(text) == matches)
    }
}
