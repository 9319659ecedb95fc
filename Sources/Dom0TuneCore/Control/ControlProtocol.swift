/// Constants of the control protocol that the daemon and `dom0ctl` share, the way
/// chrony's `candm.h` is shared by chronyd and chronyc.
///
/// Version history (also in `docs/protocol.md`):
/// - 1: first version: `status`, `check`, `memory`, `events`, `reapply`, `reload`, `metrics`.
public enum ControlProtocol {
    /// The version this build speaks and sends.
    public static let version = 1
    /// Every version this build answers.
    public static let supportedVersions = [1]
    /// Longest request line accepted, in bytes, without its newline.
    public static let maxRequestBytes = 64 * 1024
    /// A connection with no traffic for this long is closed.
    public static let idleTimeout: Duration = .seconds(5)
    /// Most connections at once; when full, the one idle the longest makes room.
    public static let maxClients = 64
}
