import Dom0TuneCore
import Foundation
import Testing

/// A `--root` tree for `dom0tuned check`, built from the real captures plus hand-made
/// configs, with the fake xl replaying captured output.
final class CheckTree {
    static let tunedArgs = "dom0_mem=512M,max:512M dom0_max_vcpus=1 dom0_vcpus_pin console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
    let directory: TemporaryDirectory
    var root: String { directory.path + "/root" }
    var captures: String { directory.path + "/xl" }
    var config: String { directory.path + "/dom0tuned.conf" }

    static func capture(_ relative: String) throws -> String {
        try String(contentsOfFile: TestPaths.fixtures + "/" + relative, encoding: .utf8)
    }

    static func handMade(_ name: String) throws -> String {
        try String(contentsOfFile: TestPaths.repository + "/Tests/Dom0TuneHostTests/Fixtures/checks/" + name, encoding: .utf8)
    }

    /// A well-tuned dom0: every check ok.
    init(weight: Int = 256) throws {
        directory = try TemporaryDirectory()
        let c = Self.capture
        try file("proc/xen/capabilities", c("credit2/proc-xen-capabilities.txt"))
        try file("sys/hypervisor/type", c("credit2/sys-hypervisor-type.txt"))
        try file("proc/meminfo", c("credit2/proc-meminfo.txt"))
        try file("proc/vmstat", c("credit2/proc-vmstat.txt"))
        try file("proc/1/comm", "systemd\n")
        try file("proc/2741/comm", "oxenstored\n")
        try file("etc/default/grub", c("etc/default-grub"))
        try file(
            "etc/default/grub.d/xen.cfg",
            c("etc/default-grub.d-xen.cfg").replacingOccurrences(
                of: "#GRUB_CMDLINE_XEN_DEFAULT=\"\"", with: "GRUB_CMDLINE_XEN_DEFAULT=\"\(Self.tunedArgs)\""))
        try grubCfg(xenArgs: Self.tunedArgs)
        try file("boot/grub/grubenv", Self.handMade("grubenv"))
        try file("etc/xen/xl.conf", c("etc/xen-xl.conf").replacingOccurrences(of: "#autoballoon=\"auto\"", with: "autoballoon=\"off\""))
        try xl("info", c("credit2/xl-info.txt"))
        try xl("list", c("credit2/xl-list.txt"))
        try xl("vcpu-list", c("credit2/xl-vcpu-list.txt"))
        try xl("list_-l_0", c("credit2/xl-list-l-0.json"))
        try directory.write("dom0tuned.conf", "[Scheduler]\nWeight=\(weight)\n[Toolstack]\nXl=\(TestPaths.repository)/Tests/Dom0TuneHostTests/Fixtures/fake-xl-captures\n")
    }

    func file(_ relative: String, _ text: String) throws { try directory.write("root/" + relative, text) }
    func remove(_ relative: String) throws { try FileManager.default.removeItem(atPath: root + "/" + relative) }

    func grubCfg(default value: String = "Debian GNU/Linux, with Xen hypervisor", xenArgs: String) throws {
        try file(
            "boot/grub/grub.cfg",
            Self.handMade("grub.cfg").replacingOccurrences(of: "GRUB_DEFAULT_VALUE", with: value)
                .replacingOccurrences(of: "XEN_ARGS", with: xenArgs))
    }

    /// A capture for `xl ARGS` (`args` joined with `_`), optionally failing.
    func xl(_ args: String, _ stdout: String, stderr: String? = nil, status: Int32 = 0) throws {
        try directory.write("xl/\(args).stdout", stdout)
        if let stderr { try directory.write("xl/\(args).stderr", stderr) }
        if status != 0 { try directory.write("xl/\(args).rc", "\(status)\n") }
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: JSONValue? { try? JSONValue.parse(stdout) }
        var flagged: Set<String> {
            Set((json?["checks"]?.arrayValue ?? []).compactMap { check in
                check["severity"]?.stringValue == "ok" ? nil : check["id"]?.stringValue
            })
        }
    }

    func check(_ extra: [String] = ["--json"]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.daemon)
        process.arguments = ["check", "--root", root, "--config", config] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["FAKE_XL_CAPTURES"] = captures
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite(.serialized) struct CheckCommandTests {
    @Test func aWellTunedDom0ExitsZeroWithEveryCheckOk() throws {
        let tree = try CheckTree()
        let run = try tree.check()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["worst"]?.stringValue == "ok")
        let checks = try #require(json["checks"]?.arrayValue)
        #expect(checks.map { $0["id"]?.stringValue ?? "" } == CheckID.allCases.map(\.rawValue))
        for check in checks {
            #expect(check.objectValue?.keys == ["id", "severity", "summary", "evidence", "remedy", "rebootRequired"])
            #expect(check["remedy"] == .null)
        }
    }

