import ArgumentParser
import Dom0TuneCore

struct Reapply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reapply",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "Apply dom0's scheduler weight now (root only).")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.reapply), human: ControlText.action)
    }
}
