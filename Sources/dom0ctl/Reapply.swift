import ArgumentParser
import Dom0TuneCore

struct Reapply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply dom0's scheduler weight now (root only).")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.reapply), human: ControlText.action)
    }
}
