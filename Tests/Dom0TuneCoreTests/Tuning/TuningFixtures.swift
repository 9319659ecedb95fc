import Foundation
import Testing
@testable import Dom0TuneCore

/// Toolstack outcomes built from the real captures (see `XenFixtures`), and small,
/// documented edits of them for states the capture host was not in.
enum Captured {
    /// `xl list -l 0` on the credit2 host (weight 256, cap 0).
    static func listLong() throws -> String { try XenFixtures.text("credit2/xl-list-l-0.json") }

    /// The credit2 capture of `xl list -l 0` with the scheduler name and weight edited: the
    /// credit host's capture has no `xl list -l`, and libxl prints the same JSON there apart
    /// from `sched_params.sched`.
    static func listLong(scheduler: String = "credit2", weight: Int? = 256) throws -> String {
        var text = try listLong()
        text = text.replacingOccurrences(of: #""sched": "credit2""#, with: #""sched": "\#(scheduler)""#)
        if let weight {
            text = text.replacingOccurrences(of: #""weight": 256"#, with: #""weight": \#(weight)"#)
        } else {
            text = text.replacingOccurrences(of: "\"weight\": 256,\n", with: "")
        }
        return text
    }

    /// `xl sched-credit2 -d Domain-0` (or the credit host's `xl sched-credit -d Domain-0`),
    /// with Domain-0's weight and cap edited in place (right-aligned as xl prints them).
    static func schedTable(_ scheduler: XenScheduler = .credit2, weight: Int = 256, cap: Int = 0) throws -> String {
        let path = scheduler == .credit ? "credit/xl-sched-credit-d-Domain-0.txt" : "credit2/xl-sched-credit2-d-Domain-0.txt"
        let text = try XenFixtures.text(path)
        let w = String(weight), c = String(cap)
        let row = String(repeating: " ", count: max(1, 7 - w.count)) + w + String(repeating: " ", count: max(1, 5 - c.count)) + c
        #expect(text.contains("    256    0\n"))
        return text.replacingOccurrences(of: "    256    0\n", with: row + "\n")
    }

    /// `xl cpupool-list` on the credit2 host, optionally with Pool-0's scheduler renamed.
    static func cpupoolList(scheduler: String? = nil) throws -> String {
        let text = try XenFixtures.text("credit2/xl-cpupool-list.txt")
        guard let scheduler else { return text }
        return text.replacingOccurrences(of: "credit2", with: scheduler)
    }

    static func ok(_ stdout: String) -> ToolstackOutcome { .exited(status: 0, stdout: stdout, stderr: "") }

    /// A captured failure from `errors/NAME.{rc,stdout,stderr}`.
    static func error(_ name: String) throws -> ToolstackOutcome {
        let failure = try XenFixtures.failure(name)
        return .exited(status: failure.status, stdout: failure.stdout, stderr: failure.stderr)
    }

    /// xl 4.17's last line when libxl cannot start (xl.c: `cannot init xl context`, exit 1). Not
    /// captured (the capture host had Xen running); the libxl lines before it are illustrative.
    static let cannotInitContext = ToolstackOutcome.exited(
        status: 1, stdout: "",
        stderr: "xencall: error: Could not obtain handle on privileged command interface: No such file or directory\nlibxl: error: libxl.c:102:libxl_ctx_alloc: cannot open libxc handle: No such file or directory\ncannot init xl context\n"
    )

    /// The mismatch line xl prints, with the given names (the capture has credit2/credit).
    static func mismatch(running: String, requested: String) -> ToolstackOutcome {
        .exited(status: 1, stdout: "Name                                ID Weight  Cap\n",
                stderr: "libxl_domain_sched_params_get returned \(running) not \(requested).\n")
    }
}

/// Runs one cycle of a ``TuningStateMachine``, answering each command with the next
/// scripted outcome, and records the commands asked for.
struct TuningDriver {
    var machine: TuningStateMachine
    private(set) var commands: [[String]] = []
    private(set) var steps: [TuningStateMachine.Step] = []

    init(_ target: WeightTarget = WeightTarget(weight: 512)) {
        machine = TuningStateMachine(target: target)
    }

    /// Runs a cycle; returns its report, or nil (with a recorded issue) when the machine
    /// asked for more commands than were scripted or left outcomes unused.
    mutating func cycle(
        _ trigger: TuningStateMachine.Trigger, _ outcomes: [ToolstackOutcome],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> TuningStateMachine.Report? {
        commands = []
        steps = []
        var remaining = outcomes[...]
        var action = machine.begin(trigger)
        while true {
            switch action {
            case .finished(let report):
                #expect(remaining.isEmpty, "unused outcomes: \(remaining.count)", sourceLocation: sourceLocation)
                #expect(!machine.isBusy, sourceLocation: sourceLocation)
                return report
            case .run(let step, let arguments):
                commands.append(arguments)
                steps.append(step)
                guard let next = remaining.popFirst() else {
                    Issue.record("the machine asked for \(arguments) after the script ended", sourceLocation: sourceLocation)
                    return nil
                }
                #expect(machine.isBusy, sourceLocation: sourceLocation)
                action = machine.handle(next)
            }
        }
    }

    /// Brings the machine to "weight 512 in place on `scheduler`" with a startup cycle.
    mutating func startApplied(on scheduler: XenScheduler = .credit2) throws {
        let report = cycle(.startup, [
            Captured.ok(try Captured.listLong(scheduler: scheduler.name)),
            Captured.ok(""),
            Captured.ok(try Captured.schedTable(scheduler, weight: machine.target.weight, cap: machine.target.cap ?? 0)),
        ])
        #expect(report == .applied(scheduler: scheduler, weight: machine.target.weight, cap: machine.target.cap ?? 0, changed: true))
    }
}

enum Command {
    static let detect = ["list", "-l", "0"]
    static let pools = ["cpupool-list"]
    static func read(_ scheduler: XenScheduler) -> [String] { [scheduler.xlCommand!, "-d", "Domain-0"] }
    static func set(_ scheduler: XenScheduler, _ weight: Int, cap: Int? = nil) -> [String] {
        read(scheduler) + ["-w", String(weight)] + (cap.map { ["-c", String($0)] } ?? [])
    }
}
