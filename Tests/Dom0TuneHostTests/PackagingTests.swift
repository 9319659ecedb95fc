import Dom0TuneCore
import Dom0TuneHost
import Foundation
import Testing

/// What the Debian package ships, checked without building it: the unit's contract and
/// sandbox, and the built daemon's documentation flags.
@Suite struct PackagingTests {
    static let unitPath = TestPaths.repository + "/packaging/systemd/dom0tuned.service"

    /// `Key=value` assignments of the unit, in order (comments and headers dropped).
    static func assignments() throws -> [(key: String, value: String)] {
        let text = try String(contentsOfFile: unitPath, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    static func values(_ key: String) throws -> [String] { try assignments().filter { $0.key == key }.map(\.value) }

    @Test func unit_isTypeNotify_orderedAfterXen_andReloadsWithSIGHUP() throws {
        #expect(try Self.values("Type") == ["notify"])
        #expect(try Self.values("After").joined(separator: " ").split(separator: " ").contains("xen.service"))
        #expect(try Self.values("ExecReload") == ["/bin/kill -HUP $MAINPID"])
        #expect(try Self.values("ExecStart") == ["/usr/sbin/dom0tuned"])
        #expect(try Self.values("ConditionPathExists") == ["/proc/xen/capabilities"])
    }

    @Test func unit_bindsXenfsBack_becauseTheSandboxGetsAFreshProc() throws {
        // ProtectKernelTunables/ProtectControlGroups hide the xenfs mount on /proc/xen.
        #expect(try Self.values("ProtectKernelTunables") == ["yes"])
        #expect(try Self.values("BindReadOnlyPaths").contains("-/proc/xen"))
    }

    @Test func unit_doesNotRestart_onTheExitStatusesARestartCannotCure() throws {
        let prevented = try Self.values("RestartPreventExitStatus").joined(separator: " ").split(separator: " ")
        let expected: [DaemonExitStatus] = [.configError, .usageError, .notDom0]
        #expect(prevented == expected.map { Substring("\($0.rawValue)") })
        #expect(!prevented.contains(Substring("\(DaemonExitStatus.runtimeFailure.rawValue)")))
    }

    @Test func unit_keepsTheHardeningTheIssueAsksFor() throws {
        let required = [
            ("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"), ("ProtectHome", "yes"),
            ("PrivateTmp", "yes"), ("ProtectKernelModules", "yes"), ("ProtectControlGroups", "yes"),
            ("RestrictAddressFamilies", "AF_UNIX"), ("RestrictNamespaces", "yes"), ("LockPersonality", "yes"),
            ("SystemCallArchitectures", "native"), ("MemoryDenyWriteExecute", "yes"), ("DevicePolicy", "closed"),
        ]
        for (key, value) in required {
            #expect(try Self.values(key) == [value], "\(key)=\(value)")
        }
        let capabilities = try Self.values("CapabilityBoundingSet").joined(separator: " ").split(separator: " ")
        #expect(!capabilities.isEmpty && !capabilities.contains("CAP_SYS_ADMIN"))
        #expect(try Self.values("DeviceAllow").contains("/dev/xen/privcmd rw"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func unit_securityExposure_isAtMost4_5() throws {
        let result = ProcessRunner().runSync(
            ["/usr/bin/systemd-analyze", "security", "--offline=true", "--no-pager", Self.unitPath], timeout: .seconds(60))
        let line = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") },
            "no rating; stderr: \(result.stderr)")
        // "→ Overall exposure level for dom0tuned.service: 1.7 OK 🙂"
        let afterColon = try #require(line.split(separator: ":").last)
        let figure = try #require(afterColon.split(separator: " ").first.flatMap { Double($0) }, "\(line)")
        #expect(figure <= 4.5, "\(line)")
    }

    @Test func daemonHelp_isTheRenderedUsage() throws {
        let result = ProcessRunner().runSync([TestPaths.daemon, "--help"], timeout: .seconds(10))
        #expect(result.termination == .exited(DaemonExitStatus.success.rawValue))
        #expect(result.stdout == DocumentationRenderer.daemonUsage)
    }

    @Test(arguments: DocumentationRenderer.documentNames)
    func renderDoc_printsTheDocument(name: String) throws {
        let result = ProcessRunner().runSync([TestPaths.daemon, "--render-doc", name], timeout: .seconds(10))
        #expect(result.termination == .exited(0))
        #expect(result.stdout == DocumentationRenderer.render(name: name))
    }

    @Test func renderDoc_refusesAnUnknownName_asAUsageError() throws {
        let result = ProcessRunner().runSync([TestPaths.daemon, "--render-doc", "dom0ctl.1"], timeout: .seconds(10))
        #expect(result.termination == .exited(DaemonExitStatus.usageError.rawValue))
        #expect(result.stderr.contains("dom0tuned.conf.5"))
    }
}
