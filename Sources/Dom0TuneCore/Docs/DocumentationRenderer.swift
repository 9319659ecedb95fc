/// Renders dom0tuned's documents from the one description of its keys (``ConfigSchema``),
/// its command line (``DaemonCommandLine``) and its exit statuses (``DaemonExitStatus``):
/// the default `/etc/dom0tuned.conf`, the man pages `dom0tuned.conf(5)` and
/// `dom0tuned(8)`, and the daemon's `--help` text. Pure: the same input gives the same bytes.
///
/// The package build runs `dom0tuned --render-doc NAME` for each of ``documentNames``;
/// `packaging/dom0tuned.conf` is a committed copy of ``defaultConfig`` that a test keeps
/// equal (`scripts/regenerate-docs.sh` refreshes it).
public enum DocumentationRenderer {
    /// The names ``render(name:)`` accepts.
    public static let documentNames = ["dom0tuned.conf", "dom0tuned.conf.5", "dom0tuned.8"]

    /// The date printed in the man pages' footers. Bump it with the version when the
    /// documentation changes; it is not the build date, so builds are reproducible.
    public static let manualDate = "2026-11-28"

    /// A document by file name, or `nil` for a name not in ``documentNames``.
    public static func render(name: String) -> String? {
        switch name {
        case "dom0tuned.conf": defaultConfig
        case "dom0tuned.conf.5": configManPage
        case "dom0tuned.8": daemonManPage
        default: nil
        }
    }

    // MARK: - /etc/dom0tuned.conf

    /// The shipped `/etc/dom0tuned.conf`: every key commented out at its default, with its
    /// documentation above it, in the manner of systemd's `journald.conf`.
    public static var defaultConfig: String {
        var out = """
            #  This file is part of dom0tuned.
            #
            #  Every setting is shown commented out at its built-in default, with what it
            #  does. To change one, uncomment it here, or better, put the changed lines
            #  (with their [Section] header) in a drop-in file
            #  /etc/dom0tuned.conf.d/*.conf, which survives package upgrades untouched.
            #  Drop-ins are read in lexical order after this file; later settings win.
            #  An empty value (Key=) resets a key to its default.
            #
            #  Apply changes with "systemctl reload dom0tuned". See dom0tuned.conf(5).

            """
        for (section, documentation) in ConfigSchema.sectionDocumentation {
            out += "\n[\(section)]\n"
            out += commentBlock(documentation, indent: "# ")
            for key in ConfigSchema.keys where key.section == section {
                out += "\n"
                out += commentBlock(key.documentation, indent: "# ")
                out += commentBlock("Accepts: \(key.syntax).", indent: "# ")
                out += "#\(key.name)=\(key.defaultText)\n"
            }
        }
        return out
    }

    // MARK: - dom0tuned.conf(5)

