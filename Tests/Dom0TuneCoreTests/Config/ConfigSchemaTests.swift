import Testing
@testable import Dom0TuneCore

@Suite struct ConfigSchemaTests {
    private static func load(_ section: String, _ key: String, _ value: String) -> ConfigLoader.Result {
        ConfigLoader.load([ConfigSource(path: "/etc/dom0tuned.conf", text: "[\(section)]\n\(key)=\(value)\n")])
    }

    /// (section, key, value, accepted)
    static let bounds: [(String, String, String, Bool)] = [
        ("Scheduler", "Weight", "0", false), ("Scheduler", "Weight", "1", true), ("Scheduler", "Weight", "65535", true),
        ("Scheduler", "Weight", "65536", false), ("Scheduler", "Weight", "-1", false), ("Scheduler", "Weight", "abc", false),
        ("Scheduler", "Weight", "512 ", true), ("Scheduler", "Weight", "5 12", false),
        ("Scheduler", "Cap", "-1", false), ("Scheduler", "Cap", "0", true), ("Scheduler", "Cap", "65535", true),
        ("Scheduler", "Cap", "65536", false), ("Scheduler", "Cap", "50%", false),
        ("Scheduler", "CheckIntervalSec", "10", true), ("Scheduler", "CheckIntervalSec", "10s", true),
        ("Scheduler", "CheckIntervalSec", "1min 30s", true), ("Scheduler", "CheckIntervalSec", "500ms", false),
        ("Scheduler", "CheckIntervalSec", "1s", true), ("Scheduler", "CheckIntervalSec", "999ms", false),
        ("Scheduler", "CheckIntervalSec", "1h", true), ("Scheduler", "CheckIntervalSec", "3601", false),
        ("Scheduler", "CheckIntervalSec", "-1", false), ("Scheduler", "CheckIntervalSec", "abc", false),
        ("Scheduler", "CheckIntervalSec", "0", false),
        ("Toolstack", "TimeoutSec", "10", true), ("Toolstack", "TimeoutSec", "10s", true), ("Toolstack", "TimeoutSec", "500ms", true),
        ("Toolstack", "TimeoutSec", "1min 30s", true), ("Toolstack", "TimeoutSec", "100ms", true), ("Toolstack", "TimeoutSec", "99ms", false),
        ("Toolstack", "TimeoutSec", "5min", true), ("Toolstack", "TimeoutSec", "5min 1s", false),
        ("Toolstack", "TimeoutSec", "-1", false), ("Toolstack", "TimeoutSec", "abc", false),
        ("Toolstack", "Xl", "xl", true), ("Toolstack", "Xl", "/usr/sbin/xl", true), ("Toolstack", "Xl", "sbin/xl", false),
        ("Toolstack", "Xl", "xl list", false), ("Toolstack", "Xl", "./xl", false),
        ("Toolstack", "XenstoreWatch", "/usr/bin/xenstore-watch", true), ("Toolstack", "XenstoreWatch", "a b", false),

        ("Control", "Socket", "/run/dom0tuned/control.sock", true), ("Control", "Socket", "run/x.sock", false),
        ("Control", "Socket", "/" + String(repeating: "s", count: 106), true), ("Control", "Socket", "/" + String(repeating: "s", count: 107), false),
        ("Control", "Group", "adm", true), ("Control", "Group", "xen-admins_1.x", true), ("Control", "Group", "a b", false),
        ("Control", "Group", "a:b", false), ("Control", "Group", String(repeating: "g", count: 33), false),
        ("Memory", "Watch", "yes", true), ("Memory", "Watch", "off", true), ("Memory", "Watch", "maybe", false),
        ("Memory", "SampleIntervalSec", "1s", true), ("Memory", "SampleIntervalSec", "1h", true), ("Memory", "SampleIntervalSec", "0.5", false),
        ("Memory", "SwapPagesPerSec", "1", true), ("Memory", "SwapPagesPerSec", "1000000", true), ("Memory", "SwapPagesPerSec", "0", false),
        ("Memory", "SwapPagesPerSec", "1000001", false),
        ("Memory", "QuietSec", "30", true), ("Memory", "QuietSec", "0", false), ("Memory", "QuietSec", "2h", false),
        ("Memory", "PressureStallSec", "1ms", true), ("Memory", "PressureStallSec", "999us", false), ("Memory", "PressureStallSec", "1s", true),
        ("Memory", "PressureWindowSec", "500ms", true), ("Memory", "PressureWindowSec", "499ms", false),
        ("Memory", "PressureWindowSec", "10s", true), ("Memory", "PressureWindowSec", "11s", false),
        ("Metrics", "TextfilePath", "/var/lib/x.prom", true), ("Metrics", "TextfilePath", "x.prom", false),
        ("Metrics", "TextfilePath", "/var/lib/x.txt", false),
    ]

