import Testing
@testable import Dom0TuneCore

@Suite struct ControlRequestValidatorTests {
    let validator = ControlRequestValidator()
    let root = PeerCredentials(pid: 1, uid: 0, gid: 0)
    let nobody = PeerCredentials(pid: 2, uid: 65534, gid: 65534)

    func code(_ line: String, peer: PeerCredentials? = nil) -> ControlErrorCode? {
        code(Array(line.utf8), peer: peer)
    }

    func code(_ bytes: [UInt8], peer: PeerCredentials? = nil) -> ControlErrorCode? {
        switch validator.validate(line: bytes, peer: peer ?? root) {
        case .success: nil
        case .failure(let error): error.code
        }
    }

    @Test func acceptsAMinimalRequest_withArgsOmittedOrNull() throws {
        for line in [#"{"v":1,"cmd":"status"}"#, #"{"v":1,"cmd":"status","args":null}"#, #"{"cmd":"status","args":{},"v":1}"#] {
            let request = try validator.validate(line: Array(line.utf8), peer: nobody).get()
            #expect(request == ControlRequest(.status))
        }
    }

    @Test func toleratesACarriageReturnBeforeTheNewline() throws {
        let request = try validator.validate(line: Array("{\"v\":1,\"cmd\":\"metrics\"}\r".utf8), peer: root).get()
        #expect(request.command == .metrics)
    }

    @Test func sizeIsCheckedFirst_evenBeforeEncoding() {
        let huge = [UInt8](repeating: 0xFF, count: ControlProtocol.maxRequestBytes + 1)
        #expect(code(huge) == .tooLarge)
        let exactly = Array(#"{"v":1,"cmd":"status"}"#.utf8) + [UInt8](repeating: 0x20, count: ControlProtocol.maxRequestBytes - 22)
        #expect(exactly.count == ControlProtocol.maxRequestBytes)
        #expect(code(exactly) == nil)
    }

    @Test(arguments: [
        [0xC3, 0x28] as [UInt8], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82],
    ])
    func refusesInvalidUTF8_beforeParsingJSON(_ bad: [UInt8]) {
        #expect(code(Array(#"{"v":1,"cmd":""#.utf8) + bad + Array(#""}"#.utf8)) == .badEncoding)
    }

    @Test func acceptsMultibyteUTF8() {
        #expect(ControlRequestValidator.isValidUTF8(Array("é€😀".utf8)))
    }

    @Test(arguments: ["", "{", "status", "{\"v\":1,\"cmd\":\"status\"", "[1,2", "{'v':1}", String(repeating: "[", count: 40)])
    func refusesInvalidJSON(_ line: String) {
        #expect(code(line) == .badJSON)
    }

    @Test(arguments: ["[]", "1", "\"status\"", #"{"cmd":"status"}"#, #"{"v":1}"#, #"{"v":1,"cmd":5}"#])
    func refusesJSONThatIsNotARequest(_ line: String) {
        #expect(code(line) == .badRequest)
    }

    @Test func unknownVersionNamesTheSupportedOnes() {
        guard case .failure(let error) = validator.validate(line: Array(#"{"v":2,"cmd":"nonsense"}"#.utf8), peer: root) else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == .badVersion)
        #expect(error.message.contains("supported versions: 1"))
        #expect(code(#"{"v":"1","cmd":"status"}"#) == .badVersion)
        #expect(code(#"{"v":1.5,"cmd":"status"}"#) == .badVersion)
    }

    @Test func versionIsCheckedBeforeCommand_andCommandBeforePermission() {
        #expect(code(#"{"v":9,"cmd":"reapply"}"#, peer: nobody) == .badVersion)
        #expect(code(#"{"v":1,"cmd":"shutdown"}"#, peer: nobody) == .unknownCommand)
        #expect(code(#"{"v":1,"cmd":"reapply","args":{"bogus":1}}"#, peer: nobody) == .permissionDenied)
        #expect(code(#"{"v":1,"cmd":"reapply","args":{"bogus":1}}"#, peer: root) == .badArgs)
    }

    @Test func unknownCommandIsClippedAndListsTheCommands() {
        let long = String(repeating: "x", count: 500)
        guard case .failure(let error) = validator.validate(line: Array(#"{"v":1,"cmd":"\#(long)"}"#.utf8), peer: root) else {
            Issue.record("accepted")
            return
        }
        #expect(error.code == .unknownCommand)
        #expect(error.message.count < 200)
        #expect(error.message.contains("status, check, memory, events, reapply, reload, metrics"))
    }

    @Test func checksArguments() {
        #expect(code(#"{"v":1,"cmd":"check","args":{"refresh":true}}"#) == nil)
        #expect(code(#"{"v":1,"cmd":"check","args":{"refresh":"yes"}}"#) == .badArgs)
        #expect(code(#"{"v":1,"cmd":"events","args":{"limit":10}}"#) == nil)
        #expect(code(#"{"v":1,"cmd":"events","args":{"limit":0}}"#) == .badArgs)
        #expect(code(#"{"v":1,"cmd":"events","args":{"limit":"10"}}"#) == .badArgs)
        #expect(code(#"{"v":1,"cmd":"status","args":{"refresh":true}}"#) == .badArgs)
        #expect(code(#"{"v":1,"cmd":"status","args":[]}"#) == .badArgs)
    }

    @Test func onlyStreamBreakingErrorsCloseTheConnection() {
        let closing = ControlErrorCode.allCases.filter(\.closesConnection)
        #expect(closing == [.tooLarge, .badEncoding, .badJSON])
    }
}

@Suite struct ControlPolicyTests {
    let policy = ControlPolicy()

    @Test(arguments: ControlCommand.allCases)
    func rootMayRunEverything(_ command: ControlCommand) {
        #expect(policy.refusal(for: command, peer: PeerCredentials(pid: 1, uid: 0, gid: 4)) == nil)
    }

    @Test func othersMayOnlyRead() {
        let admin = PeerCredentials(pid: 10, uid: 1000, gid: 4)
        #expect(ControlCommand.allCases.filter { policy.refusal(for: $0, peer: admin) == nil } == [.status, .check, .memory, .events, .metrics])
        let refusal = policy.refusal(for: .reapply, peer: admin)
        #expect(refusal?.code == .permissionDenied)
        #expect(refusal?.message.contains("root") == true)
        #expect(refusal?.message.contains("uid 1000") == true)
    }
}
