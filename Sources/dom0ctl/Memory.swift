import ArgumentParser
import Dom0TuneCore

struct Memory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "Show dom0's swap traffic, memory pressure and recent swap episodes.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.memory), human: ControlText.fields)
    }
}