    @Test func aMisconfiguredDom0ExitsOneAndNamesTheFix() throws {
        let tree = try CheckTree(weight: 512)
        try tree.file("etc/xen/xl.conf", CheckTree.capture("etc/xen-xl.conf").replacingOccurrences(of: "#autoballoon=\"auto\"", with: "autoballoon=\"on\""))
        try tree.file("etc/rc.local", "#!/bin/sh -e\n/usr/sbin/xl sched-credit -d Domain-0 -w 512\nexit 0\n")
        try tree.file("etc/xen/web.cfg", "name = \"web\"\nmemory = 1024\nvcpus = 2\n")
        try tree.file("etc/xen/auto/.keep", "")
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/etc/xen/auto/web", withDestinationPath: "/etc/xen/web.cfg")
        let run = try tree.check()
        #expect(run.status == 1)
        #expect(run.flagged == ["sched.weight", "mem.autoballoon", "conflict.actors", "cpu.guest-overlap"])
        let checks = run.json?["checks"]?.arrayValue ?? []
        for check in checks where check["severity"]?.stringValue != "ok" {
            #expect(check["remedy"]?.stringValue?.isEmpty == false)
        }
        let overlap = checks.first { $0["id"]?.stringValue == "cpu.guest-overlap" }
        // The absolute link inside the root was followed inside the root, and read once.
        #expect(overlap?["evidence"]?.arrayValue?.filter { $0.stringValue?.contains("web no cpus=") == true }.count == 1)
    }

    @Test func theReadableReportPutsTheRemedyUnderTheCheck() throws {
        let tree = try CheckTree(weight: 512)
        let run = try tree.check([])
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "dom0tuned check: WARNING (1 warning of 12 checks)")
        let index = try #require(lines.firstIndex { $0.hasPrefix("WARNING   sched.weight") })
        #expect(lines[(index + 1)...].prefix(3).contains { $0.contains("remedy: Start dom0tuned") })
        #expect(lines.contains { $0.hasPrefix("OK        host.dom0             running in the Xen control domain") })
    }

    @Test func withoutXlTheVerdictIsUnknown() throws {
        let tree = try CheckTree()
        try tree.directory.write("dom0tuned.conf", "[Toolstack]\nXl=/nonexistent/xl\n")
        let run = try tree.check()
        #expect(run.status == 3)
        #expect(run.json?["worst"]?.stringValue == "unknown")
        #expect(run.flagged.contains("sched.weight") && !run.flagged.contains("host.dom0"))
    }

    @Test func xlFailingAsWithoutXenIsUnknown() throws {
        let tree = try CheckTree()
        for args in ["info", "list", "vcpu-list", "list_-l_0"] {
            try FileManager.default.removeItem(atPath: tree.captures + "/\(args).stdout")
            try tree.xl(args, "", stderr: "xc: error: Could not obtain handle on privileged command interface (2 = No such file or directory): Internal error\ncannot init xl context\n", status: 1)
        }
        let run = try tree.check()
        #expect(run.status == 3)
    }

    @Test func outsideDom0IsCritical() throws {
        let tree = try CheckTree()
        try tree.file("proc/xen/capabilities", "")
        let run = try tree.check()
        #expect(run.status == 2)
        #expect(run.flagged == ["host.dom0"])
    }

    @Test func aPendingBootChangeIsFlaggedFromTheFiles() throws {
        let tree = try CheckTree()
        try tree.grubCfg(xenArgs: "dom0_mem=1G,max:1G dom0_max_vcpus=1 dom0_vcpus_pin")
        let run = try tree.check()
        #expect(run.status == 1)
        #expect(run.flagged == ["boot.cmdline-pending"])
    }

    @Test func usageAndConfigErrorsExitUnknown() throws {
        let tree = try CheckTree()
        #expect(try tree.check(["--bogus"]).status == 3)
        try tree.directory.write("dom0tuned.conf", "[Scheduler]\nWeight=zero\n")
        let run = try tree.check()
        #expect(run.status == 3)
        #expect(run.stderr.contains("Weight="))
    }

    @Test(arguments: [true, false])
    func readsTheWeightThroughSchedCommandsWhenXlListLongIsMissing(withPoolList: Bool) throws {
        let tree = try CheckTree(weight: 512)
        try FileManager.default.removeItem(atPath: tree.captures + "/list_-l_0.stdout")
        if withPoolList { try tree.xl("cpupool-list", CheckTree.capture("credit2/xl-cpupool-list.txt")) }
        try tree.xl("sched-credit2_-d_Domain-0", CheckTree.capture("credit2/xl-sched-credit2-d-Domain-0.txt"))
        let run = try tree.check()
        #expect(run.flagged == ["sched.weight"])
        let weight = run.json?["checks"]?[1]
        #expect(weight?["summary"]?.stringValue == "dom0's weight is 256, configured 512")
        #expect(weight?["evidence"]?[1]?.stringValue == "xl sched-credit2 -d Domain-0: scheduler credit2, weight 256")
    }

    @Test func dropInsOverrideTheConfiguredWeight() throws {
        let tree = try CheckTree(weight: 512)
        try tree.directory.write("dom0tuned.conf.d/10-weight.conf", "[Scheduler]\nWeight=256\n")
        #expect(try tree.check().status == 0)
    }
}
