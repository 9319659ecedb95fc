import Testing
@testable import Dom0TuneCore

@Suite struct ControlResponseTests {
    @Test func goldenLines() {
        #expect(ControlRequest(.status).line == "{\"v\":1,\"cmd\":\"status\",\"args\":{}}\n")
        #expect(ControlResponse.success(["weight": 512]).line == "{\"v\":1,\"ok\":true,\"result\":{\"weight\":512}}\n")
        #expect(
            ControlResponse.failure(ControlError(.unknownCommand, "unknown command 'x'")).line
                == "{\"v\":1,\"ok\":false,\"error\":{\"code\":\"unknown-command\",\"message\":\"unknown command 'x'\"}}\n")
    }

    @Test func roundTripsThroughTheWire() throws {
        let responses: [ControlResponse] = [
            .success(.null), .success(.string("a\nb")), .success(["list": [1, 2.5, "x"], "nested": ["ok": true]]),
            .failure(ControlError(.permissionDenied, "root only")),
        ]
        for response in responses {
            var line = Array(response.line.utf8)
            #expect(line.last == UInt8(ascii: "\n"))
            line.removeLast()
            #expect(!line.contains(UInt8(ascii: "\n")), "a response must stay on one line")
            #expect(try ControlResponse.parse(line: line) == response)
        }
    }

    @Test func requestRoundTripsThroughTheValidator() throws {
        let request = ControlRequest(.events, args: ["limit": 5])
        let line = Array(request.line.utf8.dropLast())
        #expect(try ControlRequestValidator().validate(line: line, peer: PeerCredentials(pid: 1, uid: 0, gid: 0)).get() == request)
    }

    @Test func unknownErrorCodesFromANewerDaemonAreKept() throws {
        let response = try ControlResponse.parse(line: Array(#"{"v":1,"ok":false,"error":{"code":"new-thing","message":"m"}}"#.utf8))
        #expect(response == .failure(ControlError(.failed, "new-thing: m")))
    }

    @Test(arguments: ["", "nope", "{}", #"{"ok":false}"#, #"{"ok":false,"error":{}}"#])
    func malformedResponsesThrow(_ line: String) {
        #expect(throws: ControlResponseError.self) { try ControlResponse.parse(line: Array(line.utf8)) }
    }
}
