import Testing
@testable import Dom0TuneHost

@Suite struct MallocArenasTests {
    @Test func glibcTakesTheOneArenaLimit() {
        // The test process has threads already; mallopt still takes the limit (it applies
        // to arenas made from now on), which is what the daemon relies on before its first.
        #expect(MallocArenas.limitToOne())
    }
}
