import Foundation

/// The real captures in `<repo>/../shared/fixtures/xen-4.17-debian12`, found from this
/// file's path so the tests run from any working directory (CI puts `shared/` beside the clone).
enum XenFixtures {
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        // …/<repo>/Tests/Dom0TuneCoreTests/Toolstack/XenFixtures.swift
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/../shared/fixtures/xen-4.17-debian12"
    }()

    /// The text of a capture, e.g. `credit2/xl-info.txt`.
    static func text(_ relativePath: String) throws -> String {
        try String(contentsOfFile: root + "/" + relativePath, encoding: .utf8)
    }

    /// An `errors/NAME` case: exit status, stdout and stderr.
    static func failure(_ name: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let rc = try text("errors/\(name).rc").trimmingCharacters(in: .whitespacesAndNewlines)
        return (Int32(rc) ?? -1, try text("errors/\(name).stdout"), try text("errors/\(name).stderr"))
    }
}

/// Hostile inputs every parser must survive without trapping.
enum HostileInput {
    static let megabyteLine = String(repeating: "x", count: 1 << 20)
    static let hugeNumber = "99999999999999999999"
    static let binaryish = "\u{0}\u{1}\u{7F}\u{FFFD}ÿ\u{0}:\u{0} / \u{0}\t-\r\n\u{0}"
    static let all = [
        "", "\n", "\r\n", " \t ", megabyteLine, "\u{0}", binaryish, hugeNumber, "-1", ":", "=", "/", "-",
        "Name", "Name ID", "\u{FEFF}Name", String(repeating: "\n", count: 10_000),
    ]
}
