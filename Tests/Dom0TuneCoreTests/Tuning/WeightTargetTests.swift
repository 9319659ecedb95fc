import Testing
@testable import Dom0TuneCore

@Suite struct WeightTargetTests {
    @Test func withoutACap_isMetByTheWeightAlone_whateverTheCap() {
        let target = WeightTarget(weight: 512)
        #expect(target.isMet(weight: 512, cap: nil))
        #expect(target.isMet(weight: 512, cap: 0))
        #expect(target.isMet(weight: 512, cap: 300))
        #expect(!target.isMet(weight: 256, cap: nil))
    }

    @Test func withACap_needsBothWeightAndCap() {
        let target = WeightTarget(weight: 512, cap: 0)
        #expect(target.isMet(weight: 512, cap: 0))
        #expect(!target.isMet(weight: 512, cap: nil))
        #expect(!target.isMet(weight: 512, cap: 50))
        #expect(!target.isMet(weight: 511, cap: 0))
    }

    @Test func isBuiltFromTheSchedulerSettings() {
        #expect(WeightTarget(SchedulerSettings()) == WeightTarget(weight: 512, cap: nil))
        var settings = SchedulerSettings()
        settings.weight = 1000
        settings.cap = 25
        #expect(WeightTarget(settings) == WeightTarget(weight: 1000, cap: 25))
    }
}
