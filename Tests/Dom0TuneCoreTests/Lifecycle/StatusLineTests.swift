import Testing
@testable import Dom0TuneCore

@Suite struct StatusLineTests {
    private let target = WeightTarget(weight: 512)

    private func render(_ phase: DaemonPhase, scheduler: XenScheduler? = nil, weight: Int? = nil, drifts: Int = 0,
                        problem: String? = nil, checks: String? = nil, memory: String? = nil) -> String {
        StatusLine.render(StatusLine.Inputs(
            phase: phase, target: target, scheduler: scheduler, observedWeight: weight, driftCount: drifts,
            tuningProblem: problem, checksSummary: checks, memorySummary: memory))
    }

    @Test func startingReloadingAndStopping_sayJustThat() {
        #expect(render(.starting) == "Starting")
        #expect(render(.reloading, scheduler: .credit2, weight: 512, drifts: 3) == "Reloading configuration")
        #expect(render(.stopping) == "Stopping")
    }

    @Test func waitingForToolstack_namesTheAttemptAndTheReason() {
        #expect(render(.waitingForToolstack(attempt: 3, reason: "xl did not answer within its deadline"))
            == "Waiting for the Xen toolstack (attempt 3): xl did not answer within its deadline")
    }

    @Test func applying_namesTheTargetAndTheSchedulerWhenKnown() {
        #expect(render(.applying) == "Applying dom0 weight 512")
        #expect(render(.applying, scheduler: .credit) == "Applying dom0 weight 512 (credit)")
    }

    @Test func running_showsTheObservedWeightAndScheduler() {
        #expect(render(.running, scheduler: .credit2, weight: 512) == "dom0 weight 512 (credit2)")
        #expect(render(.running, scheduler: .credit2) == "dom0 weight ? (credit2)")
        #expect(render(.running) == "dom0 scheduler unknown")
    }

    @Test func running_onASchedulerWithoutWeight_saysSo() {
        #expect(render(.running, scheduler: .rtds) == "dom0's pool scheduler rtds has no weight")
    }

    @Test func running_withAProblem_putsTheProblemFirst() {
        #expect(render(.running, scheduler: .credit2, weight: 256, problem: "weight out of range (1-65535)")
            == "Weight not applied: weight out of range (1-65535)")
    }

    @Test func running_appendsDriftsChecksAndMemory() {
        #expect(render(.running, scheduler: .credit2, weight: 512, drifts: 1) == "dom0 weight 512 (credit2); 1 drift restored")
        #expect(render(.running, scheduler: .credit2, weight: 512, drifts: 2, checks: "checks: 1 warning", memory: "swapping 120 pages/s")
            == "dom0 weight 512 (credit2); 2 drifts restored; checks: 1 warning; swapping 120 pages/s")
        #expect(render(.running, scheduler: .credit, weight: 512, checks: "checks: ok") == "dom0 weight 512 (credit); checks: ok")
    }

    @Test func phaseNames_areStable() {
        #expect([DaemonPhase.starting, .waitingForToolstack(attempt: 1, reason: ""), .applying, .running, .reloading, .stopping].map(\.name)
            == ["starting", "waiting-for-toolstack", "applying", "running", "reloading", "stopping"])
    }
}
