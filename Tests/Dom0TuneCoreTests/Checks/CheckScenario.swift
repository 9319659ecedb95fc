import Foundation
@testable import Dom0TuneCore

/// A dom0 as the audit sees it, built from the real captures (credit2 host, Xen 4.17,
/// Debian 12 files) plus hand-made configs. `wellTuned` flags nothing; each test breaks
/// one thing and checks exactly which ids are flagged.
struct CheckScenario {
    static let tunedArgs = "dom0_mem=512M,max:512M dom0_max_vcpus=1 dom0_vcpus_pin console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"

    var inputs: CheckInputs

    static func wellTuned() throws -> CheckScenario {
        let f = XenFixtures.text
        var inputs = CheckInputs(configuredWeight: 256)
        inputs.files[CheckInputs.capabilitiesPath] = try f("credit2/proc-xen-capabilities.txt")
        inputs.files[CheckInputs.hypervisorTypePath] = try f("credit2/sys-hypervisor-type.txt")
        inputs.files[GrubDefaults.mainPath] = try f("etc/default-grub")
        inputs.directories[GrubDefaults.dropInDirectory] = ["xen.cfg"]
        inputs.files[GrubDefaults.xenDropInPath] = try f("etc/default-grub.d-xen.cfg")
            .replacing("#GRUB_CMDLINE_XEN_DEFAULT=\"\"", with: "GRUB_CMDLINE_XEN_DEFAULT=\"\(tunedArgs)\"")
        inputs.files[GrubConfig.path] = try GrubFixture.grubCfg(xenArgs: tunedArgs)
        inputs.files[GrubEnvironment.path] = try String(contentsOfFile: GrubFixture.directory + "/grubenv", encoding: .utf8)
        inputs.files[XlConf.path] = try f("etc/xen-xl.conf").replacing("#autoballoon=\"auto\"", with: "autoballoon=\"off\"")
        inputs.directories[CheckInputs.xenDirectory] = ["xl.conf", "scripts"]
        inputs.files[CheckInputs.meminfoPath] = try f("credit2/proc-meminfo.txt")
        inputs.files[CheckInputs.vmstatPath] = try f("credit2/proc-vmstat.txt")
        inputs.processes = [.init(pid: 1, name: "systemd"), .init(pid: 300, name: "oxenstored"), .init(pid: 412, name: "dom0tuned")]
        inputs.toolstack["info"] = .exited(status: 0, stdout: try f("credit2/xl-info.txt"), stderr: "")
        inputs.toolstack["list"] = .exited(status: 0, stdout: try f("credit2/xl-list.txt"), stderr: "")
        inputs.toolstack["vcpu-list"] = .exited(status: 0, stdout: try f("credit2/xl-vcpu-list.txt"), stderr: "")
        inputs.observedWeight = .init(scheduler: .credit2, weight: 256, source: "xl list -l 0")
        return CheckScenario(inputs: inputs)
    }

    var results: [CheckResult] { AuditChecks.runAll(inputs) }
    var flagged: Set<String> { Set(results.filter { $0.severity != .ok }.map(\.id)) }
    func result(_ id: CheckID) -> CheckResult { AuditChecks.run(id, inputs) }

    /// Replaces the running Xen command line (xl info's `xen_commandline`).
    mutating func setRunning(_ args: String) throws {
        let info = try XenFixtures.text("credit2/xl-info.txt")
            .replacing(Self.tunedArgs + " ", with: args + " ")
        inputs.toolstack["info"] = .exited(status: 0, stdout: info, stderr: "")
    }

    /// Sets the same Xen arguments in the running command line, grub.cfg and the GRUB defaults.
    mutating func setEverywhere(_ args: String) throws {
        try setRunning(args)
        inputs.files[GrubConfig.path] = try GrubFixture.grubCfg(xenArgs: args)
        setConfigured(args)
    }

    mutating func setConfigured(_ args: String) {
        inputs.files[GrubDefaults.xenDropInPath] = inputs.files[GrubDefaults.xenDropInPath]!
            .replacing("GRUB_CMDLINE_XEN_DEFAULT=\"\(Self.tunedArgs)\"", with: "GRUB_CMDLINE_XEN_DEFAULT=\"\(args)\"")
    }

    mutating func setXl(_ arguments: String, _ stdout: String) {
        inputs.toolstack[arguments] = .exited(status: 0, stdout: stdout, stderr: "")
    }

    mutating func addGuestConfig(_ name: String, _ text: String, auto: Bool = false) {
        let directory = auto ? CheckInputs.xenAutoDirectory : CheckInputs.xenDirectory
        inputs.directories[directory, default: []].append(name)
        inputs.files[directory + "/" + name] = text
    }
}
