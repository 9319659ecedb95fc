import Foundation
import Testing
@testable import Dom0TuneCore

/// The hand-made Debian 12 grub.cfg in the host tests' fixtures, filled in.
enum GrubFixture {
    static let directory: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // …/<repo>/Tests/Dom0TuneCoreTests/Checks/GrubTests.swift
        return parts.joined(separator: "/") + "/Dom0TuneHostTests/Fixtures/checks"
    }()

    static func grubCfg(default value: String = "Debian GNU/Linux, with Xen hypervisor", xenArgs: String) throws -> String {
        try String(contentsOfFile: directory + "/grub.cfg", encoding: .utf8)
            .replacing("GRUB_DEFAULT_VALUE", with: value).replacing("XEN_ARGS", with: xenArgs)
    }
}

@Suite struct GrubDefaultsTests {
    func debian(_ xenCfgEdits: (String) -> String = { $0 }, extra: [(String, String)] = []) throws -> GrubDefaults {
        let main = try XenFixtures.text("etc/default-grub")
        let xen = xenCfgEdits(try XenFixtures.text("etc/default-grub.d-xen.cfg"))
        return GrubDefaults(files: [("/etc/default/grub", main), ("/etc/default/grub.d/xen.cfg", xen)] + extra)
    }

    @Test func debiansXenCfgMakesXenTheDefault() throws {
        let defaults = try debian()
        #expect(defaults.errors.isEmpty)
        #expect(defaults.grubDefault == .known("Debian GNU/Linux, with Xen hypervisor"))
        #expect(defaults.location(of: "GRUB_DEFAULT")?.source == "/etc/default/grub.d/xen.cfg")
        #expect(defaults.xenDefaultArguments == .known(" "))
        #expect(defaults.value("GRUB_CMDLINE_LINUX_DEFAULT") == .known("quiet"))
    }

    @Test func overrideZeroKeepsGrubsOwnDefault() throws {
        let defaults = try debian { $0.replacing("#XEN_OVERRIDE_GRUB_DEFAULT=\n", with: "XEN_OVERRIDE_GRUB_DEFAULT=0\n") }
        #expect(defaults.grubDefault == .known("0"))
        #expect(defaults.location(of: "GRUB_DEFAULT")?.source == "/etc/default/grub")
    }

    @Test func laterDropInsWinAndSelfAppendsAccumulate() throws {
        let defaults = try debian(extra: [
            (
                "/etc/default/grub.d/zz-local.cfg",
                """
                GRUB_CMDLINE_XEN_DEFAULT="dom0_mem=1G,max:1G"
                export GRUB_CMDLINE_XEN_DEFAULT="$GRUB_CMDLINE_XEN_DEFAULT dom0_max_vcpus=2"
                GRUB_CMDLINE_XEN_DEFAULT="${GRUB_CMDLINE_XEN_DEFAULT} 'dom0_vcpus_pin'" # comment
                GRUB_CMDLINE_XEN='console=com1 '\\
                'loglvl=all'
                GRUB_DEFAULT=saved
                """
            )
        ])
        #expect(defaults.value("GRUB_CMDLINE_XEN_DEFAULT") == .known("dom0_mem=1G,max:1G dom0_max_vcpus=2 'dom0_vcpus_pin'"))
        #expect(defaults.xenDefaultArguments == .known("console=com1 loglvl=all dom0_mem=1G,max:1G dom0_max_vcpus=2 'dom0_vcpus_pin'"))
        #expect(defaults.grubDefault == .known("saved"))
        #expect(defaults.location(of: "GRUB_CMDLINE_XEN_DEFAULT") == .init(source: "/etc/default/grub.d/zz-local.cfg", line: 3))
    }

    @Test func undecidableBranchesMakeValuesUnknownNotGuessed() throws {
        let defaults = GrubDefaults(files: [
            (
                "/etc/default/grub",
                """
                A=1
                if [ -e /etc/something ]; then A=2; B=3; fi
                C=$(uname -r)
                for x in 1 2; do D=$x; done
                E=${UNSET:-fallback}
                f() { G=never; }
                ( H=subshell )
                """
            )
        ])
        #expect(defaults.value("A") == .unknown(reason: "set differently by the if at /etc/default/grub:2"))
        #expect(defaults.value("C").text == nil)
        #expect(defaults.value("D").text == nil)
        #expect(defaults.value("E") == .known("fallback"))
        #expect(defaults.value("G") == .known(""))
        #expect(defaults.value("H") == .known(""))
    }

    @Test func decidableConditionsAreFollowed() throws {
        let defaults = GrubDefaults(files: [
            (
                "/etc/default/grub",
                """
                X=1
                if [ "$X" = "1" ] && [ -n "$X" ]; then Y=yes; elif [ "$X" = 2 ]; then Y=two; else Y=no; fi
                [ -z "$Z" ] && Z=default || Z=other
                test "$X" != 1 || W=set
                """
            )
        ])
        #expect(defaults.value("Y") == .known("yes"))
        #expect(defaults.value("Z") == .known("default"))
        #expect(defaults.value("W") == .known("set"))
    }

