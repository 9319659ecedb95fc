import ArgumentParser
import Dom0TuneCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show dom0's weight, the scheduler, drift, the checks that need attention and memory.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.status), human: ControlText.status)
    }
}
