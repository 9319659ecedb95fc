import Dispatch
import Dom0TuneHost
import Glibc
import Synchronization
import Testing

/// The idle ticker: one thread, probes run on it, quiet ticks never reach the queue,
/// ticks of the same period are shared.
@Suite struct QuietTickerTests {
    final class Record: Sendable {
        let threads = Mutex<Set<UInt>>([])
        let runs = Mutex<[String: Int]>([:])
        let onQueue = Mutex(0)

        func ran(_ name: String) {
            threads.withLock { _ = $0.insert(UInt(pthread_self())) }
            runs.withLock { $0[name, default: 0] += 1 }
        }
        func count(_ name: String) -> Int { runs.withLock { $0[name] ?? 0 } }
    }

    static func sleep(_ milliseconds: Int) { usleep(useconds_t(milliseconds * 1000)) }

    @Test func probesOfOnePeriod_shareTheirTicks_onOneThread_andQuietOnesStayOffTheQueue() {
        let queue = DispatchQueue(label: "test.ticker")
        let ticker = QuietTicker(target: queue)
        let record = Record()
        ticker.add(every: .milliseconds(100)) { record.ran("a"); return nil }
        ticker.add(every: .milliseconds(100)) { record.ran("b"); return nil }
        Self.sleep(650)
        ticker.stop()
        let runs = record.count("a")
        #expect(runs >= 4)
        #expect(record.count("b") == runs)
        // One wakeup served both probes.
        #expect(ticker.ticks <= runs + 1)
        #expect(record.threads.withLock { $0.count } == 1)
        #expect(!record.threads.withLock { $0.contains(UInt(pthread_self())) })
    }

    @Test func aProbeWithWork_hasItsClosureRunOnTheQueue() {
        let queue = DispatchQueue(label: "test.ticker")
        let key = DispatchSpecificKey<Int>()
        queue.setSpecific(key: key, value: 7)
        let ticker = QuietTicker(target: queue)
        let record = Record()
        ticker.add(every: .milliseconds(50)) {
            record.ran("probe")
            return { if DispatchQueue.getSpecific(key: key) == 7 { record.onQueue.withLock { $0 += 1 } } }
        }
        Self.sleep(300)
        ticker.stop()
        queue.sync {}
        #expect(record.onQueue.withLock { $0 } >= 3)
        #expect(record.onQueue.withLock { $0 } == record.count("probe"))
    }

    @Test func stop_joinsTheThread_andNoProbeRunsAfter() {
        let queue = DispatchQueue(label: "test.ticker")
        let ticker = QuietTicker(target: queue)
        let record = Record()
        ticker.add(every: .milliseconds(20)) { record.ran("p"); return nil }
        Self.sleep(100)
        ticker.stop()
        let after = record.count("p")
        Self.sleep(100)
        #expect(record.count("p") == after)
        ticker.add(every: .milliseconds(20)) { record.ran("late"); return nil }
        Self.sleep(60)
        #expect(record.count("late") == 0)
    }

    @Test func setPeriod_andRemove_takeEffectAtOnce() {
        let queue = DispatchQueue(label: "test.ticker")
        let ticker = QuietTicker(target: queue)
        let record = Record()
        let slow = ticker.add(every: .seconds(3600)) { record.ran("slow"); return nil }
        Self.sleep(100)
        #expect(record.count("slow") == 0)
        ticker.setPeriod(slow, .milliseconds(30))
        Self.sleep(200)
        #expect(record.count("slow") >= 3)
        ticker.remove(slow)
        let after = record.count("slow")
        Self.sleep(100)
        #expect(record.count("slow") <= after + 1)
        ticker.stop()
    }
}
