import ArgumentParser
import Dom0TuneCore

struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "Print the daemon's metrics in Prometheus text format.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let call = DaemonCall(options: options)
        call.print(try call.run(.metrics)) { $0.stringValue ?? $0.prettySerialized() + "\n" }
    }
}