    @Test(arguments: bounds)
    func everyKey_acceptsItsRange_andRefusesTheRestWithFileAndLine(_ section: String, _ key: String, _ value: String, _ accepted: Bool) {
        let result = Self.load(section, key, value)
        if accepted {
            #expect(result.config != nil)
            #expect(result.diagnostics.isEmpty)
        } else {
            #expect(result.config == nil)
            #expect(result.diagnostics.count == 1)
            let description = result.diagnostics.first?.description ?? ""
            #expect(description.hasPrefix("/etc/dom0tuned.conf:2: \(key)= must "), "\(description)")
        }
    }

    @Test func storesTheParsedValues() {
        #expect(Self.load("Scheduler", "Weight", "65535").config?.scheduler.weight == 65535)
        #expect(Self.load("Scheduler", "Cap", "0").config?.scheduler.cap == 0)
        #expect(Self.load("Scheduler", "CheckIntervalSec", "1min 30s").config?.scheduler.checkInterval == .seconds(90))
        #expect(Self.load("Toolstack", "TimeoutSec", "500ms").config?.toolstack.timeout == .milliseconds(500))
        #expect(Self.load("Memory", "Watch", "off").config?.memory.watch == false)
        #expect(Self.load("Memory", "SwapPagesPerSec", "42").config?.memory.swapPagesPerSec == 42)
    }

    @Test func everyKey_hasAUniqueNameInADocumentedSection_andDocumentation() {
        let sections = Set(ConfigSchema.sectionDocumentation.map(\.name))
        var seen = Set<String>()
        for key in ConfigSchema.keys {
            #expect(sections.contains(key.section), "\(key.section)")
            #expect(seen.insert("\(key.section).\(key.name)").inserted, "duplicate \(key.name)")
            #expect(!key.documentation.isEmpty)
            #expect(!key.syntax.isEmpty)
        }
    }

    @Test func everyKey_acceptsItsDocumentedDefault_andAnEmptyValueResetsIt() {
        for key in ConfigSchema.keys {
            var config = Config()
            #expect(key.apply(&config, key.defaultText) == nil, "\(key.name)=\(key.defaultText)")
            #expect(config == Config(), "\(key.name)'s default text differs from Config's default")
            var changed = Config()
            changed.scheduler = SchedulerSettings(weight: 1, cap: 1, checkInterval: .seconds(99))
            changed.toolstack = ToolstackSettings(xl: "/x", timeout: .seconds(1), xenstoreWatch: "/w")
            changed.control = ControlSettings(socket: "/s", group: "g")
            changed.memory = MemorySettings(
                watch: false, sampleInterval: .seconds(2), swapPagesPerSec: 9, quiet: .seconds(9),
                pressureStall: .milliseconds(9), pressureWindow: .seconds(9))
            changed.metrics = MetricsSettings(textfilePath: "/m.prom")
            var reset = changed
            #expect(key.apply(&reset, "") == nil)
            #expect(reset != changed, "\(key.name)= did not reset")
        }
    }

    @Test func badValueMessages_quoteTheValueShortAndPrintable() {
        let result = Self.load("Scheduler", "Weight", String(repeating: "9", count: 10_000))
        let description = result.diagnostics.first?.description ?? ""
        #expect(description.utf8.count < 200)
        #expect(description.hasSuffix("…'"))
    }
}
