import Testing
@testable import Dom0TuneCore

@Suite struct XlErrorClassifierTests {
    func classify(_ name: String) throws -> XlFailure {
        let failure = try XenFixtures.failure(name)
        return XlErrorClassifier.classify(exitStatus: failure.status, stderr: failure.stderr)
    }

    @Test func schedCreditOnACredit2PoolIsASchedulerMismatch() throws {
        #expect(try classify("xl-sched-credit-d-Domain-0.on-credit2") == .schedulerMismatch(running: .credit2, requested: .credit))
        #expect(try classify("xl-sched-rtds-d-Domain-0.on-credit2") == .schedulerMismatch(running: .credit2, requested: .rtds))
    }

    @Test func settingACreditWeightOnACredit2PoolFailsWithLibxlsReason() throws {
        #expect(try classify("xl-sched-credit-d-Domain-0-w-512.on-credit2") == .setFailed(detail: "Getting domain sched credit: Invalid argument"))
    }

    @Test func aWeightAbove65535IsOutOfRange() throws {
        #expect(try classify("xl-sched-credit2-w-70000") == .weightOutOfRange)
    }

    @Test func unknownDomainsAreNamed() throws {
        #expect(try classify("xl-sched-credit2-d-nosuch") == .invalidDomain("nosuch"))
        #expect(try classify("xl-list-nosuch") == .invalidDomain("nosuch"))
        #expect(try classify("xl-vcpu-list-nosuch") == .invalidDomain("nosuch"))
    }

    @Test func anUnknownSubcommandIsNotImplemented() throws {
        #expect(try classify("xl-nosuchcommand") == .notImplemented)
    }

    @Test func xenNotRunningCannotInitTheContext() {
        let stderr = """
            xencall: error: Could not obtain handle on privileged command interface: No such file or directory
            libxl: error: libxl.c:102:libxl_ctx_alloc: cannot open libxc handle: No such file or directory
            cannot init xl context

            """
        #expect(XlErrorClassifier.classify(exitStatus: 1, stderr: stderr) == .cannotInitContext)
    }

    @Test func capOutOfRangeAndBareSetFailure() {
        let cap = "libxl: error: libxl_sched.c:460:sched_credit2_domain_set: Cpu cap out of range, valid range is from 0 to 100 for specified number of vcpus\nlibxl_domain_sched_params_set failed.\n"
        #expect(XlErrorClassifier.classify(exitStatus: 1, stderr: cap) == .capOutOfRange)
        #expect(XlErrorClassifier.classify(exitStatus: 1, stderr: "libxl_domain_sched_params_set failed.\r\n") == .setFailed(detail: nil))
    }

    @Test func anythingElseKeepsTheFirstLineShortenedAndPrintable() {
        #expect(XlErrorClassifier.classify(exitStatus: 1, stderr: "\n  unknown cpupool 'x'\nmore\n") == .other("unknown cpupool 'x'"))
        #expect(XlErrorClassifier.classify(exitStatus: 2, stderr: "") == .other("xl exited with status 2 and printed nothing on standard error"))
        guard case .other(let long) = XlErrorClassifier.classify(exitStatus: 1, stderr: HostileInput.megabyteLine) else {
            Issue.record("expected other")
            return
        }
        #expect(long.count == 201)
        guard case .other(let binary) = XlErrorClassifier.classify(exitStatus: 1, stderr: "a\u{0}b\u{1B}[31m") else {
            Issue.record("expected other")
            return
        }
        #expect(binary == "a?b?[31m")
    }

    @Test func aMalformedMismatchLineIsNotMistakenForOne() {
        let result = XlErrorClassifier.classify(exitStatus: 1, stderr: "libxl_domain_sched_params_get returned credit2.\n")
        #expect(result == .other("libxl_domain_sched_params_get returned credit2."))
    }

    @Test func neverTrapsOnHostileInput() {
        for input in HostileInput.all {
            _ = XlErrorClassifier.classify(exitStatus: -1, stderr: input)
            _ = XlErrorClassifier.classify(exitStatus: 1, stderr: input + " is an invalid domain identifier (rc=-6)")
            _ = XlErrorClassifier.classify(exitStatus: 1, stderr: "libxl_x_get returned " + input)
        }
    }
}
