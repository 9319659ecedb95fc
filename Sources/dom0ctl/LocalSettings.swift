import Dom0TuneCore
import Dom0TuneHost

/// The `[Control]` settings of the local configuration (`/etc/dom0tuned.conf` and its
/// drop-ins), so `dom0ctl` finds the socket the daemon uses. Unreadable or invalid files
/// fall back to the defaults: the daemon reports config problems, not the client.
struct LocalSettings {
    var socket: String
    var group: String

    static func load(mainPath: String = Config.defaultPath) -> LocalSettings {
        let sources = (try? ConfigFiles.read(mainPath: mainPath, requireMain: false)) ?? []
        let config = ConfigLoader.load(sources).config ?? Config()
        return LocalSettings(socket: config.control.socket, group: config.control.group)
    }
}
