/// Stable journal `MESSAGE_ID`s of the key events. Each is explained, with its
/// remedy, in `packaging/systemd/dom0tuned.catalog` (`journalctl -x` shows it).
/// Never change an id once released: monitoring matches on it.
public enum MessageID {
    public static let weightApplied = "486da519d3bb4f00a77ef1f723734c98"
    public static let driftRestored = "5e7e88cc0e924b7cab38fcee8b1ca1f9"
    public static let applyFailed = "0f9f58ebdd2d465093fcd00eac39cb28"
    public static let schedulerWithoutWeight = "3501743a1cc54403a987e3f61004c429"
    public static let notDom0 = "2b22151ab93d4fe7a760ca3057d50355"
    public static let configRejected = "69fb0be964ee4ca28c0d69620a4dc622"
    public static let toolstackUnavailable = "da2cc0b5c1f54b4ebc2fd12ee1dadefe"
    public static let controlSocketUnavailable = "57084d3650f1451cb3ca47d0904866ac"
    /// dom0 started swapping (warning).
    public static let swapEpisodeStarted = "92eed0019f42461f811c04239a21c206"
    /// A swap episode ended (info).
    public static let swapEpisodeEnded = "42816826b6484d13a2d7e1da374b98e5"

    // Audit checks: logged when a check's severity changes (CheckID.messageID).
    public static let checkHostDom0 = "c028a079b89f414594432119281b3a16"
    public static let checkSchedWeight = "ef5b0eaf9355498fb0c55cc83bf61f41"
    public static let checkBootCmdlinePending = "938570d7516f4b55a3472fcbd2583da7"
    public static let checkBootDefaultEntry = "7a7949a55cd0424ab80cec77ac6b1f39"
    public static let checkMemDom0Mem = "cade7359f7194e38bf718e07f72f1f7b"
    public static let checkMemDom0Actual = "b320aa63106d40f3a9af2704d794f929"
    public static let checkMemAutoballoon = "23aad9f05c504f84ba9a9ea506140fc9"
    public static let checkCpuDom0Vcpus = "7c5d189f51ea4619b667f3a910c1208c"
    public static let checkCpuDom0Pin = "a730d58c8a5e4ad5a9dbd43922e1bfa1"
    public static let checkCpuGuestOverlap = "6c83f590dc04477a9a5f556b042f66a0"
    public static let checkMemSwap = "e2585aeac80f49dd9459dddb0968274b"
    public static let checkConflictActors = "3a2b876a381f418f9b00db37a3705fa1"
}
