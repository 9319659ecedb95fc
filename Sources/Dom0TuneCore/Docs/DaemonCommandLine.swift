/// The daemon's command line as users see it: one table that both `dom0tuned --help`
/// and `dom0tuned(8)` are rendered from (``DocumentationRenderer``), so they agree.
/// Parsing lives with the executable; keep this table in step with it.
public enum DaemonCommandLine {
    /// One option or command: how it is written (placeholders in upper case) and what it does.
    public struct Entry: Sendable {
        public var usage: String
        public var help: String
    }

    /// The forms of invocation, without the program name.
    public static let synopsis = [
        "[--config FILE] [--root DIR]",
        "check [--json] [--config FILE] [--root DIR]",
        "--version",
        "--help",
    ]

    public static let description = """
        dom0tuned keeps a Xen dom0 tuned the way the Xen Project advises: it gives dom0 a \
        larger scheduler weight than its guests and keeps it there, audits dom0's fixed memory \
        (dom0_mem, autoballoon) and its dedicated, pinned vCPUs, and watches dom0 for swapping \
        and memory pressure. It reports through sd_notify and the journal and answers dom0ctl.
        """

    public static let options: [Entry] = [
        Entry(
            usage: "--config FILE",
            help: """
                Read FILE instead of /etc/dom0tuned.conf, and the drop-ins in FILE.d/*.conf \
                instead of /etc/dom0tuned.conf.d/*.conf.
                """),
        Entry(
            usage: "--root DIR",
            help: """
                Read /proc, /sys, /etc, /run and /boot below DIR instead of /, to audit a \
                captured tree or to test. The toolstack is still run as configured.
                """),
        Entry(usage: "--version", help: "Print the version and exit."),
        Entry(usage: "--help", help: "Print this help and exit."),
    ]

    public static let commands: [Entry] = [
        Entry(
            usage: "check [--json]",
            help: """
                Run every check once, print each result with its evidence and remedy (with \
                --json: one JSON document, the shape dom0ctl check --json prints) and exit \
                with the worst severity: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Changes \
                nothing and needs no running daemon.
                """),
    ]
}
