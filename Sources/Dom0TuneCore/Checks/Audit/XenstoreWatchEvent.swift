/// What a line printed by `xenstore-watch PATH…` means to the checks. `xenstore-watch`
/// prints each watched path once when its watch is registered, then one line (the path
/// that fired) per event.
public enum XenstoreWatchEvent: Sendable, Equatable {
    /// A domain appeared or went away: re-read `xl list` and `xl vcpu-list`.
    case domainsChanged
    /// dom0's memory target changed: re-read `xl list`.
    case dom0MemoryChanged
    /// Anything else (a path below a watched one…): ignored.
    case ignored

    /// The paths the daemon watches (one `xenstore-watch` process for all).
    public static let watchedPaths = ["@introduceDomain", "@releaseDomain", "/local/domain/0/memory/target"]

    public init(line: some StringProtocol) {
        let path = line.trimmingBlanks()
        if path == "@introduceDomain" || path == "@releaseDomain" {
            self = .domainsChanged
        } else if path.hasPrefix("/local/domain/0/memory/target") {
            self = .dom0MemoryChanged
        } else {
            self = .ignored
        }
    }

    /// The xl commands to re-run, and so the checks they feed.
    public var xlCommands: [[String]] {
        switch self {
        case .domainsChanged: [["list"], ["vcpu-list"]]
        case .dom0MemoryChanged: [["list"]]
        case .ignored: []
        }
    }
}
