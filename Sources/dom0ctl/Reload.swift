import ArgumentParser
import Dom0TuneCore

struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "Re-read /etc/dom0tuned.conf and apply it, as systemctl reload does (root only).")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.reload), human: ControlText.action)
    }
}
