import Testing
@testable import Dom0TuneCore

@Suite struct ConfigLoaderTests {
    private let main = "/etc/dom0tuned.conf"
    private func dropIn(_ name: String) -> String { "/etc/dom0tuned.conf.d/\(name)" }

    @Test func noFiles_giveTheDefaults_withoutDiagnostics() {
        let result = ConfigLoader.load([])
        #expect(result.config == Config())
        #expect(result.diagnostics.isEmpty)
    }

    @Test func readsEverySection() throws {
        let text = """
            [Scheduler]
            Weight=1024
            Cap=50
            CheckIntervalSec=30s
            [Toolstack]
            Xl=/usr/sbin/xl
            TimeoutSec=500ms
            [Control]
            Socket=/run/x.sock
            Group=wheel
            [Memory]
            Watch=no
            PressureStallSec=200ms
            [Metrics]
            TextfilePath=/var/lib/prometheus/node-exporter/dom0tuned.prom
            """
        let (config, warnings) = try ConfigLoader.require([ConfigSource(path: main, text: text)])
        #expect(warnings.isEmpty)
        #expect(config.scheduler.weight == 1024)
        #expect(config.scheduler.cap == 50)
        #expect(config.scheduler.checkInterval == .seconds(30))
        #expect(config.toolstack.xl == "/usr/sbin/xl")
        #expect(config.toolstack.timeout == .milliseconds(500))
        #expect(config.control.socket == "/run/x.sock")
        #expect(config.control.group == "wheel")
        #expect(config.memory.watch == false)
        #expect(config.memory.pressureStall == .milliseconds(200))
        #expect(config.metrics.textfilePath == "/var/lib/prometheus/node-exporter/dom0tuned.prom")
    }

    @Test func dropIns_overrideTheMainFile_inTheOrderGiven() throws {
        let sources = [
            ConfigSource(path: main, text: "[Scheduler]\nWeight=600\nCap=10\n"),
            ConfigSource(path: dropIn("10-a.conf"), text: "[Scheduler]\nWeight=700\n"),
            ConfigSource(path: dropIn("20-b.conf"), text: "[Scheduler]\nWeight=800\n[Toolstack]\nTimeoutSec=3\n"),
        ]
        let (config, _) = try ConfigLoader.require(sources)
        #expect(config.scheduler.weight == 800)
        #expect(config.scheduler.cap == 10)
        #expect(config.toolstack.timeout == .seconds(3))
        let (reversed, _) = try ConfigLoader.require([sources[0], sources[2], sources[1]])
        #expect(reversed.scheduler.weight == 700)
    }

    @Test func laterAssignmentInOneFile_wins() throws {
        let (config, _) = try ConfigLoader.require([ConfigSource(path: main, text: "[Scheduler]\nWeight=600\nWeight=601\n")])
        #expect(config.scheduler.weight == 601)
    }

    @Test func emptyValue_resetsTheKeyToItsDefault_evenAfterAnEarlierFileSetIt() throws {
        let sources = [
            ConfigSource(path: main, text: "[Scheduler]\nWeight=600\nCap=10\n[Toolstack]\nXl=/opt/xl\n[Metrics]\nTextfilePath=/a.prom\n"),
            ConfigSource(path: dropIn("50-reset.conf"), text: "[Scheduler]\nWeight=\nCap=\n[Toolstack]\nXl=\n[Metrics]\nTextfilePath=\n"),
        ]
        let (config, warnings) = try ConfigLoader.require(sources)
        #expect(warnings.isEmpty)
        #expect(config == Config())
    }

    @Test func unknownKey_isAWarningWithFileAndLine_andTheRestStillLoads() throws {
        let result = ConfigLoader.load([ConfigSource(path: dropIn("x.conf"), text: "[Scheduler]\nWieght=5\nWeight=700\n")])
        #expect(result.config?.scheduler.weight == 700)
        #expect(result.warnings.map(\.description) == ["/etc/dom0tuned.conf.d/x.conf:2: unknown key 'Wieght' in [Scheduler], ignored"])
    }

