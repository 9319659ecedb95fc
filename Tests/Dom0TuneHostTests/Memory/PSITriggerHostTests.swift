import Dispatch
import Dom0TuneCore
import Dom0TuneHost
import Foundation
import Testing

/// Arms a real trigger on this machine's /proc/pressure/memory and tears it down.
/// Serialized: it counts this process's descriptors on that file.
@Suite(.serialized) struct PSITriggerHostTests {
    static let path = "/proc/pressure/memory"
    let queue = DispatchQueue(label: "test.psi")

    @Test func armsARealTrigger_andClosesBothDescriptorsOnCancel() throws {
        guard FileManager.default.fileExists(atPath: Self.path) else {
            // No PSI on this kernel: the watch must say it samples instead.
            try fallbackIsReported()
            return
        }
        #expect(openDescriptors(to: Self.path).isEmpty)
        let spec = PressureTriggerSpec(MemorySettings())
        let armed: PSITrigger
        do {
            armed = try queue.sync {
                try PSITrigger(path: Self.path, spec: spec, queue: queue, onFire: {}, onLost: { _ in })
            }
        } catch let error as PSITriggerError {
            // Refused here (no privilege, or PSI disabled): the fallback path is the behaviour to check.
            print("PSI trigger refused on this machine: \(error.reason)")
            try fallbackIsReported()
            return
        }
        print("PSI trigger armed on this machine: \(armed.spec)\(armed.unprivileged ? " (unprivileged window)" : "")")
        #expect(armed.spec == spec || armed.spec == spec.unprivileged)
        #expect(openDescriptors(to: Self.path) == [armed.descriptors.pressure])
        let epollLink = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(armed.descriptors.epoll)")
        #expect(epollLink == "anon_inode:[eventpoll]")
        let watched = epollWatch(armed.descriptors.epoll)
        // EPOLLPRI (the kernel adds EPOLLERR and EPOLLHUP) on the pressure descriptor.
        #expect(watched == "tfd: \(armed.descriptors.pressure) events: 1a")

        let closed = DispatchSemaphore(value: 0)
        queue.sync { armed.cancel(closed: { closed.signal() }) }
        // A generous bound, not a timing assertion: the close happens on the queue.
        #expect(closed.wait(timeout: .now() + .seconds(30)) == .success)
        #expect(openDescriptors(to: Self.path).isEmpty)
        // The epoll descriptor is gone too. (Other suites run in parallel and may reuse
        // the number, so check that it no longer watches that pressure descriptor
        // rather than counting all descriptors.)
        #expect(epollWatch(armed.descriptors.epoll) != watched)
    }

    /// The first watch of an epoll descriptor per `/proc/self/fdinfo`, e.g.
    /// `tfd: 7 events: 2`; `nil` when the descriptor is not an open epoll.
    private func epollWatch(_ fd: Int32) -> String? {
        guard let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8) else { return nil }
        guard let line = info.split(separator: "\n").first(where: { $0.hasPrefix("tfd:") }) else { return nil }
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 4 else { return nil }
        return "tfd: \(fields[1]) events: \(fields[3])"
    }

    @Test func memoryWatchOnTheRealRoot_usesTheTrigger_orSaysWhyNot() throws {
        let log = LogRecorder()
        let watch = queue.sync {
            MemoryWatch(settings: MemorySettings(), root: "/", queue: queue, logger: log.logger, onEvent: { _ in })
        }
        let snapshot = queue.sync {
            watch.start()
            return watch.snapshot
        }
        #expect(snapshot.state != .starting)  // /proc/vmstat was read
        switch snapshot.mode {
        case .trigger(let spec, _):
            #expect(openDescriptors(to: Self.path).count == 1)
            #expect(snapshot.statusSummary.hasSuffix("(PSI trigger)"))
            print("memory watch on this machine: \(snapshot.source)")
            _ = spec
        case .sampling(let reason):
            #expect(snapshot.statusSummary.contains("sampling only, no PSI trigger"))
            print("memory watch on this machine falls back: \(reason)")
        case .off:
            Issue.record("the watch is on")
        }
        let closed = DispatchSemaphore(value: 0)
        queue.sync {
            let trigger = watch.armedTrigger
            watch.stop()
            // stop() cancelled it; ask to hear when its descriptors are closed.
            if let trigger { trigger.cancel(closed: { closed.signal() }) } else { closed.signal() }
        }
        #expect(closed.wait(timeout: .now() + .seconds(30)) == .success)
        #expect(openDescriptors(to: Self.path).isEmpty)
    }

    private func fallbackIsReported() throws {
        let tree = try FakeProcTree()
        try tree.populateFromFixtures()
        try tree.remove("proc/pressure/memory")
        let watch = queue.sync {
            MemoryWatch(settings: MemorySettings(), root: tree.root, queue: queue, logger: LogRecorder().logger, onEvent: { _ in })
        }
        let snapshot = queue.sync {
            watch.start()
            defer { watch.stop() }
            return watch.snapshot
        }
        #expect(snapshot.mode == .sampling(reason: "/proc/pressure/memory missing (kernel without PSI)"))
    }
}

/// Opt-in: makes the trigger fire for real. Set `DOM0TUNED_PSI_STRESS` to a command
/// that stalls tasks on memory for a few seconds (e.g. a reader thrashing a file's
/// page cache inside a small memory cgroup); it runs while the watch waits for a
/// wake-up. Off by default: it loads the machine.
@Suite struct PSITriggerFiringTests {
    static let stress = ProcessInfo.processInfo.environment["DOM0TUNED_PSI_STRESS"]

    @Test(.enabled(if: stress != nil)) func memoryPressure_wakesTheWatchThroughTheTrigger() throws {
        let queue = DispatchQueue(label: "test.psi-firing")
        let woke = DispatchSemaphore(value: 0)
        let fired = Collected<Bool>()
        let watch = queue.sync {
            MemoryWatch(settings: MemorySettings(), root: "/", queue: queue, logger: LogRecorder().logger, onEvent: { _ in })
        }
        let armed = queue.sync {
            watch.start()
            return watch.armedTrigger
        }
        let trigger = try #require(armed, "no trigger on this machine: \(queue.sync { watch.snapshot.source })")
        // Watch the trigger's wake-ups through the watch's totals, polled on the queue.
        let poll = DispatchSource.makeTimerSource(queue: queue)
        poll.schedule(deadline: .now(), repeating: .milliseconds(100))
        poll.setEventHandler {
            if watch.snapshot.totals.triggerWakeups > 0, fired.values.isEmpty {
                fired.append(true)
                woke.signal()
            }
        }
        poll.resume()
        let stress = Process()
        stress.executableURL = URL(fileURLWithPath: "/bin/sh")
        stress.arguments = ["-c", Self.stress!]
        try stress.run()
        let result = woke.wait(timeout: .now() + .seconds(60))
        stress.waitUntilExit()
        queue.sync {
            poll.cancel()
            print("memory watch after stress: \(watch.snapshot.json.serialized())")
            watch.stop()
        }
        #expect(result == .success, "the trigger (\(trigger.spec)) never woke the watch")
    }
}
