import Glibc

/// Gives back the pages of the daemon's own executable that only start-up needed.
///
/// The kernel maps file pages in 64 KiB "fault-around" chunks, so running the start-up
/// code once leaves most of the binary's text resident although the idle loop touches
/// a few pages of it. `MADV_PAGEOUT` (Linux 5.4) reclaims the clean, file-backed pages
/// of those mappings; whatever the daemon runs later simply faults back in. Nothing
/// anonymous is touched. Failures are ignored: this only saves memory.
public enum StartupMemoryTrim {
    /// `MADV_PAGEOUT`, not exported by Swift's Glibc module.
    static let madvPageout: Int32 = 21

    /// Returns the number of bytes advised.
    @discardableResult
    public static func trimExecutableMappings() -> Int {
        guard let executable = readLink("/proc/self/exe"),
            let maps = try? RootedFileSystem.readFile(atPath: "/proc/self/maps")
        else { return 0 }
        var advised = 0
        for line in String(decoding: maps, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // address perms offset dev inode path; only read-only private file mappings
            guard fields.count >= 6, fields[5] == executable[...], fields[1].hasPrefix("r"),
                !fields[1].contains("w")
            else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16),
                end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start)
            else { continue }
            if madvise(pointer, Int(end - start), madvPageout) == 0 { advised += Int(end - start) }
        }
        return advised
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