    @Test func unknownSection_isAWarningWithFileAndLine() {
        let result = ConfigLoader.load([ConfigSource(path: main, text: "[Sheduler]\nWeight=5\n")])
        #expect(result.config == Config())
        #expect(result.warnings.map(\.description) == ["/etc/dom0tuned.conf:2: unknown section [Sheduler], 'Weight=' ignored"])
    }

    @Test func keysAndSectionsAreCaseSensitive_likeSystemd() {
        let result = ConfigLoader.load([ConfigSource(path: main, text: "[scheduler]\nWeight=5\n[Scheduler]\nweight=5\n")])
        #expect(result.config == Config())
        #expect(result.warnings.map(\.line) == [2, 4])
    }

    @Test func badValue_isAnErrorWithFileAndLine_inDescription() {
        let sources = [
            ConfigSource(path: main, text: "[Scheduler]\nWeight=512\n"),
            ConfigSource(path: dropIn("bad.conf"), text: "# comment\n[Scheduler]\nWeight=0\n"),
        ]
        let result = ConfigLoader.load(sources)
        #expect(result.config == nil)
        let error = ConfigError(diagnostics: result.diagnostics)
        #expect(error.description == "/etc/dom0tuned.conf.d/bad.conf:3: Weight= must be an integer from 1 to 65535, not '0'")
        #expect(throws: error) { try ConfigLoader.require(sources) }
    }

    @Test func everyErrorInEveryFile_isReported_warningsKeptBeside() {
        let sources = [
            ConfigSource(path: main, text: "[Scheduler]\nWeight=abc\nNope=1\n"),
            ConfigSource(path: dropIn("a.conf"), text: "[Toolstack]\nTimeoutSec=-1\nXl=x y\n"),
        ]
        let result = ConfigLoader.load(sources)
        #expect(result.config == nil)
        #expect(result.diagnostics.map { "\($0.severity.rawValue) \($0.file):\($0.line)" } == [
            "error /etc/dom0tuned.conf:2", "warning /etc/dom0tuned.conf:3",
            "error /etc/dom0tuned.conf.d/a.conf:2", "error /etc/dom0tuned.conf.d/a.conf:3",
        ])
        #expect(ConfigError(diagnostics: result.diagnostics).errors.count == 3)
    }

    @Test func syntaxErrors_failTheLoad() {
        let result = ConfigLoader.load([ConfigSource(path: main, text: "Weight=5\n")])
        #expect(result.config == nil)
        #expect(result.diagnostics.first?.description == "/etc/dom0tuned.conf:1: assignment 'Weight=' outside of any [Section]")
    }

    @Test func pressureStallLongerThanTheWindow_isAnErrorAgainstTheLastFile() {
        let sources = [
            ConfigSource(path: main, text: "[Memory]\nPressureStallSec=2s\n"),
            ConfigSource(path: dropIn("z.conf"), text: "[Memory]\nPressureWindowSec=1s\n"),
        ]
        let result = ConfigLoader.load(sources)
        #expect(result.config == nil)
        #expect(result.diagnostics.map(\.description) == [
            "/etc/dom0tuned.conf.d/z.conf: PressureStallSec= must not be longer than PressureWindowSec="
        ])
    }

    @Test func crlfConfig_loadsLikeLF() throws {
        let (config, warnings) = try ConfigLoader.require([
            ConfigSource(path: main, text: "[Scheduler]\r\nWeight=900\r\nCheckIntervalSec=1min 30s\r\n")
        ])
        #expect(warnings.isEmpty)
        #expect(config.scheduler.weight == 900)
        #expect(config.scheduler.checkInterval == .seconds(90))
    }

    @Test func hostileFiles_neverTrap_andDiagnosticsStayShort() {
        let garbage = String(decoding: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }, as: UTF8.self)
        for text in HostileInput.all + [garbage, "[Scheduler]\nWeight=" + HostileInput.megabyteLine, "[Scheduler]\nCheckIntervalSec=" + String(repeating: "9", count: 100_000)] {
            let result = ConfigLoader.load([ConfigSource(path: main, text: text)])
            for diagnostic in result.diagnostics {
                #expect(diagnostic.description.utf8.count < 300)
            }
        }
    }
}
