import Testing
@testable import Dom0TuneCore

@Suite struct XlConfigFileTests {
    @Test func debiansXlConfSetsNothing() throws {
        let conf = try XlConf(parsing: try XenFixtures.text("etc/xen-xl.conf"))
        #expect(conf == XlConf())
        #expect(conf.ballooningEnabled(xenCommandLine: "console=com1"))
        #expect(!conf.ballooningEnabled(xenCommandLine: "dom0_mem=512M,max:512M"))
    }

    @Test(arguments: [
        ("autoballoon=\"off\"", XlConf.Autoballoon.off), ("autoballoon = 'on'", .on), ("autoballoon=0", .off),
        ("autoballoon=1 # comment", .on), ("autoballoon=\"auto\";", .auto), ("autoballoon=off", .off),
        ("  autoballoon\t=\t\"0\"  ", .off),
    ])
    func readsAutoballoonQuotedOrNot(_ line: String, _ expected: XlConf.Autoballoon) throws {
        let conf = try XlConf(parsing: "# xl.conf\n" + line + "\n")
        #expect(conf.autoballoon == expected)
        #expect(conf.autoballoonLine == 2)
    }

    @Test func keepsTheLastAssignment() throws {
        #expect(try XlConf(parsing: "autoballoon=\"on\"\nautoballoon=\"off\"\n").autoballoon == .off)
    }

    @Test func anUnknownAutoballoonValueMeansAuto() throws {
        let conf = try XlConf(parsing: "autoballoon=\"maybe\"\n")
        #expect(conf.autoballoon == nil && conf.invalidAutoballoon == "maybe")
    }

    @Test func readsListsOverSeveralLines() throws {
        let file = try XlConfigFile(parsing: "disk = [ 'phy:/dev/vg/a,xvda,w',\n  'file:/b.img,xvdb,r', ]\nvcpus=2\n", source: "t")
        #expect(file["disk"]?.value == .list([.atom("phy:/dev/vg/a,xvda,w"), .atom("file:/b.img,xvdb,r")]))
        #expect(file["vcpus"]?.line == 3)
    }

    @Test(arguments: [
        "autoballoon", "autoballoon=", "= 1", "x=\"open", "x=[1,2", "x=[1 2]", "x=\"a\" y=1", "x=[[[[[[[[[[1]]]]]]]]]]",
        "vm.cpumask=\"0-\"", "vm.cpumask=[\"1\"]",
    ])
    func refusesMalformedFiles(_ text: String) {
        #expect(throws: InputParseError.self) { try XlConf(parsing: text) }
    }

    @Test func survivesHostileInput() {
        for text in HostileInput.all {
            _ = try? XlConf(parsing: text)
            _ = try? XlGuestConfig(parsing: text, source: "h")
            _ = try? LibvirtLibxlConf(parsing: text)
            _ = try? XendConfig(parsing: text)
            _ = SchedCreditLineScanner.scan(text)
        }
    }

    @Test func readsXendAndLibvirtBallooningSettings() throws {
        let xend = try XendConfig(parsing: "# xend\n(enable-dom0-ballooning yes)\n(dom0-min-mem 196)\n")
        #expect(xend.ballooningEnabled && xend.enableDom0BallooningLine == 2)
        #expect(!(try XendConfig(parsing: "(enable-dom0-ballooning no)\n").ballooningEnabled))
        #expect(!(try XendConfig(parsing: "(dom0-min-mem 0)\n").ballooningEnabled))
        #expect(throws: InputParseError.self) { try XendConfig(parsing: "(dom0-min-mem lots)\n") }
        #expect(try LibvirtLibxlConf(parsing: "#autoballoon = 1\n").autoballoon == nil)
        #expect(try LibvirtLibxlConf(parsing: "autoballoon = 0\n").autoballoon == false)
        #expect(throws: InputParseError.self) { try LibvirtLibxlConf(parsing: "autoballoon = \"yes\"\n") }
    }

    @Test func findsSchedCreditLinesButNotComments() {
        let text = """
            #!/bin/sh -e
            # xl sched-credit -d Domain-0 -w 512
            /usr/sbin/xl sched-credit2 -d Domain-0 -w 512 || true
            @reboot root sleep 30 && xm sched-credit -d 0 -w 1024
            echo sched-credit
            exit 0
            """
        #expect(SchedCreditLineScanner.scan(text).map(\.line) == [3, 4])
    }
}