    public static var configManPage: String {
        var out = manHeader(title: "DOM0TUNED.CONF", section: 5, manual: "dom0tuned.conf")
        out += """
            .SH NAME
            dom0tuned.conf, dom0tuned.conf.d \\- dom0tuned configuration
            .SH SYNOPSIS
            .PP
            .I /etc/dom0tuned.conf
            .br
            .I /etc/dom0tuned.conf.d/*.conf
            .SH DESCRIPTION
            .PP
            These files configure
            .BR dom0tuned (8),
            the daemon that keeps a Xen dom0 tuned. The syntax is that of systemd's
            configuration files: sections in brackets,
            .IB Key = Value
            assignments, and comment lines starting with
            .B #
            or
            .BR ; .
            A line ending in a backslash continues on the next line. Keys and section
            names are case\\-sensitive.
            .PP
            The main file is read first, then every
            .I *.conf
            file in
            .I /etc/dom0tuned.conf.d/
            in lexical order; a later assignment of a key overrides an earlier one.
            Local changes are best kept in a drop\\-in, which package upgrades leave
            alone. An empty assignment
            .RI ( Key= )
            resets the key to its default. The packaged
            .I /etc/dom0tuned.conf
            lists every key commented out at its default.
            .PP
            An unknown section or key is reported as a warning with its file and line,
            and ignored. An invalid value is an error: at start\\-up dom0tuned refuses to
            run (exit status 1); on reload
            .RB ( "systemctl reload dom0tuned" )
            it keeps the configuration it had.
            .PP
            Time spans are written as in systemd: a number with a unit such as
            .BR ms ,
            .BR s ,
            .BR min ,
            .BR h ,
            or several of them
            .RB ( "1min 30s" );
            a bare number means seconds. Booleans are
            .BR yes ,
            .BR true ,
            .BR on ,
            .B 1
            or
            .BR no ,
            .BR false ,
            .BR off ,
            .BR 0 .

            """
        for (section, documentation) in ConfigSchema.sectionDocumentation {
            out += ".SH \"[\(section.uppercased())] SECTION OPTIONS\"\n.PP\n"
            out += roffText(documentation) + "\n"
            for key in ConfigSchema.keys where key.section == section {
                out += ".TP\n.BI \(key.name)= \(roffQuoted(key.syntax))\n"
                out += roffText(key.documentation) + "\n"
                let shown = key.defaultText.isEmpty ? "unset" : key.defaultText
                out += ".br\nDefault: \\fB\(roffText(shown))\\fR\n"
            }
        }
        out += """
            .SH EXAMPLE
            .PP
            A weight of 1024 for dom0 and metrics for node_exporter's textfile collector,
            in
            .IR /etc/dom0tuned.conf.d/local.conf :
            .PP
            .RS 4
            .nf
            [Scheduler]
            Weight=1024

            [Metrics]
            TextfilePath=/var/lib/prometheus/node\\-exporter/dom0tuned.prom
            .fi
            .RE
            .PP
            Then run
            .BR "systemctl reload dom0tuned" .
            The unit's sandbox lets the daemon write only to the paths it names in
            .BR ReadWritePaths= ;
            a textfile elsewhere needs a drop\\-in for the unit
            .RB ( "systemctl edit dom0tuned" ).
            .SH SEE ALSO
            .PP
            .BR dom0tuned (8),
            .BR dom0ctl (1),
            .BR xl.conf (5),
            .BR systemd.syntax (7),
            .BR systemd.time (7)

            """
        return out
    }

    // MARK: - dom0tuned(8)

