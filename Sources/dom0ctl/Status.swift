import ArgumentParser
import Dom0TuneCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "Show dom0's weight, the scheduler, drift, the checks that need attention and memory.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.status), human: ControlText.status)
    }
}
