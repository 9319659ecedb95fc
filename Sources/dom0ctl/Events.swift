import ArgumentParser
import Dom0TuneCore

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",  // explicit: deriving it from the type name costs ~1 ms at start-up
        abstract: "Show recent events: weight applied, drift restored, severity changes, swap episodes.")

    @OptionGroup var options: GlobalOptions

    @Option(name: [.customShort("n"), .long], help: "Show at most this many of the newest events.")
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let call = DaemonCall(options: options)
        var args = JSONObject()
        if let limit { args["limit"] = .int(Int64(limit)) }
        call.print(try call.run(.events, args: args), human: ControlText.events)
    }
}
