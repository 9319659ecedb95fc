import Foundation

/// Real captures from /work/shared/fixtures (beside the clone: `<repo>/../shared`).
enum MemoryFixture {
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Memory, Dom0TuneCoreTests, Tests, <repo>
        return url.deletingLastPathComponent().appendingPathComponent("shared/fixtures/xen-4.17-debian12/credit2").path
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }
}

extension MemoryFixture {
    /// A file of this repository, by its path from the top.
    static func repositoryText(_ path: String) throws -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return try String(contentsOfFile: url.path + "/" + path, encoding: .utf8)
    }
}