    @Test(arguments: [
        "X=\"open", "X='open", "if true; then X=1", "X=$(echo", "fi", "X=`open", "X=${", "done", "X=\"$(\"$(\"$(",
    ])
    func reportsMalformedFilesAndKeepsEarlierValues(_ text: String) {
        let defaults = GrubDefaults(files: [("/etc/default/grub", "GRUB_DEFAULT=2\n"), ("/etc/default/grub.d/bad.cfg", text)])
        #expect(defaults.errors.count == 1)
        #expect(defaults.grubDefault == .known("2"))
    }

    @Test func deepSubstitutionsAreNotFollowed() {
        for depth in [40, 10_000] {
            let text = "X=" + String(repeating: "$(echo ", count: depth) + String(repeating: ")", count: depth) + "\nY=1\n"
            let defaults = GrubDefaults(files: [("/etc/default/grub", text)])
            #expect(defaults.value("X").text == nil)
            #expect(defaults.value("Y") == .known("1"))
        }
    }

    @Test func survivesHostileInput() {
        for text in HostileInput.all + [String(repeating: "if true; then ", count: 500), String(repeating: "$(", count: 5000)] {
            _ = GrubDefaults(files: [("/etc/default/grub", text)])
            _ = try? GrubConfig(parsing: text)
            _ = try? GrubEnvironment(parsing: text)
        }
    }

    @Test func ordersDropInsAsTheGlobDoes() {
        #expect(GrubDefaults.orderedDropIns(["xen.cfg", "a.cfg", "Z.cfg", "b.conf", ".hidden.cfg", "init-select.cfg"])
            == ["Z.cfg", "a.cfg", "init-select.cfg", "xen.cfg"])
    }
}

@Suite struct GrubConfigTests {
    @Test func readsDebiansMenu() throws {
        let config = try GrubConfig(parsing: try GrubFixture.grubCfg(xenArgs: "dom0_mem=512M,max:512M dom0_vcpus_pin"))
        #expect(config.entries.map(\.title) == [
            "Debian GNU/Linux", "Advanced options for Debian GNU/Linux", "Debian GNU/Linux, with Xen hypervisor",
            "Advanced options for Debian GNU/Linux (with Xen hypervisor)",
        ])
        #expect(config.defaultValue == "Debian GNU/Linux, with Xen hypervisor")
        let xen = try #require(config.entries[2].xenCommandLine)
        #expect(xen.description == "dom0_mem=512M,max:512M dom0_vcpus_pin")
        #expect(config.allEntries.filter(\.bootsXen).count == 3)
    }

    @Test(arguments: [
        ("0", "Debian GNU/Linux", false), ("2", "Debian GNU/Linux, with Xen hypervisor", false),
        ("xen-gnulinux-simple-8e0a1c2b-5d0f-4e39-9a0c-3f1b2d4e5a6b", "Debian GNU/Linux, with Xen hypervisor", false),
        ("3>0>1", "Debian GNU/Linux, with Xen 4.17-amd64 and Linux 6.1.0-56-amd64 (recovery mode)", false),
        ("Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-56-amd64", "Debian GNU/Linux, with Linux 6.1.0-56-amd64", false),
        ("1", "Debian GNU/Linux, with Linux 6.1.0-56-amd64", false),
        ("no such entry", "Debian GNU/Linux", true), ("9", "Debian GNU/Linux", true),
        ("${saved_entry}", "Debian GNU/Linux, with Xen hypervisor", false),
    ])
    func resolvesTheDefaultAsGrubDoes(_ value: String, _ title: String, _ fellBack: Bool) throws {
        let config = try GrubConfig(parsing: try GrubFixture.grubCfg(default: value, xenArgs: ""))
        let environment = GrubEnvironment(variables: ["saved_entry": "2"])
        let resolved = config.resolve(config.defaultValue, environment: environment)
        #expect(resolved.entry?.title == title)
        #expect(resolved.fellBack == fellBack)
    }

    @Test func readsGrubenv() throws {
        var text = "# GRUB Environment Block\nsaved_entry=Debian GNU/Linux, with Xen hypervisor\nnext_entry=\n"
        text += String(repeating: "#", count: 1024 - text.utf8.count)
        let environment = try GrubEnvironment(parsing: text)
        #expect(environment.variables == ["saved_entry": "Debian GNU/Linux, with Xen hypervisor", "next_entry": ""])
        #expect(throws: InputParseError.self) { try GrubEnvironment(parsing: "saved_entry=0\n") }
    }

    @Test(arguments: ["menuentry 'a' {\n", "}\n", "menuentry 'open {\n}\n", "menuentry {\n}\n", String(repeating: "x {\n", count: 100)])
    func refusesUnbalancedFiles(_ text: String) {
        #expect(throws: InputParseError.self) { try GrubConfig(parsing: text) }
    }
}
