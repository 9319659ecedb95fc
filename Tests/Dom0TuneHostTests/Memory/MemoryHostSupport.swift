import Dispatch
import Foundation
import Logging
import Synchronization

/// A fake root with `proc/` files, removed when the test ends.
final class FakeProcTree {
    let root: String

    init() throws {
        var template = Array("\(NSTemporaryDirectory())/dom0tuned-memory-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        root = String(cString: made)
        try FileManager.default.createDirectory(atPath: root + "/proc/pressure", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `<root>/<path>` (path like `proc/vmstat`).
    func write(_ path: String, _ text: String) throws {
        try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(atPath: root + "/" + path) }

    /// The real captures of the credit2 host.
    func populateFromFixtures() throws {
        for (fixture, path) in [
            ("proc-vmstat.txt", "proc/vmstat"), ("proc-meminfo.txt", "proc/meminfo"),
            ("proc-pressure-memory.txt", "proc/pressure/memory"), ("proc-swaps.txt", "proc/swaps"),
        ] {
            try write(path, try String(contentsOfFile: Self.fixtures + "/" + fixture, encoding: .utf8))
        }
    }

    /// `/proc/vmstat` with just the swap counters.
    func setSwapCounters(in pagesIn: UInt64, out pagesOut: UInt64) throws {
        try write("proc/vmstat", "nr_free_pages 1000\npswpin \(pagesIn)\npswpout \(pagesOut)\n")
    }

    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }  // file, Memory, Dom0TuneHostTests, Tests, <repo>
        return url.path + "/shared/fixtures/xen-4.17-debian12/credit2"
    }()
}

/// Collects what a callback receives on the watch's queue.
final class Collected<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    var values: [Value] { storage.withLock { $0 } }
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
}

/// Open descriptors of this process whose target is `target` (`/proc/self/fd`).
func openDescriptors(to target: String) -> [Int32] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return names.compactMap { name in
        guard let fd = Int32(name),
            let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)"),
            link == target
        else { return nil }
        return fd
    }
}
