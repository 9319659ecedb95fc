import Dispatch
import Dom0TuneCore
import Glibc
import Testing
@testable import Dom0TuneHost

@Suite struct ControlServerTests {
    @Test func answersStatusFromTheDaemonView() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let response = try harness.client.send(ControlRequest(.status))
        #expect(response == .success(normalized(testView().statusJSON)))
    }

    @Test func goldenResponseBytes() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        connection.send(#"{"v":1,"cmd":"nope"}"# + "\n")
        let line = String(decoding: connection.readLine() ?? [], as: UTF8.self)
        #expect(
            line == #"{"v":1,"ok":false,"error":{"code":"unknown-command","message":"unknown command 'nope'; commands: status, check, memory, events, reapply, reload, metrics"}}"#)
    }

    @Test func answersPipelinedRequestsInOrder_andKeepsTheConnectionAfterARefusal() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        connection.send(
            #"{"v":1,"cmd":"status"}"# + "\n" + #"{"v":7,"cmd":"status"}"# + "\n" + #"{"v":1,"cmd":"events","args":{"limit":"x"}}"#
                + "\n" + #"{"v":1,"cmd":"metrics"}"# + "\n")
        #expect(connection.readResponse() == .success(normalized(testView().statusJSON)))
        let badVersion = connection.readResponse()
        #expect(errorCode(badVersion) == .badVersion)
        if case .failure(let error)? = badVersion { #expect(error.message.contains("supported versions: 1")) }
        #expect(errorCode(connection.readResponse()) == .badArgs)
        #expect(connection.readResponse() == .success(.string(testView().metricsText)))
    }

    @Test func answersThousandsOfPipelinedRequestsInOrder() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path, timeout: .seconds(5))
        var batch: [UInt8] = []
        for n in 1...3000 {
            batch += Array(#"{"v":1,"cmd":"events","args":{"limit":\#(n)}}"#.utf8) + [0x0A]
        }
        // Read while sending, so neither side's socket buffer fills up.
        let reader = RawReader(connection)
        DispatchQueue.global().async { reader.collect(3000) }
        #expect(connection.send(batch))
        let answers = reader.wait()
        #expect(answers.count == 3000)
        #expect(answers.allSatisfy { $0 == .success(normalized(testView().eventsJSON())) })
    }

    @Test func answersALastRequestWithoutItsNewline() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        connection.send(#"{"v":1,"cmd":"memory"}"#)
        shutdown(connection.fd, Int32(SHUT_WR))
        #expect(connection.readResponse() == .success(normalized(testView().memoryJSON)))
        #expect(connection.isClosedByServer())
    }

    @Test func actionsAreAnsweredThroughTheirClosures() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        #expect(try harness.client.send(ControlRequest(.reapply)) == .success("weight 512 applied (credit2)"))
        #expect(try harness.client.send(ControlRequest(.reload)) == .success(["changed": ["Scheduler.Weight"]]))
        #expect(try harness.client.send(ControlRequest(.check, args: ["refresh": true])) == .success(normalized(testView().checkJSON)))
    }

    @Test func unwiredActionsAndAMissingViewAreUnavailable() throws {
        let harness = try ServerHarness(handler: DaemonViewControlHandler(view: { nil }))
        defer { harness.stop() }
        #expect(errorCode(try harness.client.send(ControlRequest(.reapply))) == .unavailable)
        #expect(errorCode(try harness.client.send(ControlRequest(.status))) == .unavailable)
    }

    @Test func aSlowHandlerDoesNotBlockOtherClients_norTimeOutItsOwnRequest() throws {
        let slow = SlowHandler(delay: .milliseconds(600))
        let harness = try ServerHarness(handler: slow) { $0.idleTimeout = .milliseconds(200) }
        defer { harness.stop() }
        let waiting = try RawConnection(path: harness.path)
        waiting.send(#"{"v":1,"cmd":"reload"}"# + "\n")
        let quick = try RawConnection(path: harness.path)
        let time = elapsed {
            quick.send(#"{"v":1,"cmd":"status"}"# + "\n")
            #expect(quick.readResponse() == .success("fast"))
        }
        #expect(time < .milliseconds(300))
        #expect(waiting.readResponse() == .success("slow"))
    }

    @Test func noTimerWakesTheDaemonWhenNobodyIsConnected() throws {
        let harness = try ServerHarness { $0.idleTimeout = .milliseconds(400) }
        defer { harness.stop() }
        #expect(harness.queue.sync { harness.server.idleSweepRunning } == false)
        do {
            let connection = try RawConnection(path: harness.path)
            connection.send(#"{"v":1,"cmd":"status"}"# + "\n")
            #expect(connection.readResponse() != nil)
            #expect(harness.queue.sync { harness.server.idleSweepRunning })
        }
        usleep(400_000)  // the connection is gone; a sweep (every 100 ms here) finds nobody and stops
        #expect(harness.queue.sync { harness.server.idleSweepRunning } == false)
    }

    @Test func closesIdleConnections() throws {
        let harness = try ServerHarness { $0.idleTimeout = .milliseconds(300) }
        defer { harness.stop() }
        let idle = try RawConnection(path: harness.path)
        let time = elapsed { #expect(idle.isClosedByServer()) }
        #expect(time >= .milliseconds(250))
        #expect(time < .milliseconds(1500))
        #expect(harness.clientCount == 0)
    }
}

/// Answers `reload` late from another queue, everything else at once.
final class SlowHandler: ControlHandler, @unchecked Sendable {
    let delay: Duration
    init(delay: Duration) { self.delay = delay }

    func handle(_ request: ControlRequest, peer: PeerCredentials, reply: @escaping @Sendable (ControlResponse) -> Void) {
        guard request.command == .reload else { return reply(.success("fast")) }
        let milliseconds = Int(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { reply(.success("slow")) }
    }
}

/// Reads responses on another thread.
final class RawReader: @unchecked Sendable {
    let connection: RawConnection
    private var answers: [ControlResponse] = []
    private let done = DispatchSemaphore(value: 0)
    init(_ connection: RawConnection) { self.connection = connection }

    func collect(_ count: Int) {
        for _ in 0..<count {
            guard let response = connection.readResponse() else { break }
            answers.append(response)
        }
        done.signal()
    }

    func wait() -> [ControlResponse] {
        done.wait()
        return answers
    }
}
