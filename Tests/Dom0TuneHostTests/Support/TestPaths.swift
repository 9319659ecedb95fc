import Foundation

/// Paths the host tests need: the repository, the built binaries, the fake xl and
/// the shared real captures.
enum TestPaths {
    /// `<repo>` (this file is `<repo>/Tests/Dom0TuneHostTests/Support/TestPaths.swift`).
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The directory holding the built products (next to the test bundle).
    static let products: String = {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        // swift-testing may run from inside `<name>.xctest`; walk up to the build dir.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("dom0tuned").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.path
    }()

    static var daemon: String { products + "/dom0tuned" }
    static var client: String { products + "/dom0ctl" }
    static var fakeXl: String { repository + "/Tests/Dom0TuneHostTests/Fixtures/fake-xl" }
    static var fixtures: String { repository + "/../shared/fixtures/xen-4.17-debian12" }
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "dom0tuned-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: created)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }
}
