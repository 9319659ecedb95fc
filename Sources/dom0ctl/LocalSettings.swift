import Dom0TuneCore
import Glibc

/// The `[Control]` settings of the local configuration (`/etc/dom0tuned.conf` and its
/// drop-ins), so `dom0ctl` finds the socket the daemon uses. Unreadable or invalid files
/// fall back to the defaults: the daemon reports config problems, not the client.
struct LocalSettings {
    var socket: String
    var group: String

    static func load(mainPath: String = Config.defaultPath) -> LocalSettings {
        var sources: [ConfigSource] = []
        if let text = readFile(mainPath) { sources.append(ConfigSource(path: mainPath, text: text)) }
        for name in listDirectory(mainPath + ".d").sorted() where name.hasSuffix(".conf") {
            let path = mainPath + ".d/" + name
            if let text = readFile(path) { sources.append(ConfigSource(path: path, text: text)) }
        }
        let config = ConfigLoader.load(sources).config ?? Config()
        return LocalSettings(socket: config.control.socket, group: config.control.group)
    }

    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func listDirectory(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