    public static var daemonManPage: String {
        var out = manHeader(title: "DOM0TUNED", section: 8, manual: "System Administration")
        out += """
            .SH NAME
            dom0tuned \\- keep a Xen dom0 tuned: scheduler weight, pinning, ballooning, swap
            .SH SYNOPSIS

            """
        for line in DaemonCommandLine.synopsis {
            out += ".B dom0tuned\n" + roffSynopsis(line) + "\n.br\n"
        }
        out += """
            .SH DESCRIPTION
            .PP
            \(roffText(DaemonCommandLine.description))
            .PP
            The daemon runs in the foreground under systemd
            .RB ( dom0tuned.service ),
            ordered after Xen's own start\\-up. At start it checks that it runs in the
            control domain, waits (bounded) until the toolstack answers, finds the
            scheduler of dom0's cpupool, applies dom0's weight with
            .B xl sched\\-credit2
            or
            .B xl sched\\-credit
            and reads it back, runs every check, and only then reports that it is ready.
            It then re\\-reads the weight every
            .B CheckIntervalSec=
            and restores it when something changed it, watches dom0 for swapping and
            memory pressure, and answers
            .BR dom0ctl (1)
            on its control socket. Every finding names its remedy: the file, the line
            or the command, and whether a reboot is needed.
            .PP
            It logs structured entries to the journal; key events carry a stable
            .B MESSAGE_ID
            explained by
            .BR "journalctl \\-x" .
            .SH OPTIONS

            """
        for option in DaemonCommandLine.options {
            out += ".TP\n" + roffSynopsis(option.usage) + "\n" + roffText(option.help) + "\n"
        }
        out += ".SH COMMANDS\n"
        for command in DaemonCommandLine.commands {
            out += ".TP\n" + roffSynopsis(command.usage) + "\n" + roffText(command.help) + "\n"
        }
        out += """
            .SH SIGNALS
            .TP
            .B SIGHUP
            Reload: tell systemd
            .B RELOADING=1
            (with
            .BR MONOTONIC_USEC= ),
            re\\-read the configuration, apply it, then send
            .BR READY=1 .
            An invalid configuration is logged with its file and line and the previous
            one stays in force.
            .B systemctl reload dom0tuned
            sends this signal.
            .TP
            .BR SIGTERM ", " SIGINT
            Send
            .BR STOPPING=1 ,
            remove the control socket and exit with status 0, also in the middle of
            applying settings. dom0's weight stays as it is in the hypervisor.
            .SH NOTIFICATIONS
            .PP
            When started by systemd with
            .BR Type=notify ,
            dom0tuned sends
            .B READY=1
            only once the weight is applied and read back and every check has run, so
            units ordered after it start on a tuned dom0. A one\\-line
            .B STATUS=
            (shown by
            .BR "systemctl status dom0tuned" )
            always says what it is doing or waiting for. When the unit sets
            .BR WatchdogSec= ,
            it sends
            .B WATCHDOG=1
            at half that interval. Without
            .B NOTIFY_SOCKET
            in its environment it sends nothing.
            .SH "EXIT STATUS"

            """
        for status in DaemonExitStatus.allCases {
            out += ".TP\n.B \(status.rawValue)\n" + roffText(status.summary) + "\n"
        }
        out += """
            .PP
            .B dom0tuned check
            exits instead with the status of its worst check, as monitoring plugins do:
            0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also when the checks cannot run).
            .SH ENVIRONMENT
            .TP
            .B NOTIFY_SOCKET
            Set by systemd for
            .B Type=notify
            services; where readiness and status are sent.
            .TP
            .BR WATCHDOG_USEC ", " WATCHDOG_PID
            Set by systemd when the unit has
            .BR WatchdogSec= .
            .TP
            .B JOURNAL_STREAM
            When it names the standard error stream, entries go to the journal with
            structured fields; otherwise plain lines are written to standard error.
            .TP
            .B PATH
            Where
            .BR xl ,
            .B xenstore\\-watch
            and
            .B xenstore\\-read
            are looked up unless the configuration gives absolute paths.
            .SH FILES
            .TP
            .I /etc/dom0tuned.conf
            .TQ
            .I /etc/dom0tuned.conf.d/*.conf
            The configuration; see
            .BR dom0tuned.conf (5).
            .TP
            .I /run/dom0tuned/control.sock
            The control socket used by
            .BR dom0ctl (1):
            read\\-only requests for root and the configured group, changes for root only.
            .TP
            .I /proc/xen/capabilities
            Tells whether this is dom0.
            .TP
            .I /lib/systemd/system/dom0tuned.service
            The unit; override settings with
            .BR "systemctl edit dom0tuned" .
            .TP
            .I /usr/lib/systemd/catalog/dom0tuned.catalog
            Explanations of the journal entries with a
            .BR MESSAGE_ID .
            .SH SEE ALSO
            .PP
            .BR dom0ctl (1),
            .BR dom0tuned.conf (5),
            .BR xl (1),
            .BR xl.conf (5),
            .BR xl\\-command\\-line (7),
            .BR systemd.service (5),
            .BR journalctl (1)

            """
        return out
    }

    // MARK: - --help

    /// The daemon's `--help` text (plain, 80 columns).
    public static var daemonUsage: String {
        var out = ""
        for (index, line) in DaemonCommandLine.synopsis.enumerated() {
            out += (index == 0 ? "Usage: " : "       ") + "dom0tuned " + line + "\n"
        }
        out += "\n" + wrap(DaemonCommandLine.description, width: 80, indent: "").joined(separator: "\n") + "\n"
        out += "\nOptions:\n"
        out += helpRows(DaemonCommandLine.options.map { ($0.usage, $0.help) })
        out += "\nCommands:\n"
        out += helpRows(DaemonCommandLine.commands.map { ($0.usage, $0.help) })
        out += "\nExit status:\n"
        out += helpRows(DaemonExitStatus.allCases.map { ("\($0.rawValue)", $0.summary) })
        out += "\nSee dom0tuned(8) and dom0tuned.conf(5).\n"
        return out
    }

