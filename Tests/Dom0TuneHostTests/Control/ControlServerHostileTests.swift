import Dispatch
import Dom0TuneCore
import Glibc
import Testing
@testable import Dom0TuneHost

/// Nothing a client sends may stop the daemon answering others.
@Suite struct ControlServerHostileTests {
    @Test func aLineOneByteOverTheLimitIsRefusedAndClosed() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        connection.send([UInt8](repeating: UInt8(ascii: " "), count: ControlProtocol.maxRequestBytes + 1) + [UInt8(ascii: "\n")])
        #expect(errorCode(connection.readResponse()) == .tooLarge)
        #expect(connection.isClosedByServer())
        #expect(try harness.client.send(ControlRequest(.status)) == .success(normalized(testView().statusJSON)))
    }

    @Test func aLineExactlyAtTheLimitIsServed() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let request = Array(#"{"v":1,"cmd":"status"}"#.utf8)
        let padded = request + [UInt8](repeating: UInt8(ascii: " "), count: ControlProtocol.maxRequestBytes - request.count)
        let connection = try RawConnection(path: harness.path)
        connection.send(padded + [UInt8(ascii: "\n")])
        #expect(connection.readResponse() == .success(normalized(testView().statusJSON)))
    }

    @Test func aOneMebibyteLineIsRefusedWithoutReadingItAll() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        // The server stops reading past the limit, so the send may fail part-way: fine.
        connection.send([UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20) + [UInt8(ascii: "\n")])
        #expect(errorCode(connection.readResponse()) == .tooLarge)
        #expect(connection.isClosedByServer())
        #expect(try harness.client.send(ControlRequest(.status)) == .success(normalized(testView().statusJSON)))
    }

    @Test func invalidUTF8IsRefusedAndClosed() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        connection.send(Array(#"{"v":1,"cmd":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8) + [0x0A])
        #expect(errorCode(connection.readResponse()) == .badEncoding)
        #expect(connection.isClosedByServer())
    }

    @Test func invalidJSONIsRefusedAndClosed() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        let connection = try RawConnection(path: harness.path)
        connection.send("{\"v\":1,\"cmd\":status}\n{\"v\":1,\"cmd\":\"status\"}\n")
        #expect(errorCode(connection.readResponse()) == .badJSON)
        #expect(connection.isClosedByServer(), "the request after the bad one is not answered")
    }

    @Test func binaryGarbageIsRefusedAndTheServerCarriesOn() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let connection = try RawConnection(path: harness.path)
            connection.send(garbage + [0x0A])
            let code = errorCode(connection.readResponse())
            #expect(code != nil)
            #expect(connection.isClosedByServer())
        }
        #expect(try harness.client.send(ControlRequest(.status)) == .success(normalized(testView().statusJSON)))
    }

    @Test func twoHundredIdleConnectionsThenARealRequestIsAnsweredWithinASecond() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        var idle: [RawConnection] = []
        for _ in 0..<200 { idle.append(try RawConnection(path: harness.path)) }
        // A 1 MiB line and garbage on top, as the acceptance check does.
        let big = try RawConnection(path: harness.path)
        big.send([UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20) + [0x0A])
        let garbage = try RawConnection(path: harness.path)
        garbage.send([0x00, 0xFF, 0xFE, 0x0A, 0x7B, 0x0A])
        var response: ControlResponse?
        let time = try elapsed { response = try harness.client.send(ControlRequest(.status)) }
        #expect(response == .success(normalized(testView().statusJSON)))
        #expect(time < .seconds(1))
        #expect(harness.clientCount <= ControlProtocol.maxClients)
        // The evicted ones were told why before being closed.
        #expect(errorCode(idle[0].readResponse()) == .unavailable)
        #expect(idle[0].isClosedByServer())
    }

    @Test func aClientThatNeverReadsIsDroppedAndDoesNotDelayOthers() throws {
        let harness = try ServerHarness { $0.idleTimeout = .milliseconds(500) }
        defer { harness.stop() }
        let hog = try RawConnection(path: harness.path, timeout: .milliseconds(200))
        // Ask for metrics again and again without reading, until the socket is full.
        let request = Array((#"{"v":1,"cmd":"metrics"}"# + "\n").utf8)
        var sent = 0
        while sent < 100_000, hog.send(request) { sent += 1 }
        #expect(sent < 100_000, "the server must stop taking requests from a client that does not read")
        var response: ControlResponse?
        let time = try elapsed { response = try harness.client.send(ControlRequest(.status)) }
        #expect(response == .success(normalized(testView().statusJSON)))
        #expect(time < .milliseconds(200))
        // After the idle timeout without progress the hog is gone.
        var waited = 0
        while harness.clientCount > 0 && waited < 40 {
            usleep(50_000)
            waited += 1
        }
        #expect(harness.clientCount == 0)
    }

    @Test func manySequentialClientsLeaveNoConnectionsBehind() throws {
        let harness = try ServerHarness()
        defer { harness.stop() }
        for _ in 0..<500 { _ = try harness.client.send(ControlRequest(.status)) }
        var waited = 0
        while harness.clientCount > 0 && waited < 20 {
            usleep(10_000)
            waited += 1
        }
        #expect(harness.clientCount == 0)
    }
}
