import Testing
@testable import Dom0TuneCore

@Suite struct DaemonArgumentsTests {
    @Test func noArguments_runsWithTheDefaultConfigBelowSlash() throws {
        #expect(try DaemonArguments.parse([]) == .run(configPath: nil, root: "/"))
    }

    @Test func configAndRoot_takeSeparateOrAttachedValues_inAnyOrder() throws {
        #expect(try DaemonArguments.parse(["--config", "/tmp/a.conf"]) == .run(configPath: "/tmp/a.conf", root: "/"))
        #expect(try DaemonArguments.parse(["--config=/tmp/a.conf"]) == .run(configPath: "/tmp/a.conf", root: "/"))
        #expect(try DaemonArguments.parse(["--root", "/tmp/r", "--config", "x.conf"]) == .run(configPath: "x.conf", root: "/tmp/r"))
        #expect(try DaemonArguments.parse(["--root=/tmp/r"]) == .run(configPath: nil, root: "/tmp/r"))
        #expect(try DaemonArguments.parse(["--config=a=b"]) == .run(configPath: "a=b", root: "/"))
    }

    @Test func aRepeatedOption_keepsTheLastValue() throws {
        #expect(try DaemonArguments.parse(["--config", "a", "--config=b"]) == .run(configPath: "b", root: "/"))
    }

    @Test func versionAlone_printsTheVersion() throws {
        #expect(try DaemonArguments.parse(["--version"]) == .version)
    }

    @Test func check_passesTheRestToTheCheckCommand() throws {
        #expect(try DaemonArguments.parse(["check"]) == .check(arguments: []))
        #expect(try DaemonArguments.parse(["check", "--json", "--root", "/x"]) == .check(arguments: ["--json", "--root", "/x"]))
    }

    @Test(arguments: [
        (["--config"], "--config needs a value"),
        (["--root"], "--root needs a value"),
        (["--config", ""], "--config needs a value"),
        (["--config="], "--config needs a value"),
        (["--root="], "--root needs a value"),
        (["--root", "relative"], "--root needs an absolute path, not 'relative'"),
        (["--root=tmp"], "--root needs an absolute path, not 'tmp'"),
        (["--bogus"], "unknown argument '--bogus' (see --help)"),
        (["run"], "unknown argument 'run' (see --help)"),
        (["--version", "--config", "x"], "unknown argument '--version' (see --help)"),
        (["--config", "a", "check"], "unknown argument 'check' (see --help)"),
        (["-c", "x"], "unknown argument '-c' (see --help)"),
    ])
    func badCommandLines_areUsageErrors_withAMessage(_ arguments: [String], _ message: String) {
        #expect(throws: DaemonArguments.UsageError(message: message)) { try DaemonArguments.parse(arguments) }
    }

    @Test func configPath_isTheExplicitFile_andThenRequired() {
        #expect(DaemonArguments.configPath(explicit: "/tmp/a.conf", root: "/tmp/r") == ("/tmp/a.conf", true))
    }

    @Test func configPath_defaultsToEtcBelowTheRoot_andIsThenOptional() {
        #expect(DaemonArguments.configPath(explicit: nil, root: "/") == ("/etc/dom0tuned.conf", false))
        #expect(DaemonArguments.configPath(explicit: nil, root: "/tmp/r") == ("/tmp/r/etc/dom0tuned.conf", false))
        #expect(DaemonArguments.configPath(explicit: nil, root: "/tmp/r/") == ("/tmp/r/etc/dom0tuned.conf", false))
    }

    @Test func usageError_describesItselfByItsMessage() {
        #expect(DaemonArguments.UsageError(message: "m").description == "m")
    }
}
