import Glibc

/// glibc's malloc gives every thread that allocates an arena of its own, a few hundred
/// KiB resident each. The daemon's threads (state queue, control loop, ticker, journal)
/// allocate little and rarely at the same time: one arena is enough, and saves about
/// 280 KiB of the idle daemon's RSS (scripts/bench-footprint.sh).
public enum MallocArenas {
    /// `M_ARENA_MAX` from <malloc.h>, which Swift's Glibc module does not export.
    private static let arenaMax: Int32 = -8

    /// Call before the first thread starts. Returns whether glibc took it.
    @discardableResult
    public static func limitToOne() -> Bool {
        // mallopt is not visible through the Glibc module either: look it up.
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        return mallopt(arenaMax, 1) == 1
    }
}