    // MARK: - helpers

    private static func manHeader(title: String, section: Int, manual: String) -> String {
        """
        .\\" Generated by dom0tuned --render-doc from Sources/Dom0TuneCore; do not edit.
        .TH \(title) \(section) "\(manualDate)" "dom0tuned \(Dom0Tune.version)" "\(manual)"

        """
    }

    private static func helpRows(_ rows: [(String, String)]) -> String {
        var out = ""
        for (left, right) in rows {
            let head = "  " + left
            let body = wrap(right, width: 80, indent: String(repeating: " ", count: 24))
            if head.count <= 22 {
                var first = body.first ?? ""
                first.removeFirst(min(head.count, first.count))
                out += head + first + "\n"
                for line in body.dropFirst() { out += line + "\n" }
            } else {
                out += head + "\n"
                for line in body { out += line + "\n" }
            }
        }
        return out
    }

    /// Each paragraph (split at `\n`) of `text` as `indent`-prefixed lines of at most 80
    /// columns, blank lines between paragraphs written as a bare `#`.
    private static func commentBlock(_ text: String, indent: String) -> String {
        var out = ""
        for (index, paragraph) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += "#\n" }
            for line in wrap(String(paragraph), width: 80, indent: indent) { out += line + "\n" }
        }
        return out
    }

    /// Greedy word wrap; a word longer than the line stands on its own line.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var current = indent
        for word in text.split(separator: " ") {
            if current.count > indent.count && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent
            }
            if current.count > indent.count { current += " " }
            current += word
        }
        if current.count > indent.count {
            lines.append(current)
        } else if lines.isEmpty {
            // An empty paragraph: the indent without trailing blanks.
            var bare = Substring(indent)
            while bare.last == " " { bare.removeLast() }
            lines.append(String(bare))
        }
        return lines
    }

    /// Plain text as roff body text: backslashes escaped, non-ASCII as `\[uXXXX]`, and a
    /// leading `.` or `'` on a line protected by `\&` so it is not taken as a request.
    static func roffText(_ text: String) -> String {
        var out = ""
        var atLineStart = true
        for scalar in text.unicodeScalars {
            if atLineStart && (scalar == "." || scalar == "'") { out += "\\&" }
            atLineStart = scalar == "\n"
            switch scalar {
            case "\\": out += "\\e"
            case "\u{2013}": out += "\\(en"
            case "\u{2014}": out += "\\(em"
            case _ where scalar.value >= 0x80:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A macro argument in double quotes (a `"` inside is written `\(dq`).
    private static func roffQuoted(_ text: String) -> String {
        var escaped = ""
        for character in roffText(text) { escaped += character == "\"" ? "\\(dq" : String(character) }
        return "\"" + escaped + "\""
    }

    /// A synopsis fragment such as `check [--json] [--config FILE]`: literal words bold,
    /// upper-case placeholders italic, brackets and `|` roman, option dashes as `\-`.
    static func roffSynopsis(_ usage: String) -> String {
        var out = ""
        for word in usage.split(separator: " ") {
            var core = Substring(word)
            var before = "", after = ""
            while let first = core.first, "[(".contains(first) { before.append(first); core.removeFirst() }
            while let last = core.last, "])".contains(last) { after.insert(last, at: after.startIndex); core.removeLast() }
            var token = ""
            if core == "|" {
                token = "|"
            } else if !core.isEmpty {
                let isPlaceholder = core.allSatisfy { $0.isUppercase || $0 == "_" }
                let text = roffText(String(core)).replacingDashes()
                token = isPlaceholder ? "\\fI\(text)\\fR" : "\\fB\(text)\\fR"
            }
            if !out.isEmpty { out += " " }
            out += before + token + after
        }
        return out
    }
}

extension String {
    /// `-` written as roff's minus sign `\-`, as options must be (so they can be copied).
    fileprivate func replacingDashes() -> String {
        var out = ""
        for character in self { out += character == "-" ? "\\-" : String(character) }
        return out
    }
}
