import ArgumentParser
import Dom0TuneCore

struct Memory: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show dom0's swap traffic, memory pressure and recent swap episodes.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.memory), human: ControlText.fields)
    }
}
