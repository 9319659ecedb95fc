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
}
