import Testing
@testable import Dom0TuneCore

@Suite struct XenCapabilitiesTests {
    @Test func dom0sCaptureIsAControlDomain() throws {
        let caps = XenCapabilities.parse(try XenFixtures.text("credit2/proc-xen-capabilities.txt"))
        #expect(caps.isControlDomain)
        #expect(caps.capabilities == ["control_d"])
    }

    @Test func anEmptyFileIsAGuestNotAControlDomain() {
        #expect(!XenCapabilities.parse("").isControlDomain)
        #expect(!XenCapabilities.parse("\n").isControlDomain)
    }

    @Test func findsControlDInCommaOrWhitespaceSeparatedLists() {
        #expect(XenCapabilities.parse("foo,control_d\n").isControlDomain)
        #expect(XenCapabilities.parse("foo control_d bar\r\n").isControlDomain)
        #expect(!XenCapabilities.parse("control_domain,xcontrol_d").isControlDomain)
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all { #expect(!XenCapabilities.parse(input).isControlDomain) }
    }
}
