import Testing
@testable import Dom0TuneCore

@Suite struct StartupBackoffTests {
    @Test func delaysDoubleFromHalfASecond_andStayAtFiveSeconds() {
        var backoff = StartupBackoff(limit: .seconds(3600))
        let delays = (0..<9).map { _ in backoff.nextDelay(afterAttemptTaking: .zero) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5), .seconds(5), .seconds(5)])
        #expect(backoff.attempts == 9)
        #expect(backoff.elapsed == .milliseconds(32_500))
    }

    @Test func givesUp_whenTheNextDelayWouldPassTheLimit() {
        var backoff = StartupBackoff(limit: .seconds(10))
        // 0.5 + 1 + 2 + 4 = 7.5 s; another 5 s would pass 10 s.
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == .milliseconds(500))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == .seconds(1))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == .seconds(2))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == .seconds(4))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == nil)
        #expect(backoff.attempts == 5)
    }

    @Test func countsTheTimeAttemptsTook_towardsTheLimit() {
        var backoff = StartupBackoff(limit: .seconds(30))
        // A hanging xl takes its whole 10 s deadline each time.
        #expect(backoff.nextDelay(afterAttemptTaking: .seconds(10)) == .milliseconds(500))
        #expect(backoff.nextDelay(afterAttemptTaking: .seconds(10)) == .seconds(1))
        #expect(backoff.nextDelay(afterAttemptTaking: .seconds(10)) == nil)
        #expect(backoff.elapsed == .milliseconds(31_500))
    }

    @Test func aDelayEndingExactlyAtTheLimit_isStillTaken() {
        var backoff = StartupBackoff(limit: .milliseconds(1500))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == .milliseconds(500))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == .seconds(1))
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == nil)
    }

    @Test func aZeroLimit_givesUpAtOnce() {
        var backoff = StartupBackoff(limit: .zero)
        #expect(backoff.nextDelay(afterAttemptTaking: .zero) == nil)
    }

    @Test func manyAttempts_neverOverflow() {
        var backoff = StartupBackoff(limit: .seconds(1_000_000))
        var last: Duration?
        for _ in 0..<10_000 { last = backoff.nextDelay(afterAttemptTaking: .milliseconds(1)) ?? last }
        #expect(last == .seconds(5))
    }
}
