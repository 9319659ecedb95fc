import Testing
@testable import Dom0TuneCore

@Suite struct ControlTextTests {
    @Test func statusIsShortAlignedWithRemediesUnderProblems() {
        let text = ControlText.status(sampleView().statusJSON)
        #expect(
            text == """
                dom0tuned 0.1.0 running, up 2h 5m
                weight      512 (target 512), scheduler credit2
                drift       1 restored since start
                last check  2026-11-28T06:20:00Z
                memory      not swapping (PSI trigger)
                checks      critical: 2 of 3 need attention
                  warning   mem.autoballoon  xl autoballoons dom0 (autoballoon="auto" and no dom0_mem=)
                                             remedy: set autoballoon="off" in /etc/xen/xl.conf
                  critical  boot.dom0-mem    no dom0_mem= on the Xen command line
                                             remedy: add dom0_mem=4096M,max:4096M to GRUB_CMDLINE_XEN_DEFAULT
                                                     then run update-grub
                                             (takes effect after a reboot)

                """)
    }

    @Test func checkStartsWithAPluginStyleLine() {
        let text = ControlText.check(sampleView().checkJSON)
        #expect(text.hasPrefix("DOM0TUNED CRITICAL - 2 of 3 checks need attention\nok        sched.weight     dom0's weight is 512\n"))
        #expect(ControlText.check(CheckReport.json([])) == "DOM0TUNED OK - all 0 checks ok\n")
    }

    @Test func eventsOneLineEach() {
        let text = ControlText.events(sampleView().eventsJSON())
        #expect(
            text == """
                2026-11-28T06:10:00Z  drift    weight drifted to 256; restored 512
                2026-11-28T06:20:00Z  episode  swap episode started
                (2 of 3 events shown)

                """)
        #expect(ControlText.events(["total": 0, "events": []]) == "no events yet\n")
    }

    @Test func fieldsFlattenNestedObjectsAndLists() {
        let text = ControlText.fields(["weight": 512, "episodes": [["start": "a", "pages": 3]], "pressure": ["some": 0.5]])
        #expect(
            text == """
                weight  512
                episodes
                  - start  a
                    pages  3
                pressure
                  some  0.5

                """)
        #expect(ControlText.fields("weight 512 applied") == "weight 512 applied\n")
    }

    @Test func durations() {
        #expect(ControlText.duration(12) == "12s")
        #expect(ControlText.duration(250) == "4m 10s")
        #expect(ControlText.duration(7500) == "2h 5m")
        #expect(ControlText.duration(3 * 86400 + 4 * 3600) == "3d 4h")
    }
}
