import ArgumentParser

/// `dom0ctl`: asks dom0tuned what it sees and tells it to act, over its control socket.
@main
struct Dom0ctl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dom0ctl",
        abstract: "Query and control dom0tuned, the Xen dom0 tuning daemon.",
        discussion: """
            Talks to dom0tuned over its control socket (protocol v1, docs/protocol.md). \
            Read-only commands need root or membership of the socket's group ([Control] Group=, \
            default adm); reapply and reload need root. Exit status: 0 success, 1 the daemon \
            refused or failed, 3 the daemon could not be reached; check exits 0/1/2/3 \
            (OK/WARNING/CRITICAL/UNKNOWN).
            """,
        subcommands: [Status.self, Check.self, Memory.self, Events.self, Reapply.self, Reload.self, Metrics.self]
    )
}
